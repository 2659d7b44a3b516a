"""A seeded corpus of SPARQL 1.1 queries over a release, each written in several spellings.

The differential test (``test_differential.py``) asks every query of the corpus through a live
``/sparql`` in each of its spellings and compares the answers with pyoxigraph asked directly on
the same dataset. A query is built here as tokens, not text, so that its spellings are made by
this module alone (never by the server's own lexer or canonical form, which they test): keyword
case, ``?x`` or ``$x``, an IRI written whole or as a prefixed name under one of several prefix
labels (escaped local names, ``PREFIX`` declared twice, unused prefixes), whitespace, comments
(holding quotes, ``<``, ``{`` and ``#``) and brackets written tight. What a spelling must never
change is the query: every spelling of one query must get the same answer, and the same entry
in the answer cache.

Constants (resources, predicates, classes, literals, graphs) are drawn from the dataset itself,
so the answers are mostly not empty.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from forcelaw.server.answer_cache import query_digest

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Keywords and function names: SPARQL reads them in any case.
KEYWORDS = frozenset(
    word
    for line in (
        "SELECT ASK CONSTRUCT DESCRIBE WHERE DISTINCT REDUCED FROM NAMED GRAPH OPTIONAL UNION",
        "MINUS FILTER BIND AS VALUES GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET NOT EXISTS",
        "IN UNDEF PREFIX BASE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG",
        "LANGMATCHES DATATYPE BOUND IRI URI BNODE ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE",
        "LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY",
        "HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512",
        "COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX",
        "SUBSTR REPLACE RAND",
    )
    for word in line.split()
)

# The namespaces a spelling may abbreviate, longest first (so the longest one is used).
NAMESPACES = (
    "https://w3id.org/forcelaw/ontology#",
    "https://w3id.org/forcelaw/id/graph/",
    "https://w3id.org/forcelaw/id/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2001/XMLSchema#",
    "http://www.w3.org/ns/oa#",
    "http://purl.org/dc/terms/",
    "http://rdfs.org/ns/void#",
    "http://data.europa.eu/eli/ontology#",
    "http://example.org/odd/",
)
# Prefix labels a spelling may give a namespace (PN_PREFIX: dots inside, non-ASCII letters).
LABELS = ("", "p", "fl", "x.y", "é", "ns1", "a-b", "ZZ", "ex")
# Local names written with a backslash (PN_LOCAL_ESC) when they are not name characters.
_LOCAL_ESCAPES = frozenset("_~.-!$&'()*+,;=/?#@%")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


@dataclass(frozen=True)
class Tok:
    """One token of a query: ``kw`` (keyword, any case), ``var`` (name), ``iri`` (the full IRI,
    written whole or prefixed) or ``raw`` (written exactly: literals, numbers, punctuation)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Entry:
    """One query of the corpus and how its answer is to be compared."""

    name: str
    tokens: tuple[Tok, ...]
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    ordered: bool = False  # the order of the rows is the query's (a total ORDER BY)
    cacheable: bool = True  # the answer cache may keep it (no BASE, NOW(), RAND(), ...)
    default_graphs: tuple[str, ...] = ()  # the protocol dataset (default-graph-uri)
    named_graphs: tuple[str, ...] = ()  # named-graph-uri
    prologue: str = ""  # written before any PREFIX, as is (BASE)
    gaps: bool = False  # every spelling but the plain one keeps white space before "("

    @property
    def names_dataset(self) -> bool:
        """Whether the query has a FROM or FROM NAMED clause of its own."""
        return any(t.kind == "kw" and t.text == "FROM" for t in self.tokens)

    def text(self) -> str:
        """The query in its plain spelling: upper-case keywords, ``?`` and whole IRIs."""
        return render(self, Spelling.plain())


@dataclass(frozen=True)
class Spelling:
    """How to write a query: each field one way two texts of the same query may differ."""

    keyword_case: str = "upper"  # upper, lower, title, mixed
    sigil: str = "?"
    labels: tuple[tuple[str, str], ...] = ()  # namespace -> prefix label; absent: whole IRIs
    separators: tuple[str, ...] = (" ",)
    tight: bool = False  # no space next to brackets
    extra_prefixes: bool = False  # unused and redeclared PREFIX lines
    prefix_keyword: str = "PREFIX"
    seed: int = 0

    @staticmethod
    def plain() -> Spelling:
        # Brackets tight: the engine's parser refuses "CONCAT (" (the server respells it).
        return Spelling(tight=True)

    @staticmethod
    def draw(rng: random.Random) -> Spelling:
        labels = list(LABELS)
        rng.shuffle(labels)
        namespaces = [n for n in NAMESPACES if rng.random() < 0.8]
        return Spelling(
            keyword_case=rng.choice(("upper", "lower", "title", "mixed")),
            sigil=rng.choice("?$"),
            labels=tuple(zip(namespaces, labels, strict=False)),
            separators=rng.choice(
                (
                    (" ",),
                    ("\n", "  ", "\t"),
                    (" ", "\n# a comment with \"quote' <iri> { and # again\n", " "),
                    ("\r\n", " \t ", "\n#\n"),
                )
            ),
            tight=rng.random() < 0.5,
            extra_prefixes=rng.random() < 0.5,
            prefix_keyword=rng.choice(("PREFIX", "prefix", "Prefix")),
            seed=rng.randrange(1 << 30),
        )


