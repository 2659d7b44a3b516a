"""Sentence-level statements: absences ("there is no ...") and pronouncements in the caselaw."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from forcelaw.profile.records import (
    CITATION_JOIN,
    AbsenceRecord,
    BodyRecord,
    PronouncementRecord,
    Span,
)

# Any negation that may state an absence: a sentence with one never names an oversight body.
_NEGATION = re.compile(
    r"\bthere (?:is|are|was|were) (?:currently |still )?(?:no|not)\b"
    r"|\bthere(?:['’]s (?:currently |still )?no| (?:isn|aren|wasn|weren)['’]t)\b"
    r"|\bnot believed to be\b"
    r"|\b(?:does not|doesn['’]t) (?:specifically |explicitly |expressly |directly )?"
    r"(?:address|protect|provide|regulate|contain|mention|guarantee|refer|govern|establish|include)"
    r"|\bno known\b"
    r"|\b(?:has|have) no\b",
    re.IGNORECASE,
)
_QUALIFIER = r"(?:currently |still |yet |presently |at present |as yet )?"
_DETERMINER = r"(?:any |a |an |the )?"
# The constructions that state an absence, each with the phrase naming what is absent (``thing``).
# An existential one (``there is no X``, ``no X exists``) says that X does not exist; a
# ``does not`` one (``the Constitution does not address X``) says that its subject lacks X.
_EXISTENTIAL = re.compile(
    r"\bthere (?:is|are|was|were) " + _QUALIFIER + r"(?:"
    r"not (?:believed|known|thought|understood) to (?:be|have been) "
    + _DETERMINER
    + r"|not (?:any|a|an) |no known |no "
    r")(?P<thing>\S.*)"
    # written with a contraction: "there's no X", "there isn't any X"
    r"|\bthere(?:['’]s " + _QUALIFIER + r"no |"
    r" (?:isn|aren|wasn|weren)['’]t " + _QUALIFIER + r"(?:any|a|an) )(?P<contracted>\S.*)"
    r"|\bthere (?:does|do|did) not (?:appear|seem) to (?:be|have been) "
    + _DETERMINER
    + r"(?P<hedged>\S.*)",
    re.IGNORECASE,
)
# A sentence that opens with "No X" (capital: not the tail of a sentence cut inside a quote).
_NO_SUBJECT = re.compile(r"^No (?P<subject>\S.*)")
_LACKS = re.compile(
    r"^(?P<owner>.{1,200}?) (?:"
    r"(?:does not|doesn['’]t) (?:specifically |explicitly |expressly |directly |yet |currently )?"
    r"(?:address|protect|provide for|provide|regulate|contain|mention|guarantee|refer to|govern|"
    r"establish|include|have|recognise|recognize|enshrine) "
    + _DETERMINER
    + r"|(?:has|have|had) no (?:known )?"
    r"|lacks? "
    + _DETERMINER
    + r"|(?:is|are) not (?:subject to|under) the jurisdiction of "
    + _DETERMINER
    + r")(?P<thing>\S.*)",
    re.IGNORECASE,
)
# Someone else's words: an absence after these is what a court or a body said, not the profile.
_REPORTED = re.compile(
    r"\b(?:held|noted|found|observed|concluded|stated|said|reported|considered|ruled|declared|"
    r"argued|claimed|alleged|expressed concern|regretted|recommended|urged|determined)\b"
    r"(?: [^,.;:]{0,80})? that\b",
    re.IGNORECASE,
)
# A body asking something of a state: "recommended (that) ...", "urged X to", "called on X to",
# "called upon X to", "called for ...", "requested X to" or "requested that ...". Urging, calling
# on and requesting ask someone to do something; without "to" or "that" ("requested information")
# they are no recommendation.
_RECOMMENDING = re.compile(
    r"\b(?:recommend(?:ed|s)\b|called for\b|calls for\b"
    r"|(?:urged|urges|called (?:up)?on|calls (?:up)?on|requested|requests)"
    r"(?= that\b|(?: [^,.;:]{1,120}?)? to [a-z]))"
)
_OWN_REACH = 400
# What may come between an author's name and its own verb: "also", "further", "strongly", the
# acronym given to its name ("the Committee against Torture (CAT) recommended ...").
_ADVERBS_ONLY = re.compile(
    r"^\s*(?:(?:also|further|again|strongly|repeatedly|specifically|therefore|moreover|"
    r"furthermore|in particular|,|\([A-Z][A-Za-z]{0,10}\))\s*)*$"
)
# An aside between the author's name and its verb, set off by commas: "The Committee, noting
# reports of killings in custody, recommended ...", "the Commission, in its report, urged ...".
# Whatever the aside says (someone else's words too), the verb after it is the author's.
_ASIDE = re.compile(
    r"^\s*,\s*(?:(?:while|also|further|again)\s+)?"
    r"(?:[a-z]+ing|(?:deeply\s+)?concerned|alarmed|mindful|aware|in|at|after|following|"
    r"despite|under|with|recalling)\b[^;:\"“”]{0,300}?,"
    r"\s*(?:(?:also|further|again|strongly|therefore)\s+)*$"
)
# A clause of the author's own before "and" or a comma: "expressed concern about ... and ".
_OWN_CLAUSE = re.compile(r"^\s*[a-z][^;:\"“”]*?(?:,? and|,)(?: also| further)? $")
# Words that hand the clause to someone else's words or to another subject.
_NOT_OWN = re.compile(
    r"\b(?:that|which|who|whom|whose|whether|if|because|as|when|where|while|had|has|have|"
    r"was|were|been|being|is|are)\b"
)
_HEDGED = re.compile(
    r"\bbelieved\b|\bno known\b|\bappears?\b|\bunderstood\b|\breportedly\b|\bseems?\b|\bthought\b",
    re.IGNORECASE,
)
# "No other X", "no further X": none beside the ones named, not none at all.
_OTHER = re.compile(
    r"^(?:any\s+|a\s+|an\s+)?"
    r"(?:other|further|additional|second|more)\b",
    re.IGNORECASE,
)
# What is lacking is information about something: "(no) information was found on ...".
_NO_INFORMATION = re.compile(
    r"^(?:information|data|details|records?|evidence)"
    r"(?:\s+(?:was|were|has been|have been|could be|can be|is|are))?"
    r"(?:\s+(?:found|available|located|identified|obtained|publicly available))?"
    r"\s+(?:on|about|regarding|concerning|as to)\s+(?P<about>\S.*)",
    re.IGNORECASE,
)
# "No one shall ...", "No police officer may ...": a rule, not a statement that something is absent.
_MODAL = re.compile(r"^(?:\S+ ){1,4}?(?:shall|may|must|can|could|should|will|would|is to)\b", re.I)
# Idioms in the existential form that state no absence ("there is no doubt that ...").
_IDIOMS = re.compile(
    r"^(?:doubt|question|need|reason|way|time|point|alternative|choice|indication|sign)\b",
    re.IGNORECASE,
)
_INSTRUMENT_WORDS = re.compile(
    r"\b(?:constitution|act|code|law|laws|legislation|statute|decree|ordinance|regulations?)\b",
    re.IGNORECASE,
)
# Legislation said to be lacking, not a law's enforcement ("use of force by law enforcement").
_LEGISLATION = re.compile(r"\b(?:legislation|laws?(?! enforcement)|statutes?|acts?)\b")
# An owner that is the state's legislation as a whole, not one instrument of it.
_LEGISLATION_AT_LARGE = re.compile(
    r"^(?:the |its )?(?:\w+ )?(?:legislation|laws|legal framework|statutes)$|^(?:the )?law$",
    re.IGNORECASE,
)
_CASELAW = ("caselaw", "case law", "case-law", "jurisprudence")
_OVERSIGHT_BODIES = (
    "body",
    "bodies",
    "mechanism",
    "authority",
    "commission",
    "agency",
    "institution",
    "ombudsman",
    "ombudsperson",
    "office",
    "inspectorate",
    "board",
)
_TREATY_WORDS = ("treaty", "treaties", "convention", "charter", "instrument")
# An absence in the past, or up to a time: history, not what the state lacks now.
_HISTORY = re.compile(
    r"\b[Tt]here (?:was|were|had been)\b|\b(?:did not|had no|lacked)\b"
    r"|\b(?:[Uu]ntil|[Tt]ill)\b(?! (?:now|today|the present))"
    r"|\b(?:[Bb]efore|[Pp]rior to)\s+(?:the\s+)?(?:\d{4}|[A-Z])"  # not "a body before which"
)
# Where something is said to be absent: "in Kazakhstan", "in the Kurdistan Region".
_IN_PLACE = re.compile(
    r"\bin (?:the )?(?P<place>[A-Z][\w’'\-]*(?:\s+(?:and\s+|of\s+(?:the\s+)?)?[A-Z][\w’'\-]*){0,5}"
    r"(?:\s+\([A-Z][^()]{0,40}\))?)"
)
# Where the text limits an absence to a part of the state without naming it: "in some
# provinces", "in several of its districts", "in parts of the country".
_IN_PART = re.compile(
    r"\bin (?P<place>(?:(?:some|certain|several|many|most|a few|a number)(?: of (?:the|its))? "
    r"(?:regions|provinces|states|districts|areas|parts|cantons|counties|oblasts|municipalities|"
    r"governorates|departments|prefectures|territories|islands)"
    r"|(?:parts?|much|most) of the (?:country|territory)))\b"
)
# "None.", "None known.", "None to date.": all a section says when it has nothing to list.
_NONE_LISTED = re.compile(
    r"^(?:None|Nothing|Not any)(?P<hedge> (?:known|reported|found|identified))?"
    r"(?: (?:to date|so far|at present|as yet))?\.?$",
    re.IGNORECASE,
)
# What a section lists, so what "None." under its heading says is absent.
_SECTION_ABSENCES = {
    "treaties-regional": "regional-human-rights-treaty",
    "legislation-use-of-force": "use-of-force-legislation",
    "oversight": "independent-police-oversight-body",
    "caselaw-national": "national-caselaw",
    "caselaw-regional": "regional-caselaw",
    "caselaw-global": "global-caselaw",
    "caselaw-global-treaty-bodies": "global-caselaw",
}
_CASELAW_LEVELS = {
    "caselaw-national": "national-caselaw",
    "caselaw-regional": "regional-caselaw",
    "caselaw-global": "global-caselaw",
    "caselaw-global-treaty-bodies": "global-caselaw",
}
_DOCUMENT_TYPES = (
    ("concluding observations", "concluding-observations"),
    ("views", "views"),
    ("judgment", "judgment"),
    ("judgement", "judgment"),
    ("ruling", "judgment"),
    ("decision", "decision"),
    ("opinion", "decision"),
    ("report", "report"),
    ("communication", "joint-communication"),
    ("statement", "statement"),
)
_IN_ITS_YEAR = re.compile(
    r"^In its (?P<year>\d{4}) (?P<doc>[A-Za-z][A-Za-z ]{2,60}?) on (?P<subject>[^,]{1,120}), "
    r"the (?P<rest>\S.*)$"
)
# A decision's date as profiles write it: "12 May 2016", "May 12, 2016", "2016-05-12", "May 2016",
# and day first with stops, as the European Court's judgments are dated ("21.01.2013"; with
# slashes the day may be first or second, so "10/05/2019" is no date we can read).
_DATE = (
    r"\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.? \d{4}"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|[A-Z][a-z]{2,8}\.? \d{4}"
)
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
_DOCS = r"(?P<doc>judgment|judgement|decision|ruling|views|Views|opinion)"
# Where a case is reported, after its name: a US reporter ("471 U.S. 1 (1985)", "F.3d 12 (9th
# Cir. 2015)"), an Indian one ("(2014) 10 SCC 635", "AIR 1997 SC 610"), a neutral citation
# ("[2017] UKSC 25", "[2017] EWCA Civ 142", "2019 SCC 5"), a European Court application number
# ("(no. 18984/91)", "[GC], no. 5878/08"), an Inter-American Court series ("Series C No. 20") or
# a treaty body's communication ("(communication no. 2345/2014)").
_CITATION = (
    # volume, reporter ("U.S.", "S. Ct.", "F.3d", "Cal. Rptr. 2d"), page, (court and) year
    r"\d{1,4} [A-Z][A-Za-z]{0,8}\.(?: ?(?:[A-Z][A-Za-z]{0,8}\.|[234]d|\d?th)){0,4} \d{1,5}"
    r"(?:, \d{1,5})?(?: \((?:[\w.]{1,12} ){0,4}\d{4}\))?"
    # or a series written without stops: "12 UzLR 45 (2010)", "2 All ER 123" (two capitals at
    # least in its last word: "12 May 2016" is a date)
    r"|\d{1,4} (?:[A-Z][A-Za-z]{0,7} )?(?=[a-z]{0,6}[A-Z][a-z]{0,6}[A-Z])[A-Z][A-Za-z]{1,7} \d{1,5}"
    r"(?:, \d{1,5})?(?: \((?:[\w.]{1,12} ){0,4}\d{4}\))?"
    # a report by its year in brackets, volume and page, as Commonwealth series are cited:
    # India's "(2014) 10 SCC 635", the West Indian Reports' "(2018) 92 WIR 45"
    r"|\(\d{4}\) \d{1,3} [A-Z]{2,5} \d{1,5}|AIR \d{4} SC \d{1,5}"
    r"|\[\d{4}\] [A-Z]{2,6}(?: (?:Civ|Crim|Admin|QB|KB|Ch|Fam))? \d{1,5}"
    r"(?: \([A-Z][A-Za-z]{1,6}\))?"
    r"|\d{4} [A-Z]{2,6} \d{1,5}"
    r"|(?:\[GC\],? )?\(?(?:[Aa]pplication )?[Nn]os?\. \d{1,6}/\d{2,4}"
    r"(?:(?:,| and) \d{1,6}/\d{2,4}){0,5}\)?"
    # the European Court's reports ("ECHR 2011", "ECHR 2011-III") and South Africa's
    # ("1995 (3) SA 391 (CC)")
    r"|ECHR \d{4}(?:-[IVX]{1,5})?|\d{4} \(\d{1,2}\) [A-Z]{2,4} \d{1,5}(?: \([A-Z]{1,4}\))?"
    r"|\[GC\]|\(?Series C No\. \d{1,4}\)?|\(?[Cc]ommunication [Nn]o\. \d{1,5}/\d{2,4}\)?"
)
# A communication's number before the case's name: "Communication 246/02, Mouvement ... v. X".
_COMMUNICATION = r"Communications? (?:No\. )?\d{1,4}/\d{2,4}(?:(?:,| and) \d{1,4}/\d{2,4}){0,4}"
_CITED_YEAR = re.compile(r"[\[(](\d{4})[\])]|^(\d{4}) |\s(\d{4})\)$|^AIR (\d{4})|\bECHR (\d{4})")
# A case's citations, one after another: "[GC], no. 23458/02, ECHR 2011".
_CITATIONS = rf"(?:{_CITATION})(?:, (?:{_CITATION})){{0,2}}"
_IN_ITS_CASE = re.compile(
    rf"^In its {_DOCS} in (?:the case of )?(?:(?P<lead>{_COMMUNICATION}),? )?"
    rf"(?P<case>[^,]{{1,200}}?)(?:,? (?P<citation>{_CITATIONS}))?"
    # its date after the case's name, said when ("delivered on", "of") or bare (", 12 May 2016")
    r"(?:,? (?:(?:(?:delivered|adopted|issued|handed down|given|decided) "
    rf"(?:on|in)|of|dated) )?(?:(?P<date>{_DATE})|(?P<in_year>\d{{4}})))?, the (?P<rest>\S.*)$"
)
# "In its judgment of 12 May 2016 in Petrov v. Arcadia, the ...", "of 2015 in ..."
_IN_ITS_DATED_CASE = re.compile(
    rf"^In its {_DOCS} (?:of|dated) (?:(?P<date>{_DATE})|(?P<in_year>\d{{4}})) in (?:the case of )?"
    rf"(?:(?P<lead>{_COMMUNICATION}),? )?(?P<case>[^,]{{1,200}}?)"
    rf"(?:,? (?P<citation>{_CITATIONS}))?, the (?P<rest>\S.*)$"
)
# "In Tennessee v. Garner, 471 U.S. 1 (1985), the Supreme Court held ...": a case by its name
# and where it is reported, its year the citation's; or with its year alone ("X v. Y (1988)").
# and the date of its judgment after them, as the European Court's are cited: "In Novak v.
# Moravia, no. 12345/06, 14 March 2010, the ..." or "(Application no. 12345/06), judgment of
# 14 March 2010".
_IN_CASE = re.compile(
    # the respondent's side may have what the judgment decided in brackets, commas and all:
    # "X v. Aragua (Preliminary Objections, Merits, Reparations and Costs)"
    r"^In (?:the [Cc]ase of )?(?!(?:its|an?) )"  # "In its judgment in X v. Y" is _IN_ITS_CASE's
    r"(?P<case>[^,]{1,200}?\s(?:v|vs)\.?\s(?:[^,(]|\([^()]{1,120}\)){1,200}?)"
    # a date is no report ("9 Nov. 2021" reads as a volume, a reporter and a page)
    rf"(?:,? (?!(?:{_DATE}), the )(?P<citation>{_CITATIONS})| \((?P<in_year>\d{{4}})\))?"
    rf"(?:,? (?:(?:judgment|judgement|decision) )?(?:(?:of|dated|delivered on) )?"
    # or the report after the date, as the Inter-American Court's are cited: "judgment of 12
    # November 2012, Series C No. 250"
    rf"(?P<date>{_DATE})(?:, (?P<cited_after>{_CITATIONS}))?)?, the (?P<rest>\S.*)$"
)
_IN_YEAR = re.compile(
    r"^(?:In (?:(?P<month>[A-Z][a-z]{2,8}) )?(?P<year>\d{4})"
    r"|On (?P<day>\d{1,2})(?:st|nd|rd|th)? (?P<on_month>[A-Z][a-z]{2,8})\.? (?P<on_year>\d{4})),? "
    r"the (?P<rest>\S.*)$"
)
# A decision cited by its court and its year or date alone: "In a 2015 decision, the ...", "In
# its 2019 ruling, the ...", "In a judgment of 12 May 2015, the ...".
_IN_A_DECISION = re.compile(
    rf"^In (?:a|an|its) (?:(?P<year>\d{{4}}) {_DOCS}"
    rf"|{_DOCS.replace('doc', 'dated_doc')} (?:of|dated|(?:delivered|issued|handed down|given) "
    rf"(?:on|in)) (?:(?P<date>{_DATE})|(?P<in_year>\d{{4}}))),? the (?P<rest>\S.*)$"
)
_VERSUS = re.compile(r"\s+(?:v|vs)\.?\s+")
_TRAILING_BRACKET = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])$")
_YEAR_IN_DATE = re.compile(r"\d{4}(?=$|-\d{2}-\d{2}$)")
_MONTH_YEAR = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{4}$")
_BODY_WORDS = (
    r"Office|Commissioner|Commission|Authority|Directorate|Inspectorate|Ombudsman|Ombudsperson|"
    r"Board|Council|Bureau|Agency|Unit|Committee|Protector|Tribunal|Service"
)
_CAPITALISED = r"[A-Z][\w’'\-]*"
# A body's name runs to its last body word ("Police Service Commission", not "Police Service"),
# with what it is of or for ("Independent Office for Police Conduct", "Police Ombudsman for
# Northern Ireland", "Office of the Public Protector").
# A body word may have "General" after it ("Inspectorate General of Police Services"), and the
# name say what it is of more than once ("Office of the Police Ombudsman of São Paulo State",
# "... for Police Affairs of the Ministry of Interior"); its acronym in brackets after it is the
# name it goes by later ("The IGSP reports ...").
_OVERSIGHT_SUBJECT = re.compile(
    rf"^The\s+(?P<name>(?:{_CAPITALISED}\s+(?:and\s+)?){{0,6}}(?:{_BODY_WORDS})(?:\s+General)?"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAPITALISED}(?:\s+(?:and\s+)?{_CAPITALISED}){{0,4}})"
    r"{0,4})\b(?:\s+\((?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z]{1,8})\))?"
    # what it is of after its acronym is of its name too: "the Civilian Complaint Review Board
    # (CCRB) of New York City" is New York City's, not a body of the state
    rf"(?P<of_after>(?:\s+(?:of|for)\s+(?:the\s+)?{_CAPITALISED}(?:\s+(?:and\s+)?{_CAPITALISED}){{0,4}})"
    r"{0,4})"
)
# A body by the acronym it was given: "The IGSP ...", "In 2018, the IOPC ...".
_BY_ACRONYM = re.compile(
    r"^(?:(?:In|On|Since|By|From|After|Until)\s[^,]{1,40},\s+)?[Tt]he\s+"
    r"(?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z]{1,8})(?![\w\-’'])"
)


def recommends(words: str) -> bool:
    """Whether ``words``, what a pronouncement's sentence says after its author's name, are the
    author's own recommendation to the state: "recommended that ...", "urged the State party to
    ...", "called on Borealia to ...", "called upon ...", "called for ...", "requested the
    Government to ...". The verb is the author's: right after its name, or after a clause of its
    own joined by "and" ("expressed concern ... and urged ..."), or after an aside set off by
    commas ("the Committee, noting reports of killings, recommended ..."); one inside someone
    else's words or of another subject ("noted that the Ombudsman had recommended ...") is not."""
    words = words[:_OWN_REACH]  # its own verb comes early; a long sentence is not read again
    for match in _RECOMMENDING.finditer(words):
        before = words[: match.start()]
        if (
            _ADVERBS_ONLY.match(before)
            or _ASIDE.match(before)
            or (_OWN_CLAUSE.match(before) and not _NOT_OWN.search(before))
        ):
            return True
    return False


