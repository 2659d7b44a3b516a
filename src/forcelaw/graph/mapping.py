"""Records of one parsed profile -> the triples of its state's graph (the structural layer)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from forcelaw.graph import uris
from forcelaw.graph.instrument_keys import instrument_keys, titled
from forcelaw.graph.law_reports import reporting_state
from forcelaw.graph.passages import Triple, derived_from, passage_iri, passage_triples
from forcelaw.graph.reference import Agent, ReferenceIndex
from forcelaw.graph.state_names import StateNames
from forcelaw.graph.treaty_rows import resolve_rows
from forcelaw.namespaces import BASE, ELI, FL, SCHEMA, bind_prefixes
from forcelaw.profile.fold import folded_text
from forcelaw.profile.provisions import instrument_kind
from forcelaw.profile.records import (
    InstrumentMention,
    Profile,
    PronouncementRecord,
    ProvisionRecord,
    Span,
)
from forcelaw.profile.statements import recommends

_UNIT_SLUGS = {
    "article": "art",
    "section": "sec",
    "rule": "rule",
    "regulation": "reg",
    "paragraph": "para",
    "clause": "cl",
}
_STATUS_WORDING = {
    "state-party": "State Party",
    "signatory": "Signatory",
    "not-party": "Not party",
    "yes": "Yes",
    "no": "No",
}
_NATIONAL_COURT = re.compile(
    r"^((?:(?:Supreme|Constitutional|High|Federal|District|Regional|Appeal|Appellate|Cassation|"
    r"Administrative|Military|Criminal|Civil)(?:\s+[A-Z][a-z]+){0,3}\s+Court"
    r"(?:\s+of\s+(?:Appeals?|Justice|Cassation))?"
    # courts named by what they are of, and courts and councils of civil-law states
    r"|Court\s+of\s+(?:Cassation|Appeals?|Final\s+Appeal)"
    r"|Constitutional\s+(?:Council|Tribunal)|Council\s+of\s+State|Supreme\s+Tribunal)"
    # a circuit is part of its court's name: the Courts of Appeals are many
    r"(?:\s+for\s+the\s+(?:[A-Z][a-z]+\s+){1,3}Circuit)?)"
)
# A court of a part of the state by the part's name before its kind: "the Tokyo District Court",
# "the Almaty City Court" (a name, not an acronym: "the US District Court" is no part's).
_LOCAL_COURT = re.compile(
    r"^((?:[A-Z][a-z][\w’'\-]*\s+){1,3}(?:District|Regional|City|Municipal|Provincial|County|"
    r"Prefectural|Circuit|Local|Town|Oblast|Inter-District|Magistrates[’']?|Magistrate[’']s)"
    r"\s+Court)(?![\w\-])"
)
_LOCAL_KIND = re.compile(
    r"^(?:District|Regional|City|Municipal|Provincial|County|Prefectural|Circuit|Local|Town|"
    r"Oblast|Inter-District)\s"
)
# The name of a place after "of": capitalised words, "and" or "of" between two ("the Regional
# Court of Almaty", "the High Court of Lagos State"), to the end of the name.
_PLACE_NAME = re.compile(
    r"(?:the\s+)?[A-Z][\w’'\-]*(?:\s+(?:(?:and|of)\s+)?[A-Z][\w’'\-]*){0,4}(?![\w’'\-])"
)
# The acronym a court's name is given in brackets: "the Federal Supreme Court (STF) ...".
_ACRONYM_AFTER = re.compile(r"\s+\((?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z]{1,8})\)")
_ACRONYM_AT_START = re.compile(r"^(?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z]{1,8})(?![\w\-’'])")
# What may follow a court's name: "of" and a place (the state's own name, or another).
_COURT_OF = re.compile(r"\s+of\s+(?=\w)")
# What a state's own highest courts are "of" when they name no state: "the Supreme Court of
# Justice of the Nation", "the Supreme Court of the Republic", "the Supreme Court of the Union"
# (never "of the Republic of X": that names a state, the profile's or another).
_OF_THE_STATE_ITSELF = re.compile(
    r"the\s+(?:Nation|Republic|Federation|Union|Kingdom|Principality)\b(?!\s+of\b|[\w’'\-])"
)
# Absences of what a state has or lacks as a whole (a region's absence is not the state's).
_STATE_WIDE = frozenset(
    {
        "independent-police-oversight-body",
        "use-of-force-legislation",
        "national-caselaw",
        "constitutional-right-to-life",
        "constitutional-use-of-force-provision",
    }
)
# What an absence is said to be "in" that is no place: an instrument or a part of one ("in the
# Constitution", "in Article 5"), a time ("in January 2020"), a language ("in English").
_NO_PLACE = re.compile(
    r"\b(?:Constitution|Code|Act|Law|Laws|Decree|Ordinance|Regulations?|Statute|Charter|"
    r"Article|Section|Chapter|Part|Bill|Treaty|Convention|Covenant|Protocol|Rules)\b"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|English|French|Spanish|Portuguese|Russian|Arabic)\b"
)
# A capitalised word after a body's name goes on with the name of someone else: its rapporteur,
# working group or chamber.
_NAME_GOES_ON = re.compile(r"[’']?s?\s+[A-Z]")
# Each place a body's name says it is of or for, to the end of the name.
_OF_PLACES = re.compile(r"\s(?:of|for)\s+(?:the\s+)?(?=(\S.*)$)")
_POSSESSIVE = re.compile(r"^(.+?)[’']s\s")
_REPORT_OF = re.compile(r"\breports?\s+of\s+(\S.*)$")
_COURT_TYPES = frozenset({"international-court", "regional-court", "national-court"})


@dataclass(frozen=True)
class StateInfo:
    """What the source manifest says about a profile: who it is about and where it came from."""

    code: str
    name: str
    source_url: str | None = None
    retrieved: str | None = None
    sha256: str | None = None


def map_profile(
    profile: Profile, state: StateInfo, reference: ReferenceIndex, base: str = BASE
) -> Graph:
    """The structural layer of a state's graph; raises ProfileError for a treaty row that is
    not in the reference data, does not fit its status, or repeats a treaty."""
    graph = Graph()
    bind_prefixes(graph)
    mapper = _Mapper(profile, state, reference, base)
    for triple in mapper.triples():
        graph.add(triple)
    return graph


def concept(scheme: str, key: str, base: str = BASE) -> URIRef:
    return uris.concept(scheme, key, base)


class _Mapper:
    def __init__(
        self, profile: Profile, state: StateInfo, reference: ReferenceIndex, base: str
    ) -> None:
        self.state = state
        self.reference = reference
        self.base = base
        self.code = state.code
        self.state_iri = uris.state(state.code, base)
        self.profile_iri = uris.profile(state.code, base)
        self.names = StateNames.of(state.name)
        self.states = reference.states
        # The state's codes in the list of states: its own, and that of each form of its name.
        self.own_codes = frozenset(
            {state.code} | {c for f in self.names.forms if (c := self.states.code(f)) is not None}
        )
        self.profile = profile = instrument_keys(profile, state.name, self.states, self.own_codes)
        self.court_names = self._court_names()
        self.court_acronyms = self._court_acronyms()
        self.instrument_slugs = _instrument_slugs(profile.instruments)
        self.instrument_names = {
            m.key: max((n.name for n in profile.instruments if n.key == m.key), key=len)
            for m in profile.instruments
        }

    def triples(self) -> Iterator[Triple]:
        yield from self._state()
        yield from self._sections()
        for sentence in self.profile.sentences:
            yield from self._passage(sentence.span)
        yield from self._instruments()
        yield from self._provisions()
        yield from self._adherences()
        yield from self._absences()
        yield from self._pronouncements()
        yield from self._bodies()

    def _passage(self, span: Span) -> Iterator[Triple]:
        yield from passage_triples(self.code, self.state.name, self.profile, span, self.base)

    def _state(self) -> Iterator[Triple]:
        state, profile, name = self.state_iri, self.profile_iri, self.state.name
        yield state, RDF.type, FL.State
        yield state, RDFS.label, Literal(name, lang="en")
        yield state, SCHEMA.name, Literal(name, lang="en")
        yield state, FL.isoCode, Literal(self.code)
        yield profile, RDF.type, FL.CountryProfile
        yield profile, RDFS.label, Literal(f"Country profile: {name}", lang="en")
        yield profile, FL.profileOf, state
        yield profile, FL.sourceText, Literal(self.profile.text)
        if self.state.source_url:
            yield profile, DCTERMS.source, URIRef(self.state.source_url)
        if self.state.retrieved:
            yield profile, FL.retrieved, Literal(self.state.retrieved, datatype=XSD.date)
        if self.state.sha256:
            yield profile, FL.sha256, Literal(self.state.sha256)

    def _sections(self) -> Iterator[Triple]:
        for section in self.profile.sections:
            iri = uris.section(self.code, section.key, self.base)
            parent = (
                uris.section(self.code, section.parent, self.base)
                if section.parent
                else self.profile_iri
            )
            yield iri, RDF.type, FL.ProfileSection
            yield iri, RDFS.label, Literal(section.title, lang="en")
            yield iri, FL.sectionKind, concept("section-kind", section.kind, self.base)
            yield iri, FL.order, Literal(section.order, datatype=XSD.integer)
            yield iri, DCTERMS.isPartOf, parent
            yield parent, DCTERMS.hasPart, iri
            yield from self._passage(section.heading)
            yield derived_from(iri, self.code, section.heading, self.base)

    def _instruments(self) -> Iterator[Triple]:
        mentions_by_key: dict[str, list[InstrumentMention]] = {}
        for mention in self.profile.instruments:
            mentions_by_key.setdefault(mention.key, []).append(mention)
        defined = {p.instrument for p in self.profile.provisions}
        defined |= {
            m.key
            for m in self.profile.instruments
            if m.section.startswith(("constitution", "legis"))
        }
        for key, mentions in mentions_by_key.items():
            if key not in defined:
                continue  # named only in oversight or caselaw: no instrument to mention
            iri = self._instrument_iri(key)
            for mention in mentions:
                yield self._sentence_passage(mention.span), FL.mentions, iri
            yield from self._instrument(iri, mentions)
        for key in sorted(defined - set(mentions_by_key)):
            yield from self._instrument(self._instrument_iri(key), [], key)

    def _instrument(
        self, iri: URIRef, mentions: list[InstrumentMention], key: str = "constitution"
    ) -> Iterator[Triple]:
        """The instrument's triples; one never named (a bare "Article N" of the constitution
        section) is the constitution, and one known by its key alone is typed "other"."""
        bare = "Constitution" if key == "constitution" else key.replace("-", " ")
        name = max((m.name for m in mentions), key=len, default=bare)
        year = next((m.year for m in mentions if m.year), None)
        kind = mentions[0].kind if mentions else instrument_kind(bare)
        label = f"{year} {name}" if year and not re.search(rf"\b{year}\b", name) else name
        if kind == "subnational-constitution":  # never the state's own constitution
            label += f" (a part of {self.state.name})"
        elif not self.names.within(name):
            label += f" ({self.state.name})"
        yield iri, RDF.type, FL.LegalInstrument
        yield iri, RDFS.label, Literal(label, lang="en")
        yield iri, ELI.type_document, concept("instrument-type", kind, self.base)
        yield iri, FL.state, self.state_iri
        if year:
            yield iri, FL.adoptionYear, Literal(year, datatype=XSD.gYear)
        if any(m.as_amended for m in mentions):
            yield iri, FL.asAmended, Literal(True)
        for mention in mentions:
            yield iri, PROV.wasDerivedFrom, self._sentence_passage(mention.span)

    def _instrument_iri(self, key: str) -> URIRef:
        return uris.instrument(self.code, self.instrument_slugs.get(key, key), self.base)

    def _provisions(self) -> Iterator[Triple]:
        seen: set[URIRef] = set()
        for record in self.profile.provisions:
            instrument = self._instrument_iri(record.instrument)
            unit = _UNIT_SLUGS[record.unit]
            part = _part_slug(record.part) if record.part else ""
            iri = uris.provision(instrument, unit, record.number, record.paragraph, part)
            if iri in seen:
                continue
            seen.add(iri)
            yield from self._passage(record.text_span)
            yield iri, RDF.type, FL.Provision
            owner = self.instrument_names.get(
                record.instrument,
                "Constitution" if record.instrument == "constitution" else record.instrument,
            )
            label = f"{record.unit.capitalize()} {record.label_number} of the {owner}"
            if record.part:  # "Article 1, Section 19 of the Constitution"
                label = f"{record.part}, {label}"
            yield iri, RDFS.label, Literal(label, lang="en")
            yield iri, ELI.number, Literal(record.label_number)
            whole = instrument
            if record.paragraph:
                whole = uris.provision(instrument, unit, record.number, None)
                yield from self._whole(whole, instrument, record, owner)
                head, items = record.paragraph.partition("(")[::2]
                if head and items:  # "Section 12(1)(a)" names Section 12(1) too
                    article, whole = whole, uris.provision(instrument, unit, record.number, head)
                    yield from self._whole(whole, article, record, owner, head)
            yield iri, ELI.is_part_of, whole
            yield whole, ELI.has_part, iri
            yield iri, ELI.type_subdivision, concept("subdivision-type", record.unit, self.base)
            yield iri, FL.verbatimText, Literal(record.text, lang="en")
            if record.paragraph:
                yield iri, FL.paragraph, Literal(record.paragraph)
            yield derived_from(iri, self.code, record.text_span, self.base)
            yield iri, PROV.wasDerivedFrom, self._sentence_passage(record.cited_by)
            for sentence in self.profile.sentences:
                if _overlaps(sentence.span, record.text_span):
                    yield derived_from(iri, self.code, sentence.span, self.base)

    def _whole(
        self,
        iri: URIRef,
        whole: URIRef,
        record: ProvisionRecord,
        owner: str,
        paragraph: str | None = None,
    ) -> Iterator[Triple]:
        """The article (section, rule) a quoted paragraph is of, or the paragraph a quoted item
        is of: "Article 17(1)" names Article 17, "Section 12(1)(a)" Section 12(1) too. Each is a
        provision, part of ``whole`` (the instrument, or the article), derived from the sentence
        that cites it; its text is not in the profile, so it has none (unless quoted too)."""
        number = f"{record.number}({paragraph})" if paragraph else record.number
        label = f"{record.unit.capitalize()} {number} of the {owner}"
        yield iri, RDF.type, FL.Provision
        yield iri, RDFS.label, Literal(label, lang="en")
        yield iri, ELI.number, Literal(number)
        if paragraph:
            yield iri, FL.paragraph, Literal(paragraph)
        yield iri, ELI.is_part_of, whole
        yield whole, ELI.has_part, iri
        yield iri, ELI.type_subdivision, concept("subdivision-type", record.unit, self.base)
        yield iri, PROV.wasDerivedFrom, self._sentence_passage(record.cited_by)

    def _adherences(self) -> Iterator[Triple]:
        rows = self.profile.treaty_rows
        for row, treaty in resolve_rows(rows, self.reference, self.profile.source):
            slug = str(treaty).rsplit("/", 1)[-1]
            iri = uris.adherence(self.code, slug, self.base)
            wording = _STATUS_WORDING[row.status]
            short = self.reference.treaty_labels.get(treaty, slug)
            yield iri, RDF.type, FL.TreatyAdherence
            yield iri, RDFS.label, Literal(f"{self.state.name}: {short} — {wording}", lang="en")
            yield iri, FL.state, self.state_iri
            yield iri, FL.treaty, treaty
            yield iri, FL.status, concept("treaty-status", row.status, self.base)
            if row.qualifier:  # "(with reservations)": said of the status, kept as said
                yield iri, SKOS.note, Literal(row.qualifier, lang="en")
            yield derived_from(iri, self.code, row.span, self.base)
            yield passage_iri(self.code, row.span, self.base), FL.mentions, treaty

    def _absences(self) -> Iterator[Triple]:
        for record in self.profile.absences:
            if record.kind in _STATE_WIDE and not self._state_wide(record.place):
                continue  # "no oversight body in the Kurdistan Region": not the state's absence
            iri = uris.absence(self.code, record.kind, record.span.start, self.base)
            what = record.kind.replace("-", " ")
            label = f"{self.state.name}: " + (
                "an unclassified absence" if record.kind == "unclassified" else f"no {what}"
            )
            yield iri, RDF.type, FL.AbsenceStatement
            yield iri, RDFS.label, Literal(label, lang="en")
            yield iri, FL.state, self.state_iri
            yield iri, FL.absentKind, concept("absence-kind", record.kind, self.base)
            yield iri, FL.hedge, concept("hedge", record.hedge, self.base)
            yield derived_from(iri, self.code, record.span, self.base)

    def _pronouncements(self) -> Iterator[Triple]:
        kept = [(r, a) for r in self.profile.pronouncements if (a := self._kept_author(r))]
        # One case cited twice ("In its judgment in Tennessee v. Garner, delivered on March 27,
        # 1985, ..." and "In Tennessee v. Garner, 471 U.S. 1 (1985), ...") is one pronouncement,
        # unless the text dates them apart (two decisions in one case in one year).
        dates: dict[tuple[str, str, str], set[str]] = {}
        for record, author in kept:
            if record.case_name:
                dates.setdefault(self._case_key(record, author), set()).update(
                    {record.date} if record.date else set()
                )
        minted: set[URIRef] = set()
        cases: dict[tuple[str, str, str], URIRef] = {}
        recommendations: dict[URIRef, int] = {}
        for record, author in kept:
            iri = yield from self._pronouncement_of(record, author, dates, minted, cases)
            if recommends(record.author_name[author.end :]):
                recommendations[iri] = recommendations.get(iri, 0) + 1
                yield from self._recommendation(iri, record, author, recommendations[iri])

    def _pronouncement_of(
        self,
        record: PronouncementRecord,
        author: _Author,
        dates: dict[tuple[str, str, str], set[str]],
        minted: set[URIRef],
        cases: dict[tuple[str, str, str], URIRef],
    ) -> Generator[Triple, None, URIRef]:
        """The triples of ``record``'s pronouncement (or of the case it is another citation of),
        returning its IRI."""
        yield from author.triples
        doc_type = self._doc_type(record, author)
        case = self._case_key(record, author) if record.case_name else None
        one = case is not None and len(dates[case]) <= 1
        if one and case in cases:
            iri = cases[case]
            passage = passage_iri(self.code, record.span, self.base)
            yield iri, PROV.wasDerivedFrom, passage
            yield passage, FL.mentions, author.iri
            for citation in record.citations:
                yield iri, DCTERMS.bibliographicCitation, Literal(citation)
            return iri
        slug = f"{record.year}-{doc_type}"
        if record.case_name:
            slug = f"{record.year}-{uris.slugify(record.case_name)}"
        iri = uris.pronouncement(author.key, self.code, slug, self.base)
        suffix = 2
        while iri in minted:
            iri = uris.pronouncement(author.key, self.code, f"{slug}-{suffix}", self.base)
            suffix += 1
        minted.add(iri)
        if one and case is not None:
            cases[case] = iri
        date = next(iter(dates[case])) if one and case is not None and dates[case] else None
        yield from self._pronouncement(iri, record, author, doc_type, date or record.date)
        return iri

    def _recommendation(
        self, pronouncement: URIRef, record: PronouncementRecord, author: _Author, n: int
    ) -> Iterator[Triple]:
        """A recommendation the sentence gives in its author's words ("the African Commission
        called on Borealia to ..."): a claim of the author, reported in the pronouncement, about
        the state, derived from the sentence (its source text)."""
        slug = str(pronouncement).rsplit("/", 1)[1]
        iri = uris.claim(author.key, self.code, f"{slug}-recommendation", n, self.base)
        label = f"{author.label}: recommendation to {self.state.name} ({record.year})"
        yield iri, RDF.type, FL.Claim
        yield iri, RDFS.label, Literal(label, lang="en")
        yield iri, FL.claimType, concept("claim-type", "recommendation", self.base)
        yield iri, FL.assertedBy, author.iri
        yield iri, FL.reportedIn, pronouncement
        yield iri, FL.about, self.state_iri
        yield derived_from(iri, self.code, record.span, self.base)

    def _kept_author(self, record: PronouncementRecord) -> _Author | None:
        """The author of a pronouncement on this state, or None: no author the index or the
        state's courts know, or on another state."""
        author = self._author(record)
        if author is None:
            return None
        national = record.case_name is not None and author.body_type == "national-court"
        reported = reporting_state(record.citation) if record.citation else None
        if national and reported is not None and reported not in self.own_codes:
            return None  # "Tennessee v. Garner, 471 U.S. 1 (1985)" in India's profile
        if record.subject is not None and not national and not self._about_state(record.subject):
            return None  # on another state: "Konaté v. Burkina Faso" in Guinea's profile
        if (
            record.subject is None
            and author.body_type != "national-court"  # the state's own court: in the state
            and self._names_only_others(record.span)
        ):
            return None  # "the IACHR condemned killings in Honduras" in Guatemala's profile
        return author

    def _doc_type(self, record: PronouncementRecord, author: _Author) -> str:
        if record.document_type != "unspecified":
            return record.document_type
        return "judgment" if author.body_type in _COURT_TYPES else "statement"

    def _case_key(self, record: PronouncementRecord, author: _Author) -> tuple[str, str, str]:
        name = uris.slugify(record.case_name or "")
        return author.key, f"{record.year}-{name}", self._doc_type(record, author)

    def _pronouncement(
        self,
        iri: URIRef,
        record: PronouncementRecord,
        author: _Author,
        doc_type: str,
        date: str | None,
    ) -> Iterator[Triple]:
        type_label = doc_type.replace("-", " ").capitalize()
        label = f"{author.label}: {type_label} on {self.state.name} ({record.year})"
        if record.case_name:
            label = f"{author.label}: {record.case_name} ({record.year})"
        passage = passage_iri(self.code, record.span, self.base)
        yield iri, RDF.type, FL.Pronouncement
        yield iri, RDFS.label, Literal(label, lang="en")
        yield iri, FL.author, author.iri
        yield iri, FL.subjectState, self.state_iri
        yield iri, FL.documentType, concept("pronouncement-type", doc_type, self.base)
        if date:
            yield iri, DCTERMS.date, Literal(date, datatype=XSD.date)
        else:
            yield iri, DCTERMS.date, Literal(record.year, datatype=XSD.gYear)
        for citation in record.citations:  # where the case is reported, as the text writes it
            yield iri, DCTERMS.bibliographicCitation, Literal(citation)
        yield iri, PROV.wasDerivedFrom, passage
        yield passage, FL.mentions, author.iri

    def _bodies(self) -> Iterator[Triple]:
        kept = [r for r in self.profile.bodies if not self._others_body(r.name)]
        # one body under each of its names: "the Office of the Ombudsman of Testland" is the
        # "Office of the Ombudsman", labelled by the longest name the profile gives it
        labels: dict[str, str] = {}
        for record in kept:
            key = self._body_key(record.name)
            labels[key] = max(labels.get(key, ""), record.name, key=len)
        for record in kept:
            iri = uris.body(self._body_key(record.name), self.code, self.base)
            sentence = passage_iri(self.code, record.sentence, self.base)
            yield iri, RDF.type, FL.Body
            yield iri, RDFS.label, Literal(labels[self._body_key(record.name)], lang="en")
            yield iri, FL.bodyType, concept("body-type", record.body_type, self.base)
            yield iri, FL.state, self.state_iri
            if record.acronym:
                yield iri, SKOS.altLabel, Literal(record.acronym, lang="en")
            yield iri, PROV.wasDerivedFrom, sentence
            yield sentence, FL.mentions, iri

    def _others_body(self, name: str) -> bool:
        """Whether a body's name says it is of another state or of a place the text does not
        delimit, in any of what it is of: "the Ombudsman of Guinea-Bissau" in Guinea's profile,
        "the Office of the Ombudsman of Ghana" in Togo's."""
        adjective = self.states.by_adjective(name)
        if adjective is not None:  # "the Russian Public Oversight Commission"
            return adjective not in self.own_codes
        if self._opens_with_another_state(name):
            return True  # "the Kenya Police Complaints Authority" in Uganda's profile
        places = [of.group(1) for of in _OF_PLACES.finditer(name)]
        if any(self.names.names(place) for place in places):
            return False  # "the Office of the Ombudsman of Togo" in Togo's profile
        return any(self.names.elsewhere(p) or self._another_state(p) for p in places)

    def _another_state_s_part(self, place: str) -> bool:
        """Whether ``place`` is a part of another state alone, by ISO 3166-2 ("Tokyo" in Korea's
        profile)."""
        elsewhere = self.states.whose_part(place)
        return bool(elsewhere) and not elsewhere & self.own_codes

    def _opens_with_another_state(self, name: str) -> bool:
        """Whether ``name`` opens with another state's name or that of a part of another state
        ("the British Columbia Police Complaint Commissioner" in the United Kingdom's profile)."""
        opening = self.states.opening(name.removeprefix("the ").removeprefix("The "))
        return (
            opening is not None
            and opening[0] not in self.own_codes
            and not self.names.within(opening[1])
            and not self.states.part_of(opening[1], self.own_codes)
        )

    def _body_key(self, name: str) -> str:
        """A body's key: its name without the state's own name after "of" at its end, or its
        own adjective before it ("the Kyrgyz Ombudsman" is the "Ombudsman")."""
        if self.states.by_adjective(name) in self.own_codes:
            name = self.states.without_adjective(name)
        for of in _OF_PLACES.finditer(name):
            if self.names.names(of.group(1)):
                return uris.slugify(name[: of.start()])
        return uris.slugify(name)

    def _author(self, record: PronouncementRecord) -> _Author | None:
        found = self.reference.agent_at_start(record.author_name)
        if found is not None:
            if _NAME_GOES_ON.match(record.author_name, found[1]):
                return None  # "the Human Rights Council Special Rapporteur on ...": not the Council
            return _Author.of(found[0], found[1])
        court = self._national_court(record.author_name)
        if court is not None:
            key = uris.slugify(court[1])
            end = len(court[0])
            given = _ACRONYM_AFTER.match(record.author_name, end)
            end = given.end() if given is not None else end
        else:  # "In 2022, the STF confirmed ...": the court the acronym was given to
            by_acronym = _ACRONYM_AT_START.match(record.author_name)
            acronym_of = self.court_acronyms.get(by_acronym.group(0)) if by_acronym else None
            if acronym_of is None or by_acronym is None:
                return None
            key, end = acronym_of, by_acronym.end()
        name = self.court_names[key]
        iri = uris.body(key, self.code, self.base)
        triples: list[Triple] = [
            (iri, RDF.type, FL.Body),
            (iri, RDFS.label, Literal(name, lang="en")),
            (iri, FL.bodyType, concept("body-type", "national-court", self.base)),
            (iri, FL.state, self.state_iri),
            derived_from(iri, self.code, record.span, self.base),
        ]
        return _Author(iri, key, name, "national-court", tuple(triples), end)

    def _court_names(self) -> dict[str, str]:
        """The state's courts that pronouncements are by: key -> the longest name the profile
        gives it ("Supreme Court" and "Supreme Court of Bolivia" are one court, keyed without
        the state's name, which every court under its code would repeat)."""
        names: dict[str, str] = {}
        for record in self.profile.pronouncements:
            court = self._national_court(record.author_name)
            if court is not None:
                key = uris.slugify(court[1])
                names[key] = max(names.get(key, ""), court[0], key=len)
        return names

    def _court_acronyms(self) -> dict[str, str | None]:
        """The acronyms the profile gives the state's courts, in brackets after a name ("the
        Federal Supreme Court (STF) restricted ..."): acronym -> the court's key, or None for
        an acronym given to two courts."""
        acronyms: dict[str, str | None] = {}
        for record in self.profile.pronouncements:
            court = self._national_court(record.author_name)
            given = _ACRONYM_AFTER.match(record.author_name, len(court[0])) if court else None
            if court is not None and given is not None:
                key = uris.slugify(court[1])
                if acronyms.setdefault(given.group("acronym"), key) != key:
                    acronyms[given.group("acronym")] = None
        return acronyms

    def _state_wide(self, place: str | None) -> bool:
        """Whether an absence said to be "in" ``place`` is the state's: where the text names no
        place, names the state (by a form of its name or one the list of states gives it), or
        names no place at all ("in the Constitution", "in January"). Any other place is a part
        of the state or another state ("in Zanzibar" in Tanzania's profile is not all of
        Tanzania): what is absent there is not said of the whole state."""
        if place is None or self._own(place) or _NO_PLACE.search(place) is not None:
            return True
        if not self.names.known:
            return True  # a state known by its code alone: no place is told from it
        return self.states.by_adjective(place) in self.own_codes  # "in Kazakh law"

    def _another_state(self, place: str) -> bool:
        """Whether ``place`` (all of it) names a state of the list that is not this one."""
        code = self.states.code(place)
        if code is None or code in self.own_codes or self.names.names(place):
            return False
        return not self.states.part_of(place, self.own_codes)  # "Georgia" in the US profile

    def _names_only_others(self, span: Span) -> bool:
        """Whether the text at ``span`` names another state and not this one: what it says is
        on that state, whatever its author (a pronouncement's subject is the state it names)."""
        text = folded_text(self.profile.text[span.start : span.end])  # as the parser read it
        if self.names.within(text):
            return False
        named = self.states.named_in(text, self.own_codes)
        return bool(named - self.own_codes) and not named & self.own_codes

    def _about_state(self, subject: str) -> bool:
        """Whether a pronouncement said to be on ``subject`` ("Bolivia (Plurinational State of)",
        "the second periodic report of Kazakhstan", "Kazakhstan's second periodic report", a
        case's respondent, "v. UK") is on this state: by a form of its name or one the list of
        states gives it."""
        if self._own(subject):
            return True
        owner = _POSSESSIVE.match(subject)  # "Kazakhstan's second periodic report"
        if owner is not None and self._own(owner.group(1)):
            return True
        report = _REPORT_OF.search(subject)
        return report is not None and self._own(report.group(1))

    def _own(self, place: str) -> bool:
        """Whether ``place`` (all of it) names this state."""
        return self.names.names(place) or self.states.code(place) in self.own_codes

    def _national_court(self, text: str) -> tuple[str, str] | None:
        """The name of the court that ``text`` opens with, as written and without the state's
        name ("Constitutional Court of São Tomé and Príncipe", "Constitutional Court"), or None:
        no court, or a court "of" a place that is not the state (another state's court, "the
        Supreme Court of Nigeria" in Niger's profile, or a place the text does not delimit,
        "High Court of Lagos State"): never another's court as the state's, nor a name cut
        short."""
        match = _NATIONAL_COURT.match(text) or _LOCAL_COURT.match(text)
        if match is None:
            return None
        name = match.group(1)
        if match.re is _LOCAL_COURT and (
            self._opens_with_another_state(name)
            or self.states.by_adjective(name) is not None
            or self._another_state_s_part(name[: name.rfind(" ", 0, name.rfind(" "))])
        ):
            return None  # "the Kenyan District Court", "the Tokyo District Court" in Korea's
        place = _COURT_OF.match(text, match.end())
        if place is None:
            return name, name
        end = self.names.end_at(text, place.end())
        if end is None:  # "the Supreme Court of the UK": a name the list gives the state
            end = self.states.end_at(text, place.end(), self.own_codes)
        if end is None and match.re is _NATIONAL_COURT:
            itself = _OF_THE_STATE_ITSELF.match(text, place.end())
            end = itself.end() if itself is not None else None
        if end is not None:
            return text[:end], name
        # a court of a part of the state: "the Regional Court of Almaty", its own court
        local = _PLACE_NAME.match(text, place.end())
        if local is None or self.states.code(local.group(0)) is not None:
            return None
        elsewhere = self.states.whose_part(local.group(0))
        if elsewhere and not elsewhere & self.own_codes:
            return None  # "the Regional Court of Almaty" in Kyrgyzstan's profile: Kazakhstan's
        local_kind = _LOCAL_KIND.match(name) is not None  # "the Regional Court of Almaty"
        if not self.names.part(local.group(0)) or not (
            local_kind or self.names.part_by_kind(local.group(0))  # "the High Court of Lagos State"
        ):
            return None  # "the Supreme Court of Arcadia": another state's, not the state's part
        return text[: local.end()], text[: local.end()]

    def _sentence_passage(self, span: Span) -> URIRef:
        for sentence in self.profile.sentences:
            if sentence.span.contains(span):
                return passage_iri(self.code, sentence.span, self.base)
        return passage_iri(self.code, span, self.base)


