"""Writes query answers in the registry's formats, within a row cap and a byte cap.

SELECT solutions are written here rather than by pyoxigraph's own serializer so that rows can be
counted as they are written: a result over a cap is an error (``ResultTooLarge``), never a silent
partial answer. A graph's triples are handed to pyoxigraph's writers as they come, counted, and
written into the same capped buffer; a boolean to pyoxigraph as it is. An answer its format
cannot carry (a character XML 1.0 cannot hold, a triple term in JSON-LD, one nested deeper than
the JSON and XML writers go) is an error too (``NotRepresentable``), never an ill-formed
document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any, cast
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from forcelaw.errors import NotRepresentable, ResultTooLarge
from forcelaw.formats import BY_KEY, FORMATS, Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
ITS_NS = "http://www.w3.org/2005/11/its"
# XML 1.0 §2.2 Char: what an XML 1.0 document can hold at all, even as a character reference.
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class CappedBuffer:
    """A bytes buffer that refuses to grow beyond ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise ResultTooLarge("bytes", self.max_bytes)
        self._parts.append(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush (pyoxigraph's writers call it when they end)."""

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def write_solutions(
    fmt: Format, variables: list[str], solutions: Iterable[Any], max_rows: int, max_bytes: int
) -> tuple[bytes, int]:
    """SELECT solutions in ``fmt``; returns the body and the number of rows."""
    out = CappedBuffer(max_bytes)
    rows = _capped(solutions, max_rows)
    writer = _WRITERS[fmt.key]
    try:
        count = writer(out, variables, rows)
    except RecursionError:
        # The JSON and XML writers nest a triple term's parts in its own object or element, and
        # so does the encoder: a term nested 900 deep (a run of BIND(TRIPLE(...)) builds one)
        # was a 500 internal error. CSV and TSV write it flat.
        raise NotRepresentable(
            fmt.label,
            "it holds a triple term nested deeper than this endpoint writes in it",
            _other_formats(fmt),
        ) from None
    return out.getvalue(), count


def write_boolean(fmt: Format, value: Any) -> bytes:
    """An ASK answer in ``fmt`` (pyoxigraph writes it)."""
    return bytes(value.serialize(format=fmt.oxigraph))


def write_triples(
    fmt: Format, triples: Iterable[Any], max_rows: int, max_bytes: int, prefixes: dict[str, str]
) -> tuple[bytes, int]:
    """CONSTRUCT/DESCRIBE triples in ``fmt``; each triple counts as a row.

    The writer is given the triples as they come and writes into a ``CappedBuffer``, so an answer
    over a cap stops where it passes it: collected whole first, a CONSTRUCT of a megabyte literal
    per triple grew to gigabytes before its size was looked at, and the query worker died at its
    memory cap (500 engine-crashed, the worker replaced) where the answer is 422."""
    out = CappedBuffer(max_bytes)
    rows = _GraphRows(_capped(triples, max_rows))
    usable = prefixes if fmt.key in ("turtle", "trig") else None
    try:
        # A writable object is all pyoxigraph's writers need of their output: write and flush.
        ox.serialize(rows, cast(IO[bytes], out), format=fmt.rdf_format, prefixes=usable)
    except OSError:
        if fmt.key == "jsonld" and rows.triple_term:
            raise _no_triple_terms(fmt) from None
        raise
    body = out.getvalue()
    if fmt.key == "rdfxml":
        body = _well_formed_rdfxml(body, fmt)
        if len(body) > max_bytes:  # its CRs written as references
            raise ResultTooLarge("bytes", max_bytes)
    return body, rows.count


class _GraphRows:
    """Triples passed on to a writer, counted, noting whether any holds a triple term."""

    def __init__(self, triples: Iterable[Any]) -> None:
        self._triples = iter(triples)
        self.count = 0
        self.triple_term = False

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        triple = next(self._triples)
        self.count += 1
        self.triple_term = self.triple_term or _has_triple_term(triple)
        return triple


def serialize_graph(
    fmt: Format, triples: list[Any], prefixes: dict[str, str], graph: str | None = None
) -> bytes:
    """Triples in an RDF format; TriG and N-Quads put them in the named graph ``graph``, else in
    the default graph (pyoxigraph writes triples given to a dataset format there: the same bytes
    as quads in the default graph made one by one, which took six times as long as the writing)."""
    items = triples
    if graph is not None and fmt.is_dataset_format:
        name = ox.NamedNode(graph)
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    usable = prefixes if fmt.key in ("turtle", "trig") else None
    try:
        body = ox.serialize(items, format=fmt.rdf_format, prefixes=usable) or b""
    except OSError:
        if fmt.key == "jsonld" and any(_has_triple_term(t) for t in triples):
            raise _no_triple_terms(fmt) from None
        raise
    return _well_formed_rdfxml(body, fmt) if fmt.key == "rdfxml" else body


def _no_triple_terms(fmt: Format) -> NotRepresentable:
    return NotRepresentable(
        fmt.label,
        "it holds a triple term (RDF 1.2), which JSON-LD 1.1 cannot carry",
        _other_formats(fmt),
    )


def _has_triple_term(triple: Any) -> bool:
    return isinstance(triple.subject, ox.Triple) or isinstance(triple.object, ox.Triple)


def _other_formats(fmt: Format) -> tuple[str, ...]:
    """The media types of the other formats of ``fmt``'s kind (JSON first for results)."""
    return tuple(f.media_type for f in FORMATS if f.kind is fmt.kind and f is not fmt)


def _well_formed_rdfxml(body: bytes, fmt: Format) -> bytes:
    """pyoxigraph's RDF/XML, checked to be well-formed XML with namespaces, its CRs kept.

    The writer puts a character XML 1.0 cannot hold (U+0001, U+FFFE) into the text as it is, and
    a predicate IRI it cannot split into a namespace and an XML local name (``http://e/123``,
    ``http://e/``) becomes the element ``oxprefix:`` with an empty local name: both are
    ill-formed. Parsing the bytes with expat (namespaces on) catches exactly what a client's
    parser would refuse. A raw CR is well-formed but read back as LF (XML 1.0 §2.11), so it is
    written ``&#13;``; the writer puts a CR only inside a literal or an attribute value."""
    if b"\r" in body:
        body = body.replace(b"\r", b"&#13;")
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        bad = NOT_XML_CHAR.search(body.decode("utf-8", "replace"))
        if bad is not None:
            reason = f"it holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry"
        else:
            reason = (
                "a predicate IRI cannot be split into a namespace and an XML local name "
                f"(as one ending in a digit or '/' cannot; the XML parser says: {exc})"
            )
        raise NotRepresentable(fmt.label, reason, _other_formats(fmt)) from None
    return body


def _capped(items: Iterable[Any], max_rows: int) -> Iterator[Any]:
    for n, item in enumerate(items, start=1):
        if n > max_rows:
            raise ResultTooLarge("rows", max_rows)
        yield item


# --- JSON (https://www.w3.org/TR/sparql11-results-json/) -------------------------------------


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                # SPARQL 1.2 Query Results JSON Format, "Encoding RDF terms", as
                # https://w3c.github.io/sparql-results-json/spec/#select-encode-terms writes it:
                # { "type": "literal", "value": S, "xml:lang": L, "its:dir": B }.
                out["its:dir"] = term.direction.value
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {  # an RDF-star / RDF 1.2 triple term
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _write_json(out: CappedBuffer, variables: list[str], rows: Iterable[Any]) -> int:
    head = json.dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":"))
    out.write(('{"head":' + head + ',"results":{"bindings":[').encode())
    count = 0
    for row in rows:
        binding = {v: _json_term(t) for v in variables if (t := row[v]) is not None}
        text = json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
        out.write((b"," if count else b"") + text.encode())
        count += 1
    out.write(b"]}}")
    return count


# --- XML (https://www.w3.org/TR/rdf-sparql-XMLres/) -----------------------------------------


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
            if term.direction is not None:
                # SPARQL 1.2 Query Results XML Format, "Variable Binding Results", as
                # https://w3c.github.io/sparql-results-xml/spec/#vb-results writes it: the ITS
                # namespace declared on the literal itself, its:version="2.0", its:dir="ltr|rtl".
                attr += (
                    f' xmlns:its="{ITS_NS}" its:version="2.0"'
                    f" its:dir={quoteattr(term.direction.value)}"
                )
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{_edges_as_references(escape(term.value))}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


_EDGES = re.compile(r"^[ \t\n\r]+|[ \t\n\r]+$")


def _edges_as_references(text: str) -> str:
    """``text`` with the white space at its start and end written as character references.

    XML keeps white space in an element's text, but Oxigraph's results reader (pyoxigraph's
    ``parse_query_results``, an Oxigraph server calling this endpoint by SERVICE) trims it from
    the text between tags: " a " was read back as "a". A reference is kept by every reader
    (Oxigraph's own writer writes them so)."""
    return _EDGES.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)