def reports_speech(text: str) -> bool:
    """True if ``text`` gives someone else's words ("X has reported that ...", "the Court held
    that ..."): what follows is theirs, not the profile's."""
    return _REPORTED.search(text) is not None


def find_absence(text: str, span: Span, section: str) -> AbsenceRecord | None:
    """The absence a sentence states in the profile's own voice, classified by what is said to
    be absent, or None.

    Only what the absence construction itself names counts: "The Inspectorate has no power to
    prosecute" states no absence of an oversight body, "The Police Act does not regulate plastic
    bullets" none of use-of-force legislation. An absence inside someone else's words ("the Court
    held that there was no justification ...") is theirs, not the profile's. A construction whose
    object fits no kind is kept as ``unclassified`` only where it surely states an absence: an
    existential sentence ("There are no statistics ...") or an instrument that lacks something
    ("The Constitution does not guarantee ..."); anything else ("No X ...", "The Office has no
    power ...") is left to the sentence's coverage rather than risk a fact the text does not
    state.

    A sentence that is only "None." or "None known." under a heading that says what it lists
    (the national caselaw, the regional treaties, police oversight) states that there is none
    of it."""
    listed = _NONE_LISTED.match(text)
    if listed is not None:
        kind = _SECTION_ABSENCES.get(section)
        if kind is None:
            return None
        hedge = "believed" if listed.group("hedge") else "asserted"
        return AbsenceRecord(kind, hedge, span, section)
    if _HISTORY.search(text):
        return None  # "there was no oversight body until 2015": not what is absent now
    found = _absence_phrase(text)
    if found is None:
        return None
    thing, owner, existential = found
    if _IDIOMS.match(thing):
        return None
    unknown = _NO_INFORMATION.match(thing)
    if unknown is not None:
        # "No information was found on any oversight body": none is known, which is not "there
        # is none"; and information lacking on "the" body says nothing of whether it exists
        if unknown.group("about").casefold().startswith(("the ", "its ", "their ")):
            return None
        thing = unknown.group("about")
    if _OTHER.match(thing):
        return None  # "no other oversight body": none beside those named, which exist
    kind = classify_absence(thing, owner, section)
    if kind is None:
        if (not existential and not _INSTRUMENT_WORDS.search(owner)) or unknown is not None:
            return None
        kind = "unclassified"
    hedge = "believed" if _HEDGED.search(text) or unknown is not None else "asserted"
    scope = _IN_PART.search(thing) or _IN_PLACE.search(thing)
    return AbsenceRecord(kind, hedge, span, section, scope.group("place") if scope else None)


