"""JSON-LD's profile parameter over the real app: an expanded document when asked, the same
graph as the Turtle, its own entity tag, and a Content-Type that names its form."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from forcelaw.jsonld_forms import COMPACTED, EXPANDED, FLATTENED

KZ = "/id/state/KZ"


def profiled(*forms: str, q: str = "") -> str:
    return f'application/ld+json;profile="{" ".join(forms)}"{q}'


def turtle(site: TestClient, path: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=site.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
    return graph


@pytest.mark.parametrize("path", [KZ, "/ontology", "/.well-known/void"])
def test_an_expanded_document_is_the_same_graph(site: TestClient, path: str) -> None:
    response = site.get(path, headers={"Accept": profiled(EXPANDED)})
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        f'application/ld+json; profile="{EXPANDED}"; charset=utf-8'
    )
    assert "Accept" in response.headers["vary"]
    assert "content-location" not in response.headers  # the suffixed URL is the compacted one
    document = response.json()
    assert isinstance(document, list)  # expanded: no @context, every IRI whole
    assert all(not key.startswith("fl:") for node in document for key in node)
    graph = rdflib.Graph()
    graph.parse(data=response.content, format="json-ld")  # no context to fetch
    assert len(graph) > 0 and isomorphic(graph, turtle(site, path))


def test_the_expanded_answer_has_a_tag_of_its_own(site: TestClient) -> None:
    accept = {"Accept": profiled(EXPANDED)}
    expanded = site.get(KZ, headers=accept)
    compacted = site.get(KZ, headers={"Accept": "application/ld+json"})
    tag = expanded.headers["etag"]
    assert tag != compacted.headers["etag"]
    again = site.get(KZ, headers={**accept, "If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag
    # the compacted document's tag is not the expanded one's: the client gets the document
    other = site.get(KZ, headers={**accept, "If-None-Match": compacted.headers["etag"]})
    assert other.status_code == 200 and other.content == expanded.content
    head = site.head(KZ, headers=accept)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(expanded.content)


@pytest.mark.parametrize(
    ("forms", "named"),
    [((COMPACTED,), COMPACTED), ((FLATTENED,), FLATTENED), ((COMPACTED, FLATTENED), None)],
)
def test_a_compacted_or_flattened_document_says_so(
    site: TestClient, forms: tuple[str, ...], named: str | None
) -> None:
    response = site.get(KZ, headers={"Accept": profiled(*forms)})
    plain = site.get(KZ, headers={"Accept": "application/ld+json"})
    assert response.content == plain.content and "@context" in response.json()
    profile = named or " ".join(forms)
    assert f'profile="{profile}"' in response.headers["content-type"]


def test_without_a_profile_or_with_a_suffix_the_document_is_as_written(site: TestClient) -> None:
    plain = site.get(KZ, headers={"Accept": "application/ld+json"})
    assert plain.headers["content-type"] == "application/ld+json; charset=utf-8"
    suffixed = site.get(KZ + ".jsonld", headers={"Accept": profiled(EXPANDED)})
    assert suffixed.content == plain.content  # the URL names the compacted document
    assert "profile" not in suffixed.headers["content-type"]
    # a profile on a range the client prefers less does not decide
    mixed = f"application/ld+json, {profiled(EXPANDED, q=';q=0.5')}"
    assert site.get(KZ, headers={"Accept": mixed}).content == plain.content


def test_a_construct_says_it_is_expanded(site: TestClient) -> None:
    query = quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    for forms in ((EXPANDED,), (COMPACTED,)):
        response = site.get(f"/sparql?query={query}", headers={"Accept": profiled(*forms)})
        assert response.status_code == 200
        assert isinstance(json.loads(response.content), list)  # pyoxigraph writes it expanded
        assert f'profile="{EXPANDED}"' in response.headers["content-type"]


def test_the_expanded_answer_is_written_out_of_a_gzip_twin(site: TestClient) -> None:
    headers = {"Accept": profiled(EXPANDED), "Accept-Encoding": "gzip"}
    response = site.get(KZ, headers=headers)
    assert response.status_code == 200 and "content-encoding" not in response.headers
    assert isinstance(response.json(), list)
    assert int(response.headers["content-length"]) == len(response.content)


def test_a_client_naming_a_profile_still_resumes_a_dump(site: TestClient) -> None:
    headers = {"Accept": f"{profiled(EXPANDED)}, */*;q=0.1", "Range": "bytes=0-9"}
    response = site.get("/dumps/dataset.nq", headers=headers)
    assert response.status_code == 206 and len(response.content) == 10
    assert response.headers["content-range"].startswith("bytes 0-9/")
