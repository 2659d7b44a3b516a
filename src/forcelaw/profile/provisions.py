"""Finding national legal instruments and their quoted provisions in profile text."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from forcelaw.graph.uris import slugify
from forcelaw.profile.records import InstrumentMention, ProvisionRecord, Span
from forcelaw.profile.text import Line

UNITS: dict[str, str] = {
    "article": "article",
    "art.": "article",
    "section": "section",
    "s.": "section",
    "rule": "rule",
    "regulation": "regulation",
    "paragraph": "paragraph",
    "clause": "clause",
}
# Common-law profiles write "section 3(1) of the Criminal Law Act 1967" and "s. 3(1)".
_UNIT = r"(?P<unit>[Aa]rticle|Art\.|[Ss]ection|s\.|Rule|Regulation|Paragraph|Clause)"
# A number, its paragraph and the paragraph's items: "835a(c)(1)" is item 1 of paragraph c.
# French codes number an article by its book and chapter, with the part of the code it is in:
# "Article 122-5 of the Penal Code", "Article L. 435-1"; and an article inserted after another
# is "5 bis".
_NUMBER = (
    r"(?P<num>(?:[LRD]\.?\s?)?\d{1,4}(?:-\d{1,4}){0,2}[A-Za-z]?(?:\s(?:bis|ter|quater)\b)?)"
    r"(?:\((?P<para>[0-9A-Za-z]{1,4})\)(?P<items>(?:\([0-9A-Za-z]{1,4}\)){0,3}))?"
    r"(?!\()"  # never a number read in part: "835a" of "835a(c)(1)(A)(i)(x)"
)
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'\-]*"
_NAME_PART = rf"(?:d[’'])?{_NAME_WORD}"  # "d’Ivoire" goes on a name
# A bracketed part of a short title: "Criminal Law (Consolidation) (Scotland) Act 1995".
_BRACKETED = rf"\({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\)"
# A short title's year, part of its name: "Police Act 1996" is not the "Police Act 1964".
# and the jurisdiction after it: the "Police Act 1990 (NSW)" is not the "Police Act 1990 (Vic)".
# Southern African and other Commonwealth citations number the Act in its year: "Criminal
# Procedure Act 51 of 1977" is the Criminal Procedure Act of 1977.
# American short titles put "of" before it: the "Civil Rights Act of 1964" is not that "of 1991".
# South Asian short titles put a comma before the year: "the Police Act, 1861" is not the
# "Police Act, 1949".
_TITLE_YEAR = (
    rf"(?P<titled>(?:\s+{_BRACKETED})?,?\s+(?:(?P<act_no>\d{{1,4}})\s+of\s+|of\s+)?"
    r"(?P<year_after>\d{4})(?![\w/])"
    r"(?:\s+\((?:[A-Z][A-Za-z]{1,4}|Cth)\))?)?"
)
# A law's number, which names it: "Supreme Decree No. 4078", "Law No. 2015/009", "No. 3-FZ",
# as French, Portuguese and Spanish write the mark: "Loi n° 2016-012", "Lei n.º 13.060/2014".
_NO_MARK = r"(?:No\.?|no\.|[Nn]\.?\s?[°º]|Number)"
# A number may open with a series' letters: "Royal Decree No. M/1", "Decree No. A-12".
_NO = _NO_MARK + r"\s*(?:[A-Z]{1,3}[/\-])?\d[\w./\-]*(?<![./\-])"
# Laws numbered within their year: "Law No. 107 of 2013" is not "Law No. 107 of 2014"; and a
# Spanish law's number over its year without a mark: "Ley Orgánica 4/2015".
_LAW_NUMBER = (
    rf"(?P<numbered>\s+(?:{_NO}(?:\s+of\s+\d{{4}}(?![\w/]))?|\d{{1,5}}/\d{{4}}(?![\w/])))?"
)
# Laws as French, Portuguese and Spanish name them, known by their number ("Loi n° 2016-012",
# "Decreto Supremo N° 012-2016-IN", "Ley Orgánica 4/2015"): the keyword comes first.
_ROMANCE = r"(?:Loi|Lei|Ley|Décret|Decreto(?:-Lei)?|Arrêté|Ordonnance)"
_ROMANCE_NAME = rf"{_ROMANCE}(?:\s+{_NAME_WORD}){{0,2}}?(?=\s+(?:{_NO}|\d{{1,5}}/\d{{4}}))"
# What a law is on, in quotes after its name, as post-Soviet states title laws: the Law of the
# Republic of Tajikistan "On the Police" is the Law on the Police.
# "by" within a name, before who its subject is done by: the "Act on the Performance of Duties
# by Police Officers" is not the one "by Customs Officers"; never before an instrument that made
# the law ("the Law on Police by Royal Decree No. 5").
_BY = (
    r"by(?=\s+[A-Z])(?!\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+){0,2}"
    r"(?:Constitution|Code|Act|Law|Decree|Ordinance|Regulations|Order|Resolution)\b)"
)
_QUOTED_SUBJECT = r"(?P<quoted>\s+[\"“«]On\s+[^\"“”«»]{1,120}[\"”»])?"
# The small words of a name in French, Spanish or Portuguese: the "Charte de la Transition".
_ROMANCE_OF = r"(?:de|la|le|les|du|des|del|da|do|dos|das|y|et)(?=\s+(?:la\s+|las\s+|los\s+)?[A-Z])"
_INSTRUMENT = (
    rf"(?:(?P<year>\d{{4}})\s+)?(?P<name>{_NAME_WORD}"
    rf"(?:\s+(?:of|the|on|and|for|{_BY}|{_ROMANCE_OF}|{_NAME_PART}|{_BRACKETED})){{0,12}})"
    rf"{_LAW_NUMBER}{_TITLE_YEAR}"
    + _QUOTED_SUBJECT
    + r"(?P<amended>\s*\(as amended(?:\s+in\s+\d{4})?\))?"
)
_VERBS = (
    r"(?:provides|states|stipulates|reads|declares|guarantees|prescribes|establishes|specifies|"
    r"requires|prohibits|says)"
)
_OPEN = '"“«'
_CLOSE = '"”»'
# "of the Police Act", or "of" before a numbered law: "Article 37 of Law No. 2015/009".
_OF_THE = rf"\s+of\s+(?:the\s+|(?={_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+{_NO}))"
# The part a unit is numbered within, before it: "Article 1, Section 19 of the Constitution" is
# not "Article 5, Section 19" of it (nor "Chapter II, Section 5" "Chapter IV, Section 5").
_PART = (
    r"(?:(?P<part>(?:Article|Chapter|Part|Title|Book)\s+(?:\d{1,4}[A-Za-z]?|[IVXLC]{1,7})),\s+"
    r"(?=[Ss]ection|Rule|Regulation|Paragraph|Clause))?"
)
# or after it: "Section 1, Article III of the 1987 Constitution".
_PART_AFTER = (
    r"(?:,\s+(?P<part_after>(?:Article|Chapter|Part|Title|Book)\s+"
    r"(?:\d{1,4}[A-Za-z]?|[IVXLC]{1,7}))(?=\s+of\s))?"
)
_INLINE = re.compile(
    rf"{_PART}{_UNIT}\s+{_NUMBER}{_PART_AFTER}(?:{_OF_THE}{_INSTRUMENT})?\s+{_VERBS}(?:\s+that)?\s*[,:]?\s*"
    rf"[{_OPEN}](?P<text>[^{_OPEN}{_CLOSE}]{{1,100000}})[{_CLOSE}]"
)
_ACCORDING = re.compile(
    rf"(?:According\s+to|Under)\s+{_PART}{_UNIT}\s+{_NUMBER}{_PART_AFTER}(?:{_OF_THE}{_INSTRUMENT})?\s*[,:]\s*"
    rf"[{_OPEN}](?P<text>[^{_OPEN}{_CLOSE}]{{1,100000}})[{_CLOSE}]"
)
_BLOCK_INTRO = re.compile(
    rf"{_PART}{_UNIT}\s+{_NUMBER}{_PART_AFTER}(?:{_OF_THE}{_INSTRUMENT})?\b[^:]{{0,300}}:$"
)
# A title of a few capitalised words without a stop: an article's heading, above its text.
_TITLE = re.compile(r"^[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|of|and|the|to|on|in|for)){0,7}$")
# A list item's marker: "(a)", "(ii)", "b)".
_LETTERED = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivxl]{1,5})\)|[a-z]\))\s+\S")
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_STATE_WORDS = (
    r"(?:Republic|Kingdom|Federation|States|State|Union|Commonwealth|Principality|Sultanate|"
    r"Emirates|Duchy|Confederation|Nation)\b"
)
# A state's name after "of the Republic of": capitalised words, "and" between two of them.
_STATE_NAME = rf"(?:the\s+)?{_NAME_PART}(?:\s+(?:and\s+)?{_NAME_PART}){{0,4}}"
# A state's designation: "the Republic of Kazakhstan", "the Plurinational State of Bolivia",
# "the Lao People's Democratic Republic", "the Portuguese Republic".
_DESIGNATED = rf"the\s+(?:{_NAME_WORD}\s+){{0,3}}{_STATE_WORDS}(?:\s+of\s+{_STATE_NAME})?"
# What an instrument is of or on, after its keyword: part of its name.
_SUBJECT = (
    r"\s+(?:{})\s+(?:the\s+)?"
    + _NAME_WORD
    + r"(?:\s+(?:(?:of|the|and|for|in|"
    + _BY.replace("{", "{{").replace("}", "}}")
    + r")\s+)?"
    + _NAME_PART
    + "){{0,6}}"
)
# A mention starts a word (tried once a word, so a long run of capitals is read in linear time).
_MENTION = re.compile(
    rf"(?<![\w’'\-])(?:(?P<year>\d{{4}})\s+)?(?P<name>(?:(?:{_NAME_WORD}|{_BRACKETED})\s+"
    r"(?:(?:of|on|for|against|and)\s+)?){0,6}"
    rf"(?:Constitution|Code|Act|Law|Decree|Ordinance|Regulations)|{_ROMANCE_NAME})\b"
    + _LAW_NUMBER
    + _TITLE_YEAR
    + rf"(?:(?P<of>\s+of\s+{_DESIGNATED}(?:{_SUBJECT.format('on')})?)"
    # or what it is of or on ("Code of Criminal Procedure", "Law on the National Police")
    # "Law of Georgia on Police": what it is of, then what it is on
    rf"|(?P<subject>{_SUBJECT.format('of|on')}(?:{_SUBJECT.format('on')})?)"
    r"(?P<subject_year>,\s+\d{4}(?![\w/]))?)?"  # "the Code of Criminal Procedure, 1973"
     + _QUOTED_SUBJECT + r"(?P<amended>\s*\(as amended(?:\s+in\s+\d{4})?\))?"
)
# Names of law that are not a state's own instruments: international and UN law.
_NOT_NATIONAL = re.compile(
    r"^(?:UN|U\.N\.|United Nations|International|Customary|Humanitarian|European|African|"
    r"Inter-American|American|Arab|ASEAN|Universal)\b|\b(?:International|Humanitarian) Law$"
)
_LEADING_STOPWORDS = frozenset(
    {"The", "A", "An", "According", "Under", "In", "This", "That", "Its", "Their", "By", "Both"}
)
_BARE_KEYWORDS = frozenset(
    {"Code", "Act", "Law", "Decree", "Ordinance", "Regulations", "Loi", "Lei", "Ley", "Décret"}
)
# The state's name in an instrument's name, dropped from its key: "Law of the Republic of
# Tajikistan on Police" is the "Law on Police" (its subject stays: another law is on Assemblies).
_STATE_SUFFIX = re.compile(
    rf"\s+of\s+(?P<place>{_DESIGNATED})(?!\s+[A-Z])"
)  # not "the State Border"
# What a constitution is of is a place: "the Constitution of Guinea-Bissau".
_CONSTITUTION_OF = re.compile(rf"(?<=Constitution)\s+of\s+(?P<place>{_STATE_NAME})$")
# A constitution's own epithet: the "Political Constitution" is the state's constitution.
_EPITHET = re.compile(r"^(?:Political|Federal)\s+(?=Constitution$)")
# Small words that tell an English quote from one in another language of Latin script.
_ENGLISH_WORDS = frozenset(
    {
        "the", "of", "and", "to", "in", "a", "an", "is", "be", "shall", "may", "or", "any", "no",
        "not", "by", "for", "with", "every", "everyone", "person", "right", "has", "have", "his",
        "her", "their", "all", "which", "that", "this",
    }
)  # fmt: skip
_OTHER_WORDS = frozenset(
    {
        # French, Spanish, Portuguese, German, Italian
        "le", "la", "les", "des", "du", "et", "est", "une", "un", "toute", "personne", "droit",
        "nul", "peut", "dans", "sur", "pour",
        "el", "los", "las", "del", "y", "que", "tiene", "derecho", "toda", "ningún", "nadie",
        "será", "puede",
        "os", "dos", "não", "ou", "tem", "ninguém", "direito", "pessoa",
        "der", "das", "und", "ist", "nicht", "jeder", "recht", "auf", "niemand", "darf",
        "il", "gli", "di", "che", "ogni", "diritto", "alla", "nessuno", "è",
    }
)  # fmt: skip
_LEAD_IN_ENDS = (":", ";", "—", "–", " -")
_KEYWORD = re.compile(
    rf"\b(?:Constitution|Code|Act|Law|Decree|Ordinance|Regulations|{_ROMANCE})(?!\w)"
)
# Another instrument after the name's own keyword: "... on Public Assemblies and Decree No".
_AND_ANOTHER = re.compile(
    r"\s+and\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+){0,4}?"
    rf"(?:Constitution|Code|Act|Law|Decree|Ordinance|Regulations|{_ROMANCE})(?!\w)"
)
# A law number's mark, to be read as "No." wherever it is written "N°", "n.º" or "Number".
_MARK = re.compile(rf"^\s+{_NO_MARK}\s*")
_NUMBER_YEAR = re.compile(r"\sof\s+(?P<year>\d{4})$")
# A marked number over its year, all of it: "No. 107/2013" (not "No. 2015/009", a year first,
# nor "No. 12/2019/ND-CP", more than a number and a year).
_OVER_YEAR = re.compile(r"(?<=No\. )(?P<number>\d{1,5})/(?P<year>(?:1[89]|20)\d{2})$")
# A capitalised abbreviation just before a name, which goes on the name: "Cal. Penal Code" is
# California's Penal Code, not the state's.
_ABBREVIATED_BEFORE = re.compile(r"(?<![\w.])[A-Z][a-z]{1,4}\.\s+$")
# Another name of a law in brackets after it: "(the Police Protection Law)", "(hereinafter the
# Police Law)", "(also known as the Police Act)".
_ALIAS_OPENS = re.compile(
    r"\s*\((?:the\s+|(?:hereinafter|also\s+known\s+as|known\s+as)\s+(?:the\s+)?)?"
)
_ALIAS_CLOSES = re.compile(r"[\"”]?\)")
# A law called by an adjective and a common noun beside its name, in apposition: "the Spanish
# law, Ley Orgánica 4/2015", "Ley Orgánica 4/2015, the Spanish law on ...", "(the French code)".
_LAW_NOUN = r"(?:law|code|act|decree|statute|constitution|legislation)"
_ADJECTIVE_BEFORE = re.compile(
    rf"(?<![\w’'\-])[Tt]he\s+(?P<adjective>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)?)\s+{_LAW_NOUN}"
    r"(?:,|\s+\()?\s+(?:the\s+)?$"
)
_ADJECTIVE_AFTER = re.compile(
    rf"(?:,|\s+\()\s*the\s+(?P<adjective>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)?)\s+{_LAW_NOUN}\b"
)
# A law and the instrument that issued it: "..., issued by Royal Decree No. M/2".
_ISSUED_BY = re.compile(
    r",?\s+(?:issued|promulgated|enacted|adopted|approved|put into force)\s+by\s+(?:the\s+)?"
)
_TRAILING_SMALL = re.compile(r"(?:\s+(?:of|the|on|and|for))+$")


@dataclass(frozen=True)
class InstrumentName:
    key: str
    name: str
    kind: str
    year: str | None
    as_amended: bool
    place: str | None = None
    own_key: str | None = None

    def mention(self, span: Span, section: str) -> InstrumentMention:
        """This name as mentioned at ``span`` of ``section``."""
        return InstrumentMention(
            self.key,
            self.name,
            self.kind,
            self.year,
            self.as_amended,
            span,
            section,
            self.place,
            self.own_key,
        )


def instrument_name(name: str, year: str | None, amended: str | None) -> InstrumentName | None:
    """Normalise a named instrument: key from its name, kind from its keywords; the state it is
    said to be of (``place``) and the key without it (``own_key``), for the mapper to tell the
    state's own instruments from another state's."""
    words = name.split()
    while words and words[0] in _LEADING_STOPWORDS:
        words = words[1:]
    cleaned = _TRAILING_SMALL.sub("", " ".join(words))
    keyword = _KEYWORD.search(cleaned)
    if keyword is not None:  # "Decree No. 14 on Assemblies and Decree No. 15": the first
        following = _AND_ANOTHER.search(cleaned, keyword.end())
        cleaned = cleaned[: following.start()] if following is not None else cleaned
    if not cleaned or cleaned in _BARE_KEYWORDS or _NOT_NATIONAL.search(cleaned):
        return None
    place_at = _STATE_SUFFIX.search(cleaned) or _CONSTITUTION_OF.search(cleaned)
    if place_at is None:
        base = _EPITHET.sub("", cleaned)
        return InstrumentName(slugify(base), cleaned, instrument_kind(base), year, bool(amended))
    base = _EPITHET.sub("", cleaned[: place_at.start()] + cleaned[place_at.end() :])
    return InstrumentName(
        slugify(cleaned),
        cleaned,
        instrument_kind(base),
        year,
        bool(amended),
        place_at.group("place").removeprefix("the "),
        slugify(base),
    )


def instrument_kind(name: str) -> str:
    folded = name.casefold()
    if "constitution" in folded:
        return "constitution"
    if "criminal procedure code" in folded or "code of criminal procedure" in folded:
        return "criminal-procedure-code"
    if "criminal code" in folded or "penal code" in folded:
        return "criminal-code"
    for word, kind in (("code", "code"), ("act", "act"), ("law", "law"), ("decree", "decree")):
        if re.search(rf"\b{word}\b", folded):
            return kind
    romance = re.match(r"(?:loi|lei|ley|décret|decreto|arrêté|ordonnance)\b", folded)
    if romance is not None:  # "Loi n° 2016-012", "Decreto Supremo N° 012-2016-IN"
        return "law" if romance.group(0) in ("loi", "lei", "ley") else "decree"
    if "regulation" in folded:
        return "regulation"
    return "other"


def find_mentions(line: Line, sentence: Span, section: str) -> list[InstrumentMention]:
    """Instruments named in one sentence."""
    text = line.text[sentence.start - line.span.start : sentence.end - line.span.start]
    found: list[InstrumentMention] = []
    position = 0
    while (match := _MENTION.search(text, position)) is not None:
        end = match.end()
        keyword = _KEYWORD.search(text, match.start("name"), end)
        another = _AND_ANOTHER.search(text, keyword.end(), end) if keyword is not None else None
        if another is not None:  # the next instrument is a mention of its own
            end = another.start()
        position = end
        named = _named(match)
        before = max(0, match.start() - 12)  # the word before, never the line back to its start
        if named is None or _ABBREVIATED_BEFORE.search(text, before, match.start()):
            continue  # "Cal. Penal Code": a name cut short at an abbreviation is not read
        start = sentence.start + match.start()
        span = Span(start, sentence.start + end, line.number)
        mention = named.mention(span, section)
        previous = found[-1] if found else None
        if previous is not None and _is_alias(text, previous.span.end - sentence.start, match, end):
            # "Law No. 31012 of 2020 (the Police Protection Law)": one law under two names
            mention = replace(mention, same_as=previous.key)
        said = _ADJECTIVE_BEFORE.search(text, max(0, match.start() - 80), match.start())
        said = said or _ADJECTIVE_AFTER.match(text, end)
        if said is not None:
            mention = replace(mention, adjective=said.group("adjective"))
        elif previous is not None and _ISSUED_BY.fullmatch(
            text, previous.span.end - sentence.start, match.start()
        ):
            # "the Saudi Law of Criminal Procedure, issued by Royal Decree No. M/2": the decree
            # is said of as its law is
            mention = replace(mention, adjective=previous.adjective or previous.name)
        found.append(mention)
    return found


def _is_alias(text: str, previous_end: int, match: re.Match[str], end: int) -> bool:
    """Whether the mention ``match`` (to ``end``) is in brackets right after the one that ends at
    ``previous_end``, as another name of it."""
    return (
        _ALIAS_OPENS.fullmatch(text, previous_end, match.start()) is not None
        and _ALIAS_CLOSES.match(text, end) is not None
    )


def cited_instruments(line: Line, section: str) -> list[InstrumentMention]:
    """Instruments named by the provision citations of a line ("Article 12 of the Law on the
    National Police provides ..."), each at its name: a citation names its instrument even where
    the name has none of the words a mention is found by."""
    found: list[InstrumentMention] = []
    matches = [*_INLINE.finditer(line.text), *_ACCORDING.finditer(line.text)]
    if (intro := _BLOCK_INTRO.search(line.text)) is not None:
        matches.append(intro)
    for match in matches:
        if match.group("name") is None:
            continue
        named = _named(match)
        if named is None:
            continue
        start = match.start("year") if match.group("year") else match.start("name")
        end = match.end("titled") if match.group("titled") else match.end("name")
        span = Span(line.span.start + start, line.span.start + end, line.number)
        found.append(named.mention(span, section))
    return found


def find_inline(line: Line, default: str | None, section: str) -> list[ProvisionRecord]:
    """Provisions quoted inside a sentence: `Article 15(1) of the X provides that "..."`."""
    records: list[ProvisionRecord] = []
    for pattern in (_INLINE, _ACCORDING):
        for match in pattern.finditer(line.text):
            key = _instrument_key(match, default)
            if key is None:
                continue
            quoted = match.group("text")
            # the quote without the spaces inside its marks, as French sets them: « ... »
            lead = len(quoted) - len(quoted.lstrip())
            quoted = quoted.strip()
            if not quoted:
                continue
            start = line.span.start
            text_start = start + match.start("text") + lead
            text_span = Span(text_start, text_start + len(quoted), line.number)
            cited = Span(start + match.start(), start + match.end(), line.number)
            records.append(
                ProvisionRecord(
                    key,
                    UNITS[match.group("unit").casefold()],
                    match.group("num"),
                    _paragraph(match),
                    quoted,
                    text_span,
                    cited,
                    section,
                    _part(match),
                )
            )
    return records


def block_intro(line: Line, last_sentence: Span) -> re.Match[str] | None:
    """The unit reference of a line whose last sentence introduces a quoted block ("...:")."""
    if not line.text.endswith(":"):
        return None
    return _BLOCK_INTRO.search(line.text, last_sentence.start - line.span.start)


def find_block(
    intro: re.Match[str],
    intro_line: Line,
    body: Sequence[Line],
    default: str | None,
    section: str,
    source: str,
) -> tuple[list[ProvisionRecord], int]:
    """Provisions quoted in the lines after an intro (``source`` is the profile's text, which a
    quote over several lines is a slice of); returns them and how many lines they use."""
    key = _instrument_key(intro, default)
    if key is None or not body:
        return [], 0
    unit = UNITS[intro.group("unit").casefold()]
    number = intro.group("num")
    cited = Span(
        intro_line.span.start + intro.start(),
        intro_line.span.start + intro.end(),
        intro_line.number,
    )
    numbered = [_NUMBERED.match(line.text) for line in body]
    if _paragraph(intro) is not None and numbered[0] is not None:
        # "Article 17(2):" then "1. ..." and "2. ...": the paragraph's items, all of it quoted
        items = len(list(itertools.takewhile(lambda m: m is not None, numbered)))
        para = _paragraph(intro)
        quoted = _quoted(key, unit, number, para, body[:items], cited, section, source)
        return [replace(quoted, part=_part(intro))], items
    if _paragraph(intro) is None and numbered[0] is not None:
        records = []
        for line, match in zip(body, numbered, strict=False):
            if match is None:
                break
            offset = line.span.start + match.start("text")
            span = Span(offset, offset + len(match.group("text")), line.number)
            records.append(
                ProvisionRecord(
                    key,
                    unit,
                    number,
                    match.group("n"),
                    match.group("text"),
                    span,
                    cited,
                    section,
                    _part(intro),
                )
            )
        return records, len(records)
    # "(a) ...;" then "(b) ...": a list goes on over the lines that carry its markers; an
    # article's own title ("Right to Life") goes with the text under it
    lines = 2 if len(body) > 1 and _TITLE.match(body[0].text) else 1
    # a lead-in ends with a colon, a semicolon or a dash: "... which includes the right—"
    if _LETTERED.match(body[lines - 1].text) or body[lines - 1].text.endswith(_LEAD_IN_ENDS):
        while lines < len(body) and _LETTERED.match(body[lines].text):
            lines += 1
    record = _quoted(key, unit, number, _paragraph(intro), body[:lines], cited, section, source)
    return [replace(record, part=_part(intro))], lines


def reads_as_english(text: str) -> bool:
    """Whether a quoted text reads as English: all its letters Latin, and fewer of the common
    small words of French, Spanish, Portuguese, German or Italian than of English ("Toute
    personne a droit à la vie" does not, "Everyone has the right to life" does)."""
    if any(char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in text):
        return False
    words = re.findall(r"[^\W\d_]+", text.casefold())
    english = sum(word in _ENGLISH_WORDS for word in words)
    other = sum(word in _OTHER_WORDS for word in words)
    return other <= english


def _quoted(
    key: str,
    unit: str,
    number: str,
    para: str | None,
    lines: Sequence[Line],
    cited: Span,
    section: str,
    source: str,
) -> ProvisionRecord:
    """A provision quoted over ``lines``: its text is the source's from the first line's start
    to the last one's end, line breaks and all, exactly as written."""
    first, last = lines[0], lines[-1]
    span = Span(first.span.start, last.span.end, first.number)
    text = source[span.start : span.end] if len(lines) > 1 else first.text
    return ProvisionRecord(key, unit, number, para, text, span, cited, section)


def _instrument_key(match: re.Match[str], default: str | None) -> str | None:
    if match.group("name") is None:
        return default
    named = _named(match)
    return named.key if named is not None else default


def _part(match: re.Match[str]) -> str | None:
    """The part a citation's unit is numbered within, written before or after it."""
    return match.group("part") or match.group("part_after")


def _paragraph(match: re.Match[str]) -> str | None:
    """The paragraph a citation names, with its items as written: "2", "c(1)"."""
    para = match.group("para")
    return None if para is None else para + match.group("items")


def _named(match: re.Match[str]) -> InstrumentName | None:
    """The instrument a mention or a citation names: its name with a short title's year
    ("Police Act 1996") and what it is of or on, and its year, before or after the name."""
    groups = match.groupdict()
    numbered = match.group("numbered") or ""
    full = match.group("name") + numbered + (match.group("titled") or "")
    full += groups.get("of") or groups.get("subject") or ""
    full += groups.get("subject_year") or ""
    if groups.get("quoted"):  # 'Law "On the Police"' is the "Law on the Police"
        full += " on " + groups["quoted"].strip()[1:-1].split(None, 1)[1]
    year = match.group("year") or match.group("year_after")
    year = year or (groups.get("subject_year") or "").lstrip(", ") or None
    named = instrument_name(full, year, match.group("amended"))
    if named is not None and match.group("act_no"):  # the Act of its year, whatever its number
        unnumbered = full.replace(f" {match.group('act_no')} of ", " ", 1)
        plain = instrument_name(unnumbered, year, match.group("amended"))
        named = replace(named, key=plain.key) if plain is not None else named
    if named is None or not numbered:
        return named
    # a numbered law is known by its number, whatever of its title a mention gives, and
    # whichever mark its number has ("N° 012-2016-IN" is "No. 012-2016-IN")
    marked = _MARK.sub(" No. ", numbered, count=1)
    # "Law No. 107/2013" is "Law No. 107 of 2013": a number over a year is that year's
    marked = _OVER_YEAR.sub(r"\g<number> of \g<year>", marked)
    numbered_name = instrument_name(match.group("name") + marked, None, None)
    key = numbered_name.key if numbered_name is not None else named.key
    within = _NUMBER_YEAR.search(marked)  # "Law No. 107 of 2013": of 2013
    return replace(
        named,
        key=key,
        place=None,
        own_key=None,
        year=within.group("year") if within is not None else named.year,
    )