def _write_xml(out: CappedBuffer, variables: list[str], rows: Iterable[Any]) -> int:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.write(
        f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head>{head}</head><results>'.encode()
    )
    count = 0
    for row in rows:
        cells = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v in variables
            if (t := row[v]) is not None
        )
        out.write(f"<result>{_xml_chars(cells)}</result>".encode())
        count += 1
    out.write(b"</results></sparql>")
    return count


XML_RESULTS_ALTERNATIVES = (BY_KEY["json"].media_type, BY_KEY["tsv"].media_type)


def _xml_chars(markup: str) -> str:
    """A result's markup with each CR written ``&#13;`` (a raw one is read back as LF, XML 1.0
    §2.11; ``quoteattr`` already wrote those in attributes, so any left is in text), or
    ``NotRepresentable`` if a term holds a character that no XML 1.0 document can carry."""
    bad = NOT_XML_CHAR.search(markup)
    if bad is not None:
        raise NotRepresentable(
            BY_KEY["xml"].label,
            f"a term holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry",
            XML_RESULTS_ALTERNATIVES,
        )
    return markup.replace("\r", "&#13;") if "\r" in markup else markup


# --- CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/) ---------------------------


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = str(term.value)
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(out: CappedBuffer, variables: list[str], rows: Iterable[Any]) -> int:
    out.write((",".join(_csv_cell(ox.Literal(v)) for v in variables) + "\r\n").encode())
    count = 0
    for row in rows:
        out.write((",".join(_csv_cell(row[v]) for v in variables) + "\r\n").encode())
        count += 1
    return count