def render(entry: Entry, spelling: Spelling) -> str:
    """``entry`` written in ``spelling``."""
    rng = random.Random(spelling.seed)
    labels = dict(spelling.labels)
    used: dict[str, str] = {}
    words: list[str] = []
    for tok in entry.tokens:
        if tok.kind == "kw":
            words.append(_case(tok.text, spelling.keyword_case, rng))
        elif tok.kind == "var":
            words.append(spelling.sigil + tok.text)
        elif tok.kind == "iri":
            written = _prefixed(tok.text, labels)
            if written is None:
                words.append("<" + tok.text + ">")
            else:
                used[written[0]] = labels[written[0]]
                words.append(written[1])
        else:
            words.append(tok.text)
    prologue = []
    if spelling.extra_prefixes:
        # A label declared for something else first: the later declaration is the one in force.
        prologue += [
            f"{spelling.prefix_keyword} {label}: <http://example.org/unused/>"
            for label in used.values()
        ]
        prologue.append(f"{spelling.prefix_keyword} never: <http://example.org/never#>")
    prologue += [f"{spelling.prefix_keyword} {label}: <{ns}>" for ns, label in used.items()]
    body = _join(words, spelling, rng, entry.gaps and spelling != Spelling.plain())
    head = entry.prologue + ("\n" if entry.prologue else "")
    return head + "".join(p + rng.choice(spelling.separators) for p in prologue) + body


def _case(word: str, mode: str, rng: random.Random) -> str:
    if mode == "lower":
        return word.lower()
    if mode == "title":
        return word.title()
    if mode == "mixed":
        return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)
    return word.upper()


def _prefixed(iri: str, labels: dict[str, str]) -> tuple[str, str] | None:
    """(namespace, prefixed name) for ``iri`` under ``labels``, or None to write it whole."""
    for namespace in NAMESPACES:
        if iri.startswith(namespace) and namespace in labels:
            local = _local_name(iri[len(namespace) :])
            if local is not None:
                return namespace, f"{labels[namespace]}:{local}"
    return None


def _local_name(local: str) -> str | None:
    """``local`` as a PN_LOCAL (escaped where it must be), or None if it cannot be one."""
    out: list[str] = []
    i, last = 0, len(local) - 1
    while i < len(local):
        char = local[i]
        if _PERCENT.match(local, i):
            out.append(local[i : i + 3])
            i += 3
            continue
        if char in "-.":
            kept = i > 0 and (char == "-" or i < last)
            out.append(char if kept else "\\" + char)
        elif char == ":" or char == "_" or char.isalnum():
            out.append(char)
        elif char in _LOCAL_ESCAPES:
            out.append("\\" + char)
        else:
            return None
        i += 1
    return "".join(out)


_BRACKETS = frozenset("{}()")


def _join(words: Sequence[str], spelling: Spelling, rng: random.Random, gaps: bool = False) -> str:
    out: list[str] = []
    for i, word in enumerate(words):
        if i:
            before = words[i - 1]
            tight = spelling.tight and (word in _BRACKETS or before in _BRACKETS)
            if gaps and word == "(":
                tight = False
            out.append("" if tight else rng.choice(spelling.separators))
        out.append(word)
    return "".join(out)


# --- the corpus --------------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Constants drawn from a dataset: what the queries ask about."""

    subjects: list[str] = field(default_factory=list)
    predicates: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # predicates with IRI objects
    classes: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)  # plain or language-tagged lexical forms
    languages: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # integer lexical forms

    @staticmethod
    def of(store: ox.Store) -> Vocabulary:
        vocab = Vocabulary()
        subjects: set[str] = set()
        predicates: set[str] = set()
        links: set[str] = set()
        classes: set[str] = set()
        graphs: set[str] = set()
        strings: set[str] = set()
        languages: set[str] = set()
        numbers: set[str] = set()
        for quad in store:
            if isinstance(quad.subject, ox.NamedNode):
                subjects.add(quad.subject.value)
            predicates.add(quad.predicate.value)
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
            obj = quad.object
            if isinstance(obj, ox.NamedNode):
                links.add(quad.predicate.value)
                if quad.predicate.value == RDF_TYPE:
                    classes.add(obj.value)
            if isinstance(obj, ox.Literal):
                if obj.language:
                    languages.add(obj.language)
                    strings.add(obj.value)
                elif obj.datatype.value == XSD + "string":
                    strings.add(obj.value)
                elif obj.datatype.value == XSD + "integer":
                    numbers.add(obj.value)
        vocab.subjects = sorted(subjects)
        vocab.predicates = sorted(predicates)
        vocab.links = sorted(links)
        vocab.classes = sorted(classes)
        vocab.graphs = sorted(graphs)
        vocab.strings = sorted(s for s in strings if len(s) < 200)
        vocab.languages = sorted(languages) or ["en"]
        vocab.numbers = sorted(numbers, key=lambda n: (len(n), n)) or ["1"]
        return vocab