def _absence_phrase(text: str) -> tuple[str, str, bool] | None:
    """What the sentence says is absent, who lacks it ("" for an existential statement), and
    whether the statement is existential; None without an absence in the profile's voice."""
    for match in _EXISTENTIAL.finditer(text):
        if not _REPORTED.search(text, 0, match.start()):
            thing = match.group("thing") or match.group("contracted") or match.group("hedged")
            return thing, "", True
    opening = _NO_SUBJECT.match(text)
    # "No X ...": kept only if X names a kind; a rule ("No one shall ...") states no absence
    if opening is not None and not _MODAL.match(opening.group("subject")):
        return opening.group("subject"), "", False
    lacks = _LACKS.match(text)
    if lacks is not None and not _REPORTED.search(lacks.group("owner")):
        return lacks.group("thing"), lacks.group("owner"), False
    return None


def classify_absence(thing: str, owner: str, section: str) -> str | None:
    """The absence kind of ``thing`` (lacked by ``owner``, in ``section``), or None if it names
    none of them."""
    folded = thing.casefold()
    lacking = owner.casefold()
    if "oversight" in folded or (
        any(re.search(rf"\b{word}\b", folded) for word in _OVERSIGHT_BODIES)
        and any(w in folded for w in ("independent", "civilian", "external", "oversee"))
    ):
        return "independent-police-oversight-body"
    if "regional" in folded and "court" in folded:
        return "regional-human-rights-court"
    if "regional" in folded and any(w in folded for w in _TREATY_WORDS):
        return "regional-human-rights-treaty"
    if any(w in folded for w in _CASELAW):
        for level in ("national", "regional"):
            if level in folded:
                return f"{level}-caselaw"
        if "global" in folded or "international" in folded:
            return "global-caselaw"
        return _CASELAW_LEVELS.get(section)
    if "constitution" in lacking or "constitution" in folded:
        if "right to life" in folded:
            return "constitutional-right-to-life"
        if "force" in folded:
            return "constitutional-use-of-force-provision"
        return None
    # what one named instrument lacks ("The Criminal Code does not regulate the use of force")
    # is not the state's lack of legislation, and "law enforcement" is no law
    named = _INSTRUMENT_WORDS.search(lacking) and not _LEGISLATION_AT_LARGE.search(lacking)
    if not named and "force" in folded and _LEGISLATION.search(folded):
        return "use-of-force-legislation"
    return None