def _tsv_cell(term: Any) -> str:
    """A term as a TSV cell holds it: in Turtle's syntax, a triple term as ``<<( s p o )>>``.

    Written with a stack, not by recursion: a triple term nested thousands deep (a run of
    BIND(TRIPLE(...)) builds one) is written flat, as TSV can carry it."""
    if term is None:
        return ""
    parts: list[str] = []
    pending: list[Any] = [term]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, ox.Triple):
            pending += (" )>>", item.object, " ", item.predicate, " ", item.subject, "<<( ")
        elif isinstance(item, ox.Literal):
            parts.append(_tsv_literal(item))
        else:
            parts.append(str(item))  # an IRI or a blank node, as N-Triples writes it
    return "".join(parts)


# What a Turtle string must escape, and nothing else, as the engine's own TSV writer does (the
# remote store's TSV answers are its). str() of a literal is its N-Triples form, which writes the
# other control characters and U+FFFE/U+FFFF as \uXXXX: valid Turtle, but rdflib's TSV results
# parser does not read such an escape, and refused the whole answer.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_literal(literal: Any) -> str:
    text = '"' + str(literal.value).translate(_TSV_ESCAPES) + '"'
    if literal.language:
        direction = f"--{literal.direction.value}" if literal.direction is not None else ""
        return f"{text}@{literal.language}{direction}"
    if literal.datatype.value != XSD_STRING:
        return f"{text}^^<{literal.datatype.value}>"
    return text


def _write_tsv(out: CappedBuffer, variables: list[str], rows: Iterable[Any]) -> int:
    out.write(("\t".join("?" + v for v in variables) + "\n").encode())
    count = 0
    for row in rows:
        out.write(("\t".join(_tsv_cell(row[v]) for v in variables) + "\n").encode())
        count += 1
    return count


_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