Template = Callable[[random.Random, Vocabulary], Entry]
TEMPLATES: list[Template] = []


def template(fn: Template) -> Template:
    TEMPLATES.append(fn)
    return fn


def corpus(store: ox.Store, seed: int, size: int) -> list[Entry]:
    """``size`` distinct queries over ``store``'s data, the same for the same seed and data."""
    vocab = Vocabulary.of(store)
    rng = random.Random(seed)
    entries: list[Entry] = []
    seen: set[tuple[object, ...]] = set()
    attempts = 0
    while len(entries) < size and attempts < size * 20:
        attempts += 1
        make = (
            TEMPLATES[len(entries) % len(TEMPLATES)] if attempts <= size else rng.choice(TEMPLATES)
        )
        entry = make(rng, vocab)
        # one query however written: "?s a <C>" is "?s rdf:type <C>" to the answer cache
        said = query_digest(entry.text()) or (entry.tokens, entry.prologue)
        identity = (said, entry.default_graphs, entry.named_graphs)
        if identity not in seen:
            seen.add(identity)
            entries.append(entry)
    return entries


def q(*parts: str | Tok | Iterable[Tok]) -> tuple[Tok, ...]:
    """Tokens from parts: a string is split on spaces (``<...>`` an IRI, ``?x`` a variable, a
    keyword a keyword, anything else written as is); a Tok (a literal) is kept whole."""
    out: list[Tok] = []
    for part in parts:
        if isinstance(part, Tok):
            out.append(part)
        elif isinstance(part, str):
            for word in part.split():
                if word.startswith("<") and word.endswith(">") and len(word) > 2:
                    out.append(Tok("iri", word[1:-1]))
                elif word.startswith("?") and len(word) > 1:
                    out.append(Tok("var", word[1:]))
                elif word.upper() in KEYWORDS and word.isupper():
                    out.append(Tok("kw", word))
                else:
                    out.append(Tok("raw", word))
        else:
            out.extend(part)
    return tuple(out)


def iri(value: str) -> Tok:
    return Tok("iri", value)


def lit(value: str, rng: random.Random, suffix: str = "") -> Tok:
    """A string literal written in one of SPARQL's four quotings, escaped as each needs."""
    style = rng.randrange(4)
    if style == 0:
        body = _escape(value, '"')
        return Tok("raw", f'"{body}"{suffix}')
    if style == 1:
        body = _escape(value, "'")
        return Tok("raw", f"'{body}'{suffix}")
    if style == 2 and not value.endswith('"') and '"""' not in value and "\\" not in value:
        return Tok("raw", f'"""{value}"""{suffix}')
    body = "".join(
        f"\\u{ord(c):04X}" if c.isalpha() and rng.random() < 0.2 and ord(c) < 0x10000 else c
        for c in _escape(value, '"')
    )
    return Tok("raw", f'"{body}"{suffix}')