def find_pronouncement(text: str, span: Span, section: str) -> PronouncementRecord | None:
    """A pronouncement introduced at the start of a caselaw sentence, or None."""
    match = _IN_ITS_YEAR.match(text)
    if match is not None:
        return PronouncementRecord(
            match.group("rest"),
            document_type(match.group("doc")),
            match.group("year"),
            None,
            None,
            span,
            section,
            match.group("subject"),
        )
    match = _IN_ITS_CASE.match(text) or _IN_ITS_DATED_CASE.match(text)
    if match is not None:
        return _case(match, document_type(match.group("doc")), span, section)
    match = _IN_CASE.match(text)
    if match is not None:
        return _case(match, "unspecified", span, section)
    match = _IN_A_DECISION.match(text)
    if match is not None:
        said = match.group("date") or ""
        date = _iso_date(said) if said else None
        year_match = _YEAR_IN_DATE.search(said)
        year = match.group("year") or match.group("in_year")
        year = year or (year_match.group(0) if year_match is not None else None)
        if year is None or (said and _MONTH_YEAR.match(said) and not _is_month(said.split()[0])):
            return None
        doc = match.group("doc") or match.group("dated_doc")
        return PronouncementRecord(
            match.group("rest"), document_type(doc), year, date, None, span, section
        )
    match = _IN_YEAR.match(text)
    if match is not None:
        year = match.group("year") or match.group("on_year")
        date = None
        if match.group("day"):
            date = _iso_date(f"{match.group('day')} {match.group('on_month')} {year}")
            if date is None:
                return None  # "On 31 Foo 2019": not a date we can read
        return PronouncementRecord(
            match.group("rest"), "unspecified", year, date, None, span, section
        )
    return None


