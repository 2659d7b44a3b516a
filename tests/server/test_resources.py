"""Dereferencing over the real release: every format, suffixes, format=, Vary/Link/ETag,
redirects, 404s, fragments, paging, the vocabulary, and the pages people read."""

from __future__ import annotations

import json
import re
import statistics
from collections import deque
from urllib.parse import unquote, urlsplit

import httpx
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import OWL

from forcelaw import jsonld
from forcelaw.formats import Kind, formats_for

BASE = "https://w3id.org/forcelaw/id/"
FL = rdflib.Namespace("https://w3id.org/forcelaw/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
KZ = URIRef(BASE + "state/KZ")
PASSAGE = "profile/KZ/passage/0026-0162"
SPARQL_JSON = "application/sparql-results+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDFLIB_NAMES = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


def parse(body: bytes, key: str, context: bytes | None = None) -> rdflib.Graph:
    """A response body as a graph (JSON-LD with its @context URL replaced by the document)."""
    if key == "jsonld":
        assert context is not None
        data = json.loads(body)
        data["@context"] = json.loads(context)["@context"]
        body = json.dumps(data).encode()
    graph = rdflib.Dataset() if key in ("trig", "nquads") else rdflib.Graph()
    graph.parse(data=body, format=RDFLIB_NAMES[key])
    if isinstance(graph, rdflib.Dataset):
        flat = rdflib.Graph()
        for s, p, o, _ in graph.quads():
            flat.add((s, p, o))
        return flat
    return graph


@pytest.mark.parametrize("fmt", formats_for(Kind.GRAPH), ids=lambda f: f.key)
def test_every_rdf_format_by_accept(site: TestClient, fmt: object) -> None:
    assert hasattr(fmt, "media_type")
    response = site.get("/id/state/KZ", headers={"Accept": fmt.media_type})  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.content_type  # type: ignore[attr-defined]
    # Accept picks the format; /id/ is also a Memento TimeGate, so Accept-Datetime matters too
    assert response.headers["vary"] == "Accept, accept-datetime"
    assert response.headers["content-location"] == f"/id/state/KZ.{fmt.suffix}"  # type: ignore[attr-defined]
    context = site.get("/context.jsonld").content
    graph = parse(response.content, fmt.key, context)  # type: ignore[attr-defined]
    assert (KZ, RDF.type, FL.State) in graph
    assert (KZ, FL.isoCode, Literal("KZ")) in graph
    # incoming links are part of the description, with their subjects' labels
    assert (URIRef(BASE + "profile/KZ"), FL.profileOf, KZ) in graph


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        ("ttl", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ],
)
def test_suffix_forces_the_format(site: TestClient, suffix: str, content_type: str) -> None:
    response = site.get(f"/id/state/KZ.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    vary = [v.strip() for v in response.headers.get("vary", "").split(",")]
    assert vary == ["accept-datetime"]  # the URL alone decides the format (not the edition)


def test_format_parameter_overrides_accept(site: TestClient) -> None:
    response = site.get("/id/state/KZ", params={"format": "ntriples"}, headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("application/n-triples")
    bogus = site.get("/id/state/KZ", params={"format": "pdf"})
    assert bogus.status_code == 406
    assert bogus.headers["content-type"] == "application/problem+json"


def test_browsers_get_html_and_machines_turtle(site: TestClient) -> None:
    page = site.get("/id/state/KZ", headers={"Accept": BROWSER})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-location"] == "/id/state/KZ.html"
    plain = site.get("/id/state/KZ", headers={"Accept": "*/*"})
    assert plain.headers["content-type"].startswith("text/turtle")
    refused = site.get("/id/state/KZ", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert "Accept" in refused.headers["vary"]


def vary_of(response: httpx.Response) -> list[str]:
    return [v.strip().lower() for v in response.headers.get("vary", "").split(",")]


def test_void_redirect_and_answers_name_what_they_vary_on(site: TestClient) -> None:
    page = site.get("/.well-known/void", headers={"Accept": BROWSER}, follow_redirects=False)
    assert page.status_code == 303 and "accept" in vary_of(page)
    turtle = site.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "accept" in vary_of(turtle)
    assert turtle.headers["content-location"] == "/.well-known/void?format=ttl"
    named = site.get(turtle.headers["content-location"], headers={"Accept": BROWSER})
    assert named.content == turtle.content and "content-location" not in named.headers
    for fmt in formats_for(Kind.GRAPH):
        answer = site.get("/.well-known/void", headers={"Accept": fmt.media_type})
        assert answer.headers["content-location"] == f"/.well-known/void?format={fmt.suffix}"
    refused = site.get("/.well-known/void", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "accept" in vary_of(refused)


def test_link_headers_name_alternates_and_licence(site: TestClient) -> None:
    link = site.get("/id/treaty/cat", headers={"Accept": "text/turtle"}).headers["link"]
    for fmt in (*formats_for(Kind.GRAPH), *formats_for(Kind.PAGE)):
        assert f'</id/treaty/cat.{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"' in link
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in link
    assert '</.well-known/void>; rel="describedby"' in link


def test_jsonld_uses_the_published_context(site: TestClient) -> None:
    response = site.get("/id/treaty/cat.jsonld")
    body = response.json()
    assert body["@context"] == "/context.jsonld"  # this server's, whatever the Host
    context = site.get("/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    assert context.json()["@context"]["fl"] == str(FL)
    nodes = {n["@id"]: n for n in body["@graph"]}
    assert nodes[BASE + "treaty/cat"]["@type"] == "fl:Treaty"
    turtle = parse(site.get("/id/treaty/cat.ttl").content, "turtle")
    assert (
        parse(response.content, "jsonld", context.content) == turtle
        or len(parse(response.content, "jsonld", context.content) ^ turtle) == 0
    )


def test_unknown_uri_is_404_as_problem_or_page(site: TestClient) -> None:
    machine = site.get("/id/state/XX", headers={"Accept": "text/turtle"})
    assert machine.status_code == 404
    assert machine.headers["content-type"] == "application/problem+json"
    assert machine.json()["type"].endswith("/not-found")
    assert "state/XX" in machine.json()["detail"]
    person = site.get("/id/state/XX", headers={"Accept": BROWSER})
    assert person.status_code == 404
    assert person.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Not found</h1>" in person.text
    assert site.get("/id/state/XX.jsonld").status_code == 404
    unsafe = site.get("/id/state/K%3EZ%20%7B", headers={"Accept": "text/turtle"})
    assert unsafe.status_code == 404
    assert site.get("/ontology.pdf").status_code == 404


def test_the_service_vocabulary_iri_reaches_its_definitions(site: TestClient) -> None:
    """``https://w3id.org/forcelaw/service#queryTimeout`` and the other limit terms are in a
    namespace whose document, ``/service``, was a 404."""
    gate = site.get("/service", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert (gate.status_code, gate.headers["location"]) == (303, "/sparql")
    described = site.get("/service", headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    graph = rdflib.Graph().parse(data=described.text, format="turtle")
    term = URIRef("https://w3id.org/forcelaw/service#queryTimeout")
    assert graph.value(term, rdflib.RDFS.isDefinedBy) == URIRef("https://w3id.org/forcelaw/service")
    assert graph.value(term, rdflib.RDFS.comment) is not None


def test_redirects(site: TestClient) -> None:
    def location(path: str, **headers: str) -> tuple[int, str]:
        response = site.get(path, headers=headers, follow_redirects=False)
        return response.status_code, response.headers.get("location", "")

    assert location("/id/state/KZ/") == (301, "/id/state/KZ")
    assert location("/id/state/KZ/?page=2") == (301, "/id/state/KZ?page=2")
    assert location("/id/") == (301, "/")
    assert location("/id") == (301, "/")
    assert location("/ontology/State") == (303, "/ontology#State")
    # the ontology's version IRI is the ontology (it was sent to a term "#0.1.0")
    ontology = rdflib.Graph().parse(data=site.get("/ontology.ttl").text, format="turtle")
    [version] = ontology.objects(URIRef("https://w3id.org/forcelaw/ontology"), OWL.versionIRI)
    path = str(version).removeprefix("https://w3id.org/forcelaw")
    assert path.startswith("/ontology/")
    assert location(path) == (303, "/ontology")
    assert location(path + ".9") == (303, "/ontology#" + path.removeprefix("/ontology/") + ".9")
    assert location("/.well-known/void", Accept=BROWSER) == (303, "/id/dataset")
    assert location("/dumps") == (301, "/dumps/")
    status, target = location("/sparql?query=ASK%7B%7D", Accept=BROWSER)
    assert (status, target) == (303, "/query?query=ASK%7B%7D")
    # machines asking the same URL get the answer, not the page
    assert (
        site.get("/sparql?query=ASK%7B%7D")
        .headers["content-type"]
        .startswith("application/sparql-results+json")
    )


def test_passage_document_holds_its_selector_fragments(site: TestClient) -> None:
    graph = parse(site.get(f"/id/{PASSAGE}.ttl").content, "turtle")
    position = URIRef(BASE + PASSAGE + "#position")
    quote = URIRef(BASE + PASSAGE + "#quote")
    assert graph.value(position, OA.start).toPython() == 26
    assert str(graph.value(quote, OA.exact)).startswith("Article 15(1)")
    page = site.get(f"/id/{PASSAGE}", headers={"Accept": BROWSER}).text
    assert 'id="position"' in page and 'id="quote"' in page
    assert "<mark>Article 15(1) of the 1995 Constitution" in page


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five incoming links a page: the fixture's state has a page 2 (it has under 100 links)."""
    from forcelaw.server import describe

    monkeypatch.setattr(describe, "INCOMING_PAGE", 5)


def test_incoming_links_are_paged(site: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from forcelaw.server import describe

    monkeypatch.setattr(describe, "INCOMING_PAGE", 30)
    profile = URIRef(BASE + "profile/KZ")
    pages = []
    for number in (1, 2, 3):
        graph = parse(site.get("/id/profile/KZ.nt", params={"page": str(number)}).content, "nt")
        pages.append({(s, p) for s, p, o in graph if o == profile})
    assert [len(p) for p in pages[:2]] == [30, 30] and 0 < len(pages[2]) <= 30
    assert not pages[0] & pages[1] and not pages[1] & pages[2]
    everything = parse(
        site.get(
            "/sparql",
            params={"query": f"CONSTRUCT {{ ?s ?p <{profile}> }} WHERE {{ ?s ?p <{profile}> }}"},
            headers={"Accept": "application/n-triples"},
        ).content,
        "nt",
    )
    assert pages[0] | pages[1] | pages[2] == {(s, p) for s, p, _ in everything}
    html = site.get("/id/profile/KZ", params={"page": "2"}, headers={"Accept": BROWSER}).text
    assert 'rel="prev" href="/id/profile/KZ?page=1"' in html
    assert 'rel="next" href="/id/profile/KZ?page=3"' in html
    assert f"Links 31–60 of {len(everything)}." in html
    assert site.get("/id/profile/KZ", params={"page": "0"}).status_code == 400
    past = site.get("/id/profile/KZ.nt", params={"page": "4"})  # the links end on page 3
    assert past.status_code == 404 and past.json()["type"].endswith("/not-found")
    assert f"{len(everything)} incoming links, 30 a page, pages 1 to 3" in past.json()["detail"]


@pytest.mark.parametrize("fmt", ["", ".ttl", ".nt", ".jsonld", ".html", "?format=nt&x=1"])
@pytest.mark.parametrize("page", ["2", "99", "100000"])
def test_a_page_past_the_last_is_a_404(site: TestClient, fmt: str, page: str) -> None:
    """Page 99 of a description with one page of links was a 200 of its own triples alone,
    as if the resource had 9,900 links more: a crawler following page numbers never ended."""
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{BASE}state/KZ> }}"
    rows = site.get("/sparql", params={"query": count}, headers={"Accept": SPARQL_JSON})
    total = int(rows.json()["results"]["bindings"][0]["n"]["value"])
    assert total <= 100  # one page of incoming links in the fixture
    glue = "&" if "?" in fmt else "?"
    accept = BROWSER if fmt in ("", ".html") else "application/problem+json"
    answer = site.get(f"/id/state/KZ{fmt}{glue}page={page}", headers={"Accept": accept})
    assert answer.status_code == 404
    assert f"page={page} is past the last page" in answer.text
    assert f"{total} incoming links, 100 a page, page 1." in answer.text
    assert site.get(f"/id/state/KZ{fmt}{glue}page=1", headers={"Accept": accept}).is_success


def test_page_two_of_nothing_is_nothing(site: TestClient) -> None:
    answer = site.get("/id/state/NOWHERE.ttl?page=2")
    assert answer.status_code == 404
    assert (
        answer.json()["detail"]
        == f"No resource <{BASE}state/NOWHERE> is described in this dataset."
    )


def test_ontology_and_its_terms(site: TestClient) -> None:
    page = site.get("/ontology", headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert 'id="State"' in page.text and 'id="about"' in page.text
    graph = parse(site.get("/ontology.ttl").content, "turtle")
    assert (FL.State, RDF.type, OWL.Class) in graph
    # a term IRI used on any page links to its anchor on /ontology
    state = site.get("/id/state/KZ", headers={"Accept": BROWSER}).text
    assert 'href="/ontology#State"' in state


def test_shapes(site: TestClient) -> None:
    turtle = site.get("/shapes.ttl")
    assert turtle.status_code == 200
    assert b"flsh:StateShape" in turtle.content
    page = site.get("/shapes", headers={"Accept": BROWSER}).text
    assert 'id="StateShape"' in page
    assert "&lt;b&gt;" in page and "<b>" not in page  # the message is text, not markup
    assert site.get("/shapes.jsonld").json()["@graph"]
    for suffix, fmt in (("nt", "nt"), ("rdf", "xml"), ("nq", "nquads"), ("trig", "trig")):
        answer = site.get(f"/shapes.{suffix}")
        assert answer.status_code == 200, suffix
        parsed = rdflib.Dataset().parse(data=answer.content, format=fmt)
        assert len(parsed) >= 5, suffix


def test_conditional_get_on_documents(site: TestClient) -> None:
    first = site.get("/id/state/KZ.ttl")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = site.get("/id/state/KZ.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    since = site.get("/id/state/KZ.ttl", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = site.get("/id/state/KZ.nt", headers={"If-None-Match": etag})
    assert other.status_code == 200  # each representation has its own tag


def test_a_page_names_itself_and_its_own_alternates(site: TestClient, small_pages: None) -> None:
    """Page 2's negotiated answer said Content-Location: /id/state/KZ.ttl (page 1's document)
    and linked page 1 in each format."""
    paged = site.get("/id/state/KZ?page=2", headers={"Accept": "text/turtle"})
    assert paged.headers["content-location"] == "/id/state/KZ.ttl?page=2"
    located = site.get(paged.headers["content-location"])
    assert located.status_code == 200 and located.content == paged.content
    first = site.get("/id/state/KZ.ttl")
    assert first.content != paged.content
    links = paged.headers["link"]
    for fmt in formats_for(Kind.GRAPH):
        assert f'</id/state/KZ.{fmt.suffix}?page=2>; rel="alternate"' in links
        assert f"</id/state/KZ.{fmt.suffix}>;" not in links


def test_format_parameter_names_the_document_it_chose(site: TestClient, small_pages: None) -> None:
    """``?format=nt`` is the document at ``.nt``: Content-Location says so (it said nothing),
    without ``Vary: Accept`` (Accept chose nothing)."""
    for url, located in (
        ("/id/state/KZ?format=nt", "/id/state/KZ.nt"),
        ("/id/state/KZ?format=turtle&page=2", "/id/state/KZ.ttl?page=2"),
        ("/ontology?format=nt", "/ontology.nt"),
        ("/shapes?format=nt", "/shapes.nt"),
        ("/id/state/KZ?format=bib", "/id/state/KZ.bib"),
    ):
        answer = site.get(url, headers={"Accept": "text/html"})
        assert answer.status_code == 200, url
        assert answer.headers["content-location"] == located, url
        assert "Accept" not in [v.strip() for v in answer.headers.get("vary", "").split(",")]
        assert site.get(located).content == answer.content, url
    assert "content-location" not in site.get("/id/state/KZ.nt").headers


def test_of_several_format_values_the_first_known_decides(site: TestClient) -> None:
    """As at /sparql (SPARQLWrapper sends several): ``format=nt&format=ttl`` was Turtle, the
    last value, and ``format=nt&format=bogus`` a 406."""
    for query, media_type in (
        ("format=nt&format=ttl", "application/n-triples"),
        ("format=bogus&format=ttl&format=nt", "text/turtle"),
        ("format=nt&format=bogus", "application/n-triples"),
        ("format=&format=jsonld", "application/ld+json"),
    ):
        answer = site.get(f"/id/state/KZ?{query}", headers={"Accept": "text/html"})
        assert answer.status_code == 200, query
        assert answer.headers["content-type"].startswith(media_type), query
    refused = site.get("/id/state/KZ?format=bogus&format=zz")
    assert refused.status_code == 406 and "'bogus'" in refused.json()["detail"]


LATER = "Fri, 01 Jan 2100 00:00:00 GMT"
EARLIER = "Mon, 01 Jan 2001 00:00:00 GMT"


@pytest.mark.parametrize(
    "url", ["/id/state/KZ", "/id/state/KZ.nt", "/id/state/KZ?page=2", "/id/state/KZ.bib"]
)
def test_a_failed_if_match_or_if_unmodified_since_is_a_412(
    site: TestClient, url: str, small_pages: None
) -> None:
    """RFC 9110 §13.1.1: the origin server evaluates them (documents ignored them: a 200)."""
    first = site.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    for failing in ({"If-Match": '"other"'}, {"If-Unmodified-Since": EARLIER}):
        refused = site.get(url, headers=failing)
        assert refused.status_code == 412, (url, failing)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/precondition-failed")
        assert refused.headers["etag"] == etag
    holding = {"If-Unmodified-Since": LATER}
    if not etag.startswith("W/"):  # If-Match compares strongly: a weak tag never matches
        holding["If-Match"] = f'"other", {etag}'
    assert site.get(url, headers=holding).status_code == 200
    assert site.get(url, headers={"If-Match": "*"}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/id/state/NOWHERE", "/id/state/NOWHERE?page=2", "/id/nowhere.bib"]
)
def test_conditionals_do_not_turn_a_missing_resource_into_a_304(site: TestClient, url: str) -> None:
    """An unknown IRI was a 304 to If-None-Match: * or a later If-Modified-Since (with an ETag
    of what does not exist): the 404 comes first (RFC 9110 §13.2.1)."""
    for headers in (
        {"If-None-Match": "*"},
        {"If-Modified-Since": LATER},
        {"If-Match": '"other"'},
        {"If-Unmodified-Since": EARLIER},
    ):
        answer = site.get(url, headers={"Accept": "text/turtle", **headers})
        assert answer.status_code == 404, (url, headers)
        assert "etag" not in answer.headers


def test_state_page_reads_like_the_profile(site: TestClient) -> None:
    page = site.get("/id/state/KZ", headers={"Accept": BROWSER}).text
    assert '<html lang="en">' in page
    assert '<a class="skip" href="#main">' in page and '<main id="main"' in page
    assert page.count("<h1>") == 1
    for section in ("Constitutional Provisions", "Treaty Adherence", "Caselaw"):
        assert re.search(rf"<h2 id=\"[a-z-]+\"><a class=\"section\"[^>]*>{section}</a></h2>", page)
    assert 'class="sentence" href="/id/profile/KZ/passage/0026-0162"' in page
    assert 'href="/id/adherence/KZ/cat"' in page  # a fact, linked under its sentence
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert data is not None
    schema = json.loads(data.group(1))
    assert schema["@type"] == "Country" and schema["name"] == "Kazakhstan"


def test_claim_page_shows_who_asserted_it_and_when(site: TestClient) -> None:
    page = site.get(
        "/id/claim/un-hrc/KZ/2016-concluding-observations/1", headers={"Accept": BROWSER}
    ).text
    assert "Human Rights Committee" in page
    assert '<time datetime="2016' in page
    assert "<mark>" in page  # the source passage, highlighted in its line


def test_home_page_indexes_states_treaties_bodies(site: TestClient) -> None:
    page = site.get("/", headers={"Accept": BROWSER}).text
    assert 'href="/id/state/KZ"' in page
    assert 'href="/id/treaty/cat"' in page
    assert 'href="/id/body/un-committee-against-torture"' in page


def test_the_whole_graph_is_browsable_from_the_home_page(site: TestClient) -> None:
    """Follow every local link from / (pages only): every resource page is reached, and each
    answers 200; the server time of each page is recorded."""
    seen: set[str] = set()
    queue = deque(["/"])
    times: list[float] = []
    while queue and len(seen) < 3000:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = site.get(path, headers={"Accept": BROWSER})
        assert response.status_code == 200, path
        times.append(float(response.headers["server-timing"].split("=")[1]))
        for href in re.findall(r'href="(/[^"#]*)', response.text):
            target = urlsplit(href).path
            page_link = target.startswith("/id/") and "." not in target.rsplit("/", 1)[-1]
            if page_link and target not in seen:
                queue.append(target)
    resources = {p for p in seen if p.startswith("/id/")}
    subjects = site.get(
        "/sparql",
        params={
            "query": f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}')) }}"
        },
        headers={"Accept": "text/csv"},
    ).text.split("\r\n")[1:]
    expected = {"/id/" + s.removeprefix(BASE).split("#")[0] for s in subjects if s}
    missing = expected - resources
    assert not missing, sorted(missing)[:10]
    again = sorted(
        float(site.get(p, headers={"Accept": BROWSER}).headers["server-timing"].split("=")[1])
        for p in sorted(seen)
    )
    times.sort()
    print(
        f"crawled {len(seen)} pages: first render median {statistics.median(times):.1f} ms, "
        f"p90 {times[int(len(times) * 0.9)]:.1f} ms, max {times[-1]:.1f} ms; "
        f"again median {statistics.median(again):.1f} ms, max {again[-1]:.1f} ms"
    )
    assert statistics.median(again) < 20


def test_hostile_literal_is_text_on_a_page(client: TestClient) -> None:
    """The fixture provision's text holds <script>: the page shows it, escaped, everywhere."""
    page = client.get(
        "/id/instrument/KZ/constitution-1995/art-17/para-1", headers={"Accept": BROWSER}
    )
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    jsonld_blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S
    )
    assert jsonld_blocks and all("</" not in block for block in jsonld_blocks)


def test_compact_iri_prefers_the_longest_namespace() -> None:
    assert jsonld.compact_iri(str(FL.State)) == "fl:State"
    assert jsonld.compact_iri("http://example.org/x") == "http://example.org/x"


NOT_IRIS = ("%ZZ", "%FF", "%25", "%5B", "%EF%BF%BE", "K%5DZ", "K%23Z%23", "%EE%80%80")
WHEN = {"Accept-Datetime": "Thu, 01 Jan 2026 00:00:00 GMT"}


@pytest.mark.parametrize("tail", NOT_IRIS)
def test_a_path_the_engine_would_not_parse_is_404_not_a_query_error(
    site: TestClient, tail: str
) -> None:
    """Bad percent-encoding, "[", a second "#", noncharacters and private-use characters are
    no IRI this dataset mints: 404 as for any unsafe IRI, with and without Accept-Datetime,
    in the current edition and in a memento, and nothing about a query or its lines."""
    version = site.app.state.site.version  # type: ignore[attr-defined]
    for path in (f"/id/state/{tail}", f"/release/{version}/id/state/{tail}"):
        for headers in ({"Accept": "text/turtle"}, {"Accept": "text/turtle", **WHEN}):
            response = site.get(path, headers=headers, follow_redirects=False)
            assert response.status_code == 404, (path, headers, response.text)
            problem = response.json()
            assert problem["type"].endswith("/not-found")
            assert "line" not in problem and "column" not in problem
            assert "query" not in problem["detail"].lower()


def test_a_non_latin1_path_is_percent_encoded_in_every_header(site: TestClient) -> None:
    """An IRI outside Latin-1 (a valid IRI, not in the dataset): the TimeGate answers 404 (no
    edition has a memento of it, so none is redirected to), and the Memento links an ``/id/``
    answer for such a path carries are URIs (RFC 3987 §3.1)."""
    from forcelaw.server.editions import timegate_links

    version = site.app.state.site.version  # type: ignore[attr-defined]
    for tail, encoded in (("%E2%82%AC", "%E2%82%AC"), ("%C3%BF", "%C3%BF")):
        plain = site.get(f"/id/state/{tail}", headers={"Accept": "text/turtle"})
        assert plain.status_code == 404
        gate = site.get(f"/id/state/{tail}", headers=WHEN, follow_redirects=False)
        assert gate.status_code == 404, gate.text
        assert "accept-datetime" in gate.headers["vary"].lower()
        link = timegate_links("/id/state/" + unquote(tail))
        assert f"</id/state/{encoded}>" in link and f"</timemap/id/state/{encoded}>" in link
        assert link.isascii()
        memento = site.get(f"/release/{version}/id/state/{tail}", headers={"Accept": "text/turtle"})
        assert memento.status_code == 404


def test_each_resource_has_one_url_and_an_encoded_delimiter_is_not_one(
    site: TestClient,
) -> None:
    """Spellings of KZ's URI (RFC 3986 §6.2.2) are sent to it; an encoded "/", "#" or "?"
    names another IRI (none of ours), never KZ, and never a redirect to itself. (httpx removes
    dot segments before it sends a request: ``test_http_paths`` has those.)"""
    version = site.app.state.site.version  # type: ignore[attr-defined]
    for spelled, query in (
        ("/id/state/%4B%5A", ""),
        ("/id/%73tate/KZ", "?format=nt"),
        ("/id/state/KZ//", "?format=nt"),
    ):
        moved = site.get(spelled + query, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (301, "/id/state/KZ" + query)
    memento = site.get(f"/release/{version}/id/state/%4B%5A", follow_redirects=False)
    assert memento.headers["location"] == f"/release/{version}/id/state/KZ"
    for other in (
        "/id/state%2FKZ",
        "/id/state/KZ%2F",
        "/id/state/KZ%2f/",
        "/id/state/KZ%23frag",
        "/id/state/KZ%3Fformat=nt",
        "/id/state/%2e%2e/state/KZ%2F",
    ):
        for accept in ("text/turtle", BROWSER):
            answer = site.get(other, headers={"Accept": accept}, follow_redirects=False)
            assert answer.status_code in (301, 404), other
            if answer.status_code == 301:  # only to the spelling that then answers 404
                target = answer.headers["location"]
                assert target.startswith("/id/") and target != other
                assert site.get(target, follow_redirects=False).status_code == 404
    lower = site.get("/id/state/%c3%84", follow_redirects=False)
    assert (lower.status_code, lower.headers["location"]) == (301, "/id/state/%C3%84")


def test_the_timegate_and_timemap_read_the_path_as_the_view_does(site: TestClient) -> None:
    """``state%2FKZ`` is no spelling of KZ's URI: no memento of KZ (the TimeGate redirected
    it to ``/release/V/id/state%2FKZ``, a 404) and no TimeMap of KZ."""
    for other in ("/id/state%2FKZ", "/id/state/KZ%23x", "/id/state/KZ%2F"):
        gate = site.get(other, headers=WHEN, follow_redirects=False)
        assert gate.status_code == 404, other
        assert site.get("/timemap" + other).status_code == 404, other
    moved = site.get("/id/state/%4B%5A", headers=WHEN, follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/id/state/KZ")
    gate = site.get("/id/state/KZ", headers=WHEN, follow_redirects=False)
    assert gate.status_code == 302
    timemap = site.get("/timemap/id/state/%4B%5A")
    assert timemap.status_code == 200 and "</id/state/KZ>" in timemap.text


def test_a_trailing_slash_is_sent_back_to_the_site_whatever_the_host(site: TestClient) -> None:
    """Starlette's own redirect named the Host header's host: Host: evil.example got
    Location: http://evil.example/sparql."""
    for path, target in (
        ("/sparql/", "/sparql"),
        ("/query/", "/query"),
        ("/releases/", "/releases"),
        ("/.well-known/void/", "/.well-known/void"),
        ("/ontology/", "/ontology"),
    ):
        moved = site.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (301, target)
    posted = site.post("/sparql/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert (posted.status_code, posted.headers["location"]) == (308, "/sparql")


def test_redirects_keep_the_path_as_the_client_encoded_it(site: TestClient) -> None:
    # Decoded and put back as it is, "%2541" would come back as "%41", which is "A" once decoded.
    moved = site.get("/id/state/KZ%2541/", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/id/state/KZ%2541")
    gate = site.get("/id/state/KZ", headers=WHEN, follow_redirects=False)
    assert gate.status_code == 302
    assert gate.headers["location"].endswith("/id/state/KZ")
    version = site.app.state.site.version  # type: ignore[attr-defined]
    memento = site.get(f"/release/{version}/id/state/KZ/", follow_redirects=False)
    assert memento.headers["location"] == f"/release/{version}/id/state/KZ"
    # a decoded "#" or "?" put back as it is would end the path there
    for version in ("a%23b", "a%3Fb"):
        edition = site.get(f"/release/{version}/", follow_redirects=False)
        assert edition.headers["location"] == f"/release/{version}/changes"


def test_an_article_cited_by_its_paragraphs_has_a_page_listing_them(site: TestClient) -> None:
    """/id/.../art-17 was 404: the article the profile cites as "Article 17(1)" and "17(2)" is a
    resource whose page and data list its paragraphs; an article never cited stays 404."""
    base = "https://w3id.org/forcelaw/id/instrument/KZ/constitution-1995"
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    data = site.get("/id/instrument/KZ/constitution-1995/art-17", headers={"Accept": "text/turtle"})
    assert data.status_code == 200
    graph = rdflib.Graph().parse(data=data.text, format="turtle")
    article = URIRef(f"{base}/art-17")
    parts = set(graph.objects(article, eli.has_part))
    assert parts == {URIRef(f"{base}/art-17/para-1"), URIRef(f"{base}/art-17/para-2")}
    assert set(graph.objects(article, eli.is_part_of)) == {URIRef(base)}
    page = site.get("/id/instrument/KZ/constitution-1995/art-17", headers={"Accept": BROWSER})
    assert page.status_code == 200
    for paragraph in ("para-1", "para-2"):
        assert f'href="/id/instrument/KZ/constitution-1995/art-17/{paragraph}"' in page.text
    assert "Article 17(2) of the Constitution" in page.text
    missing = site.get("/id/instrument/KZ/constitution-1995/art-18", headers={"Accept": BROWSER})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/id/state/KZ.jsonld?page=2", "*/*"),
        ("/id/state/KZ?page=2", BROWSER),
        ("/id/treaty/cat.jsonld", "*/*"),
        ("/id/treaty/cat", BROWSER),
        ("/ontology", BROWSER),
        ("/sparql", "text/turtle"),
        ("/query", BROWSER),
    ],
)
def test_a_body_never_repeats_the_host_header(
    site: TestClient, small_pages: None, path: str, accept: str
) -> None:
    """Host: evil.example on a page 2 gave "@context": "http://evil.example/context.jsonld",
    and the service description sd:endpoint <http://evil.example/sparql>: a shared cache that
    does not key on Host handed them to everyone. Bodies name the published site, as the
    static files do, or a path on this server, whoever the client says the server is."""
    plain = site.get(path, headers={"Accept": accept})
    hostile = site.get(path, headers={"Accept": accept, "Host": "evil.example"})
    assert plain.status_code == hostile.status_code == 200, path
    assert b"evil.example" not in hostile.content
    strip = re.compile(rb"\d+(\.\d+)? ?ms|urn:uuid:[0-9a-f]+")  # the page's own timing
    assert strip.sub(b"", hostile.content) == strip.sub(b"", plain.content)
    if "jsonld" in path:
        assert hostile.json()["@context"] == "/context.jsonld"