@dataclass(frozen=True)
class _Author:
    iri: URIRef
    key: str
    label: str
    body_type: str | None
    triples: tuple[Triple, ...] = ()
    end: int = 0  # where its name ends in the pronouncement's author_name

    @classmethod
    def of(cls, agent: Agent, end: int) -> _Author:
        return cls(agent.iri, agent.key, agent.label, agent.body_type, (), end)


def _instrument_slugs(mentions: Iterable[InstrumentMention]) -> dict[str, str]:
    """key -> URI slug: the key, plus "-YEAR" when any mention gives the year."""
    slugs: dict[str, str] = {}
    for mention in mentions:
        if mention.year and mention.key not in slugs:
            dated = titled(mention)  # a short title: "Police Act 1996"
            slugs[mention.key] = mention.key if dated else f"{mention.key}-{mention.year}"
    return slugs


def _part_slug(part: str) -> str:
    """The path segment of the part a provision is numbered within: "Article 1" is "art-1",
    "Chapter II" "chapter-ii"."""
    word, _, number = part.partition(" ")
    unit = _UNIT_SLUGS.get(word.casefold(), uris.slugify(word))
    return f"{unit}-{uris.slugify(number)}"


def _overlaps(left: Span, right: Span) -> bool:
    return left.start < right.end and right.start < left.end