def _case(
    match: re.Match[str], doc_type: str, span: Span, section: str
) -> PronouncementRecord | None:
    """The pronouncement in a case: its name without the citation after it, which is kept
    apart (one case cited with and without its report is one case), and its year: the date's,
    the year it was given in, or the citation's; None without one."""
    groups = match.groupdict()
    said = groups.get("date") or ""
    if _MONTH_YEAR.match(said) and not _is_month(said.split()[0]):
        return None  # "of Petrov 2010": no date
    date = _iso_date(said) if said else None
    if date is None and _DOTTED_DATE.fullmatch(said):
        return None  # "31.02.2019": no date
    given = (groups.get("lead"), groups.get("citation"), groups.get("cited_after"))
    citations = [_unbracketed(c) for c in given if c]
    year_match = _YEAR_IN_DATE.search(said)
    year = year_match.group(0) if year_match is not None else groups.get("in_year")
    for citation in citations:
        cited = _CITED_YEAR.search(citation)
        year = year or (next(g for g in cited.groups() if g) if cited is not None else None)
    if year is None:
        return None
    return PronouncementRecord(
        match.group("rest"),
        doc_type,
        year,
        date,
        match.group("case").strip(),
        span,
        section,
        respondent(match.group("case")),
        CITATION_JOIN.join(citations) or None,
    )