def _escape(value: str, quote: str) -> str:
    table = {"\\": "\\\\", quote: "\\" + quote, "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(table.get(c, c) for c in value)


def _pick(rng: random.Random, items: Sequence[str], fallback: str) -> str:
    return rng.choice(items) if items else fallback


def _word(rng: random.Random, vocab: Vocabulary) -> str:
    words = [w for s in vocab.strings for w in re.findall(r"[A-Za-z]{4,}", s)]
    return _pick(rng, sorted(set(words)), "state")


def _lang_suffix(rng: random.Random, vocab: Vocabulary) -> str:
    return "@" + rng.choice(vocab.languages)


# --- templates: each covers a part of the language ---------------------------------------------


@template
def triple_lookup(rng: random.Random, v: Vocabulary) -> Entry:
    s = _pick(rng, v.subjects, "http://example.org/s")
    keyword = rng.choice(("", "DISTINCT ", "REDUCED "))
    return Entry(
        "lookup",
        q(f"SELECT {keyword}?p ?o WHERE {{ <{s}> ?p ?o }} ORDER BY ?p ?o"),
        "SELECT",
        ordered=False,
    )


@template
def typed_instances(rng: random.Random, v: Vocabulary) -> Entry:
    c = _pick(rng, v.classes, "http://example.org/C")
    verb = rng.choice(("a", f"<{RDF_TYPE}>"))
    return Entry("type", q(f"SELECT ?s WHERE {{ ?s {verb} <{c}> }}"), "SELECT")


@template
def property_path(rng: random.Random, v: Vocabulary) -> Entry:
    p1 = _pick(rng, v.predicates, RDF_TYPE)
    p2 = _pick(rng, v.predicates, RDF_TYPE)
    path = rng.choice(
        (
            f"<{p1}> / <{p2}>",
            f"<{p1}> | <{p2}>",
            f"^ <{p1}>",
            f"<{p1}> ?",
            f"( <{p1}> / <{p2}> ) *",
            f"<{p1}> +",
            f"! ( <{p1}> | ^ <{p2}> )",
            f"! <{p1}>",
            "( a / <http://www.w3.org/2000/01/rdf-schema#subClassOf> * )",
        )
    )
    s = _pick(rng, v.subjects, "http://example.org/s")
    subject = rng.choice((f"<{s}>", "?s"))
    return Entry(
        "path",
        q(f"SELECT DISTINCT ?o WHERE {{ {subject} {path} ?o }}"),
        "SELECT",
        ordered=False,
    )


@template
def subquery(rng: random.Random, v: Vocabulary) -> Entry:
    p = _pick(rng, v.predicates, RDF_TYPE)
    n = rng.randint(1, 9)
    return Entry(
        "subquery",
        q(
            f"SELECT ?s ?n WHERE {{ {{ SELECT ?s ( COUNT ( * ) AS ?n ) WHERE {{ ?s <{p}> ?o "
            f"FILTER ( ISIRI ( ?s ) ) }}"
            f" GROUP BY ?s }} FILTER ( ?n >= {n} ) }} ORDER BY DESC ( ?n ) ?s"
        ),
        "SELECT",
        ordered=True,
    )


@template
def values_block(rng: random.Random, v: Vocabulary) -> Entry:
    picks = rng.sample(v.subjects, min(3, len(v.subjects)))
    odd = rng.sample(
        [
            "http://example.org/odd/a.b",
            "http://example.org/odd/1",
            "http://example.org/odd/a-b",
            "http://example.org/odd/%41",
            "http://example.org/odd/-x",
            "http://example.org/odd/x.",
            "http://example.org/odd/a~b",
            "http://example.org/odd/_x",
            "http://example.org/odd/:x",
            "http://example.org/odd/a/b#c",
        ],
        3,
    )
    cells = " ".join(f"<{x}>" for x in picks + odd)
    form = rng.randrange(3)
    if form == 0:
        text = q(
            f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {cells} }} OPTIONAL {{ ?x "
            f"<http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"
        )
    elif form == 1:
        text = q(
            f"SELECT ?x ?y WHERE {{ VALUES ( ?x ?y ) {{ ( <{picks[0]}> UNDEF ) ( UNDEF 1 ) ( "
            f"{cells.split()[1]} 2.5 ) }} }}"
        )
    else:
        text = q(f"SELECT * WHERE {{ ?x ?p ?o }} VALUES ?x {{ {cells} }}")
    return Entry("values", text, "SELECT")


@template
def bind_functions(rng: random.Random, v: Vocabulary) -> Entry:
    p = rng.choice(
        [
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#prefLabel",
        ]
    )
    fn = rng.choice(
        (
            "UCASE ( ?o )",
            "LCASE ( ?o )",
            "STRLEN ( ?o )",
            "SUBSTR ( ?o , 2 , 5 )",
            q("STRBEFORE ( ?o ,", lit(" ", rng), ")"),
            'STRAFTER ( ?o , "o" )',
            "CONCAT ( ?o , '|' , LANG ( ?o ) )",
            "ENCODE_FOR_URI ( ?o )",
            "REPLACE ( ?o , '[aeiou]' , '_' )",
            q("REPLACE ( ?o ,", lit("(\\w+) (\\w+)", rng), ",", lit("$2 $1", rng), ")"),
            "MD5 ( STR ( ?o ) )",
            "SHA1 ( STR ( ?o ) )",
            "STRLANG ( STR ( ?o ) , 'fr' )",
            "STRDT ( STR ( ?o ) , <http://www.w3.org/2001/XMLSchema#token> )",
            "DATATYPE ( ?o )",
            "IF ( STRLEN ( ?o ) > 20 , 'long' , 'short' )",
            "COALESCE ( ?missing , ?o )",
            "IRI ( CONCAT ( 'http://example.org/odd/' , ENCODE_FOR_URI ( ?o ) ) )",
            "ISLITERAL ( ?o )",
            "STRSTARTS ( ?o , 'C' )",
            "CONTAINS ( LCASE ( ?o ) , 'law' )",
        )
    )
    return Entry(
        "bind",
        q(f"SELECT ?s ?v WHERE {{ ?s <{p}> ?o BIND (", fn, "AS ?v ) } ORDER BY ?s ?v"),
        "SELECT",
        ordered=False,
    )


@template
def aggregates(rng: random.Random, v: Vocabulary) -> Entry:
    agg = rng.choice(
        (
            "COUNT ( * )",
            "COUNT ( DISTINCT ?o )",
            "COUNT ( DISTINCT ?g )",
            "MIN ( STR ( ?o ) )",
            "MAX ( STR ( ?o ) )",
            "GROUP_CONCAT ( DISTINCT STR ( ?p ) ; SEPARATOR = '|' )",
            "SUM ( IF ( ISLITERAL ( ?o ) , 1 , 0 ) )",
            "AVG ( STRLEN ( STR ( ?o ) ) )",
        )
    )
    having = rng.choice(("", "HAVING ( COUNT ( * ) > 3 )", "HAVING ( COUNT ( ?o ) < 1000 )"))
    if "?g" in agg:
        return Entry(
            "aggregate",
            q(
                f"SELECT ?p ( {agg} AS ?a ) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?p "
                f"{having} ORDER BY ?p"
            ),
            "SELECT",
            ordered=True,
        )
    return Entry(
        "aggregate",
        q(f"SELECT ?p ( {agg} AS ?a ) WHERE {{ ?s ?p ?o }} GROUP BY ?p {having} ORDER BY ?p"),
        "SELECT",
        ordered=True,
    )


@template
def optional_minus_exists(rng: random.Random, v: Vocabulary) -> Entry:
    c = _pick(rng, v.classes, "http://example.org/C")
    p = _pick(rng, v.predicates, RDF_TYPE)
    body = rng.choice(
        (
            f"?s a <{c}> OPTIONAL {{ ?s <{p}> ?o }}",
            f"?s a <{c}> MINUS {{ ?s <{p}> ?o }}",
            f"?s a <{c}> FILTER NOT EXISTS {{ ?s <{p}> ?o }}",
            f"?s a <{c}> FILTER EXISTS {{ ?s <{p}> ?o }}",
            f"{{ ?s a <{c}> }} UNION {{ ?s <{p}> ?o }}",
            f"?s a <{c}> OPTIONAL {{ ?s <{p}> ?o FILTER ( ISIRI ( ?o ) ) }}",
        )
    )
    return Entry("optional", q(f"SELECT * WHERE {{ {body} }}"), "SELECT")


@template
def regex_filter(rng: random.Random, v: Vocabulary) -> Entry:
    word = _word(rng, v)
    pattern = rng.choice((word, word.lower(), "^" + word[:3], word[:4] + ".*", f"{word[:2]}\\\\w"))
    flags = rng.choice(("", "i", "s", "m", "x", "q", "is"))
    flag_part = [Tok("raw", ","), lit(flags, rng)] if flags else []
    return Entry(
        "regex",
        q(
            "SELECT ?s ?o WHERE { ?s ?p ?o FILTER ( ISLITERAL ( ?o ) && REGEX ( STR ( ?o ) ,",
            lit(pattern, rng),
            flag_part,
            ") ) } ORDER BY ?s ?o",
        ),
        "SELECT",
        ordered=False,
    )


@template
def languages(rng: random.Random, v: Vocabulary) -> Entry:
    lang = rng.choice([*v.languages, "EN", "*", "en-GB", ""])
    test = rng.choice(
        (
            q("LANGMATCHES ( LANG ( ?o ) ,", lit(lang, rng), ")"),
            q("LANG ( ?o ) =", lit(lang.lower(), rng)),
            q("?o =", lit(_pick(rng, v.strings, "x"), rng, _lang_suffix(rng, v))),
            q("STR ( ?o ) =", lit(_pick(rng, v.strings, "x"), rng)),
        )
    )
    # Not ORDER BY ?o: the rows' order is not compared, and pyoxigraph 0.5 aborts the process
    # sorting some mixes of literal kinds (LANG(?o) = "" keeps strings, numbers and dates), as
    # the README says; which mixes depends on the data (a date fewer in the metadata graph).
    body = q("SELECT ?s ?o WHERE { ?s ?p ?o FILTER (", test, ") } ORDER BY ?s")
    return Entry("lang", body, "SELECT", ordered=False)


@template
def datatypes_and_numbers(rng: random.Random, v: Vocabulary) -> Entry:
    number = rng.choice(("1", "1.0", "1e0", "+1", ".5", "-2", "01", "1.e0", "2E-1", "0.0"))
    n = _pick(rng, v.numbers, "1")
    body = rng.choice(
        (
            f"?s ?p ?o FILTER ( ISNUMERIC ( ?o ) && ?o > {number} )",
            f"?s ?p {n}",
            f"?s ?p ?o FILTER ( ?o = {n} )",
            f"?s ?p ?o FILTER ( DATATYPE ( ?o ) = <{XSD}integer> && ?o < {number} + 10 )",
            f"BIND ( {number} AS ?o ) BIND ( DATATYPE ( ?o ) AS ?s ) BIND ( STR ( ?o ) AS ?p )",
            f"BIND ( {number} * 2 AS ?o ) BIND ( ABS ( - {number} ) AS ?s ) BIND ( ROUND ( "
            f"{number} ) AS ?p )",
            f"?s ?p ?o FILTER ( DATATYPE ( ?o ) IN ( <{XSD}gYear> , <{XSD}date> , "
            f"<{XSD}boolean> ) )",
        )
    )
    return Entry("numbers", q(f"SELECT ?s ?p ?o WHERE {{ {body} }}"), "SELECT")


@template
def dates(rng: random.Random, v: Vocabulary) -> Entry:
    fn = rng.choice(("YEAR", "MONTH", "DAY", "TZ", "TIMEZONE"))
    literal = rng.choice(
        (
            '"2019-03-01"^^<http://www.w3.org/2001/XMLSchema#date>',
            '"2021-12-31T23:59:59Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
            '"2020-02-29T10:00:00+05:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        )
    )
    if fn == "TIMEZONE" and "T" not in literal:
        fn = "YEAR"
    body = rng.choice(
        (
            f"?s ?p ?o FILTER ( DATATYPE ( ?o ) = <{XSD}date> ) BIND ( {fn} ( ?o ) AS ?v )",
            f"BIND ( {fn} ( {literal} ) AS ?v ) BIND ( 1 AS ?s )",
        )
    )
    return Entry("dates", q(f"SELECT ?s ?o ?v WHERE {{ {body} }}"), "SELECT")


@template
def in_and_if(rng: random.Random, v: Vocabulary) -> Entry:
    picks = rng.sample(v.predicates, min(3, len(v.predicates)))
    listed = " , ".join(f"<{p}>" for p in picks)
    neg = rng.choice(("", "NOT "))
    return Entry(
        "in",
        q(
            f"SELECT ?p ( COUNT ( * ) AS ?n ) ( IF ( COUNT ( * ) > 10 , 'many' , 'few' ) AS ?k )"
            f" WHERE {{ ?s ?p ?o FILTER ( ?p {neg}IN ( {listed} ) ) }} GROUP BY ?p ORDER BY ?p"
        ),
        "SELECT",
        ordered=True,
    )


@template
def graphs(rng: random.Random, v: Vocabulary) -> Entry:
    g = _pick(rng, v.graphs, "http://example.org/g")
    kind = rng.randrange(5)
    if kind == 0:
        return Entry(
            "graph",
            q(
                "SELECT ?g ( COUNT ( * ) AS ?n ) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
                "ORDER BY ?g"
            ),
            "SELECT",
            ordered=True,
        )
    if kind == 1:
        return Entry(
            "graph", q(f"SELECT ( COUNT ( * ) AS ?n ) FROM <{g}> WHERE {{ ?s ?p ?o }}"), "SELECT"
        )
    if kind == 2:
        return Entry(
            "graph",
            q(
                f"SELECT ?g ( COUNT ( * ) AS ?n ) FROM NAMED <{g}> WHERE {{ GRAPH ?g {{ ?s ?p "
                f"?o }} }} GROUP BY ?g"
            ),
            "SELECT",
        )
    others = [x for x in v.graphs if x != g]
    if kind == 3:
        return Entry(
            "protocol",
            q("SELECT ( COUNT ( * ) AS ?n ) WHERE { ?s ?p ?o }"),
            "SELECT",
            default_graphs=tuple(sorted(rng.sample(v.graphs, min(2, len(v.graphs))))),
        )
    return Entry(
        "protocol",
        q(
            f"SELECT ?g ( COUNT ( * ) AS ?n ) FROM <{g}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
            "GROUP BY ?g ORDER BY ?g"
        ),
        "SELECT",
        ordered=True,
        named_graphs=tuple(others[:2]),
    )


@template
def paging(rng: random.Random, v: Vocabulary) -> Entry:
    # IRIs only: SPARQL orders them totally (literals of different kinds it does not).
    p = _pick(rng, v.links, RDF_TYPE)
    limit, offset = rng.randint(0, 7), rng.randint(0, 5)
    order = rng.choice(("?s ?o", "DESC ( ?s ) ?o", "ASC ( STR ( ?o ) ) ?s"))
    return Entry(
        "paging",
        q(
            f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o FILTER ( ISIRI ( ?s ) && ISIRI ( ?o ) ) }}"
            f" ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        ),
        "SELECT",
        ordered=True,
    )


@template
def ask(rng: random.Random, v: Vocabulary) -> Entry:
    s = _pick(rng, v.subjects, "http://example.org/s")
    c = _pick(rng, v.classes, "http://example.org/C")
    body = rng.choice(
        (
            q(f"<{s}> a <{c}>"),
            q(f"<{s}> ?p ?o"),
            q("?s ?p", lit("no such literal", rng)),
            q(f"<{s}> ^ <{RDF_TYPE}> ?x"),
        )
    )
    return Entry("ask", q("ASK {", body, "}"), "ASK")


@template
def construct(rng: random.Random, v: Vocabulary) -> Entry:
    s = _pick(rng, v.subjects, "http://example.org/s")
    c = _pick(rng, v.classes, "http://example.org/C")
    kind = rng.randrange(3)
    if kind == 0:
        return Entry("construct", q(f"CONSTRUCT WHERE {{ <{s}> ?p ?o }}"), "CONSTRUCT")
    if kind == 1:
        return Entry(
            "construct",
            q(
                f"CONSTRUCT {{ ?s <http://example.org/odd/seen> ?o }} WHERE {{ ?s a <{c}> ; "
                f"<http://www.w3.org/2000/01/rdf-schema#label> ?o }}"
            ),
            "CONSTRUCT",
        )
    return Entry(
        "construct",
        q(
            f"CONSTRUCT {{ ?s a <{c}> }} WHERE {{ ?s a <{c}> FILTER ( ISIRI ( ?s ) ) }} ORDER "
            "BY ?s LIMIT 5"
        ),
        "CONSTRUCT",
    )


@template
def describe(rng: random.Random, v: Vocabulary) -> Entry:
    s = _pick(rng, v.subjects, "http://example.org/s")
    if rng.random() < 0.5:
        return Entry("describe", q(f"DESCRIBE <{s}>"), "DESCRIBE")
    c = _pick(rng, v.classes, "http://example.org/C")
    return Entry("describe", q(f"DESCRIBE ?s WHERE {{ ?s a <{c}> }}"), "DESCRIBE")


@template
def escapes(rng: random.Random, v: Vocabulary) -> Entry:
    value = rng.choice(
        (
            'tab\there "quoted" and \\ backslash',
            "line\nbreak # not a comment <not an iri>",
            "it's { braces } and 'single'",
            "non-ASCII: Қазақстан, é, \U0001f600",
            "#hash first",
        )
    )
    form = rng.randrange(3)
    if form == 0:
        return Entry(
            "escapes",
            q("SELECT ?v ( STRLEN ( ?v ) AS ?n ) WHERE { BIND (", lit(value, rng), "AS ?v ) }"),
            "SELECT",
        )
    if form == 1:
        return Entry(
            "escapes",
            q("SELECT ?v WHERE { VALUES ?v {", lit(value, rng), lit(value, rng, "@en"), "} }"),
            "SELECT",
        )
    return Entry("escapes", q("ASK { FILTER ( STRLEN (", lit(value, rng), ") > 3 ) }"), "ASK")


@template
def unicode_iri_escapes(rng: random.Random, v: Vocabulary) -> Entry:
    # \u escapes inside an IRI name the same IRI as its characters.
    s = _pick(rng, v.subjects, "http://example.org/s")
    cut = s.rfind("/") + 1
    escaped = s[:cut] + "".join(f"\\u{ord(c):04X}" if c.isalpha() else c for c in s[cut:])
    return Entry(
        "iri-escape",
        (*q("SELECT ?p ?o WHERE {"), Tok("raw", f"<{escaped}>"), *q("?p ?o } ORDER BY ?p ?o")),
        "SELECT",
        ordered=False,
    )


@template
def base_relative(rng: random.Random, v: Vocabulary) -> Entry:
    s = _pick(
        rng,
        [x for x in v.subjects if x.startswith("https://w3id.org/forcelaw/id/")],
        "https://w3id.org/forcelaw/id/x",
    )
    relative = s[len("https://w3id.org/forcelaw/id/") :]
    return Entry(
        "base",
        (*q("SELECT ?p ?o WHERE {"), Tok("raw", f"<{relative}>"), *q("?p ?o } ORDER BY ?p ?o")),
        "SELECT",
        ordered=False,
        cacheable=False,
        prologue="BASE <https://w3id.org/forcelaw/id/>",
    )


@template
def volatile(rng: random.Random, v: Vocabulary) -> Entry:
    fn = rng.choice(("NOW ( )", "RAND ( )", "UUID ( )", "STRUUID ( )"))
    return Entry(
        "volatile",
        q(
            f"SELECT ( DATATYPE ( ?x ) AS ?t ) ( BOUND ( ?x ) AS ?b ) WHERE {{ BIND ( {fn} AS "
            f"?x ) }}"
        ),
        "SELECT",
        cacheable=False,
    )


@template
def long_strings(rng: random.Random, v: Vocabulary) -> Entry:
    pieces = ("line", "with 'quote'", 'and "dq"', "# hash", "{ brace", "tab\there")
    text = "\n".join(rng.choice(pieces) for _ in range(rng.randint(3, 12))) + "\nend"
    return Entry(
        "long-string",
        q(
            "SELECT ?n ?h WHERE { BIND ( STRLEN (",
            Tok("raw", f"'''{text}'''"),
            ") AS ?n ) BIND ( SHA256 (",
            Tok("raw", f'"""{text}"""'),
            ") AS ?h ) }",
        ),
        "SELECT",
    )


@template
def blank_nodes(rng: random.Random, v: Vocabulary) -> Entry:
    body = rng.choice(
        (
            "?s ?p [ ] .",
            "?s <http://www.w3.org/ns/oa#hasSelector> [ a ?t ] .",
            "?x ?p ?o FILTER ( ISBLANK ( ?x ) ) BIND ( ?x AS ?s )",
            "_:b ?p ?o . BIND ( 1 AS ?s )",
        )
    )
    return Entry("bnodes", q(f"SELECT DISTINCT ?s ?p WHERE {{ {body} }} ORDER BY ?s ?p"), "SELECT")


@template
def construct_blank_nodes(rng: random.Random, v: Vocabulary) -> Entry:
    c = _pick(rng, v.classes, "http://example.org/C")
    return Entry(
        "construct-bnode",
        q(
            f"CONSTRUCT {{ ?s <http://example.org/odd/has> [ <http://example.org/odd/label> ?o ;"
            f" a <http://example.org/odd/Note> ] }} WHERE {{ ?s a <{c}> ;"
            " <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
        ),
        "CONSTRUCT",
    )


@template
def describe_several(rng: random.Random, v: Vocabulary) -> Entry:
    picks = rng.sample(v.subjects, min(3, len(v.subjects)))
    return Entry("describe-several", q("DESCRIBE " + " ".join(f"<{s}>" for s in picks)), "DESCRIBE")


@template
def dataset_overrides(rng: random.Random, v: Vocabulary) -> Entry:
    """FROM and FROM NAMED in the query, and the protocol's dataset, which replaces them."""
    g1, g2 = (rng.sample(v.graphs, 2) + v.graphs * 2)[:2] if v.graphs else ("http://e/g",) * 2
    text = q(
        f"SELECT ?g ( COUNT ( * ) AS ?n ) FROM <{g1}> FROM NAMED <{g2}> WHERE"
        " { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ORDER BY ?g"
    )
    if rng.random() < 0.5:
        return Entry("from", text, "SELECT", ordered=True)
    return Entry(
        "from-overridden",
        text,
        "SELECT",
        ordered=True,
        default_graphs=(g2,),
        named_graphs=(g1,),
    )


@template
def odd_local_names(rng: random.Random, v: Vocabulary) -> Entry:
    """Prefixed names with dots, digits, escapes and percent-encodings, asked of VALUES."""
    odd = [
        "a.b",
        "1",
        "a-b",
        "%41",
        "a%20b",
        "_x",
        "x_",
        "a:b",
        "a~b",
        "a/b",
        "-a",
        "a.b.c",
        "1.2.3",
    ]
    names = rng.sample(odd, 4)
    cells = " ".join(f"<http://example.org/odd/{n}>" for n in names)
    return Entry(
        "odd-names",
        q(f"SELECT ?x ( STR ( ?x ) AS ?s ) WHERE {{ VALUES ?x {{ {cells} }} }}"),
        "SELECT",
    )


@template
def function_calls_spaced(rng: random.Random, v: Vocabulary) -> Entry:
    """CONCAT, COALESCE and BNODE with a gap before their bracket, as SPARQL allows (the
    engine's parser does not: the server respells them) and literals with white space at their
    ends (which XML readers that trim text would lose)."""
    edge = rng.choice((" ", "\n", "\t", "  \n "))
    return Entry(
        "spaced-calls",
        q(
            "SELECT ?s ?v ?w ( ISBLANK ( ?b ) AS ?blank ) WHERE { ?s",
            iri(rng.choice(("http://www.w3.org/2000/01/rdf-schema#label", RDF_TYPE))),
            "?o BIND ( CONCAT (",
            lit(edge, rng),
            ", STR ( ?o ) ,",
            lit(edge, rng),
            ") AS ?v ) BIND ( COALESCE ( ?nothing , STRLEN ( STR ( ?o ) ) ) AS ?w )",
            "BIND ( BNODE ( ) AS ?b ) }",
        ),
        "SELECT",
        gaps=True,
    )