def _unbracketed(citation: str) -> str:
    """A citation without the brackets around all of it: "(no. 18984/91)" is "no. 18984/91"."""
    inner = citation[1:-1]
    whole = citation.startswith("(") and citation.endswith(")") and "(" not in inner
    return inner if whole else citation


def respondent(case: str) -> str | None:
    """The party a case is against ("Konaté v. Burkina Faso" -> "Burkina Faso"), without what
    follows its name in brackets ("(application no. 5878/08)", "[GC]", "(No. 2)"); None for a case
    with no "v." in its name."""
    parts = _VERSUS.split(case)
    if len(parts) < 2:
        return None
    party = parts[-1].strip()
    while (bracket := _TRAILING_BRACKET.search(party)) is not None:
        party = party[: bracket.start()].rstrip()
    return party or None


def document_type(words: str) -> str:
    folded = words.casefold()
    for needle, key in _DOCUMENT_TYPES:
        if needle in folded:
            return key
    return "statement"


def _is_month(word: str) -> bool:
    word = word.rstrip(".").replace("Sept", "Sep")
    return any(_parses(word, pattern) for pattern in ("%B", "%b"))


def _parses(text: str, pattern: str) -> bool:
    try:
        datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


def _iso_date(text: str) -> str | None:
    if _DOTTED_DATE.fullmatch(text):
        try:
            return datetime.strptime(text, "%d.%m.%Y").date().isoformat()
        except ValueError:
            return None
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text).replace(".", "")
    text = re.sub(r"\bSept\b", "Sep", text)
    for pattern in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def find_oversight_body(text: str, span: Span, section: str) -> BodyRecord | None:
    """The body a police-oversight sentence is about ("The Independent Police Complaints Office
    ... investigates complaints"), when the sentence opens with its name."""
    if section != "oversight" or _NEGATION.search(text):
        return None
    match = _OVERSIGHT_SUBJECT.match(text)
    if match is None:
        return None
    name = match.group("name")
    if " " not in name:
        return None  # "The Office ..." refers back to a body named before
    start = span.start + match.start("name")
    end = span.start + match.end("name")
    if match.group("acronym") and match.group("of_after"):
        name += match.group("of_after")  # its name as it goes, the acronym aside
        end = span.start + match.end("of_after")
    return BodyRecord(
        name,
        "oversight-body",
        Span(start, end, span.line),
        span,
        section,
        match.group("acronym"),
    )


def find_body_by_acronym(
    text: str, span: Span, section: str, known: Mapping[str, BodyRecord | None]
) -> BodyRecord | None:
    """The body a police-oversight sentence opens with by the acronym an earlier sentence gave
    it ("The Independent Office for Police Conduct (IOPC) ..." then "The IOPC replaced ..."):
    that body, at the acronym; None for an acronym no body was given (or two were)."""
    if section != "oversight" or _NEGATION.search(text):
        return None
    match = _BY_ACRONYM.match(text)
    if match is None:
        return None
    named = known.get(match.group("acronym"))
    if named is None:
        return None
    start = span.start + match.start("acronym")
    at = Span(start, start + len(match.group("acronym")), span.line)
    return BodyRecord(named.name, named.body_type, at, span, section, named.acronym)
