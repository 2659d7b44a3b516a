"""The parser reads a profile folded (invisible characters left out, look-alike spaces and hyphens
as ASCII) and gives its spans in the text as written: soft hyphens, zero-width characters,
no-break spaces, tabs and non-breaking hyphens neither hide a heading nor cut a name, and every
quote is the source's own characters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcelaw.errors import ProfileError
from forcelaw.profile.fold import fold, restore
from forcelaw.profile.parse import parse
from forcelaw.profile.records import Sentence, Span
from tests.conftest import KZ, PROFILES
from tests.graph.small_profile import profile_text

_LAW = "The use of force is governed by Law No. 2014-12 of 2014 on the police."
_ARTICLE = 'Article 5 of Law No. 2014-12 provides that "Force is a last resort."'


def test_fold_leaves_out_invisible_characters_and_reads_look_alikes_as_ascii() -> None:
    written = "Consti\u00adtu\u200btion\u00a0of\tArt\u2011 5\u202f%"
    folded = fold(written)
    assert folded.text == "Constitution of Art- 5 %"
    # every folded character is the written one at its offset, or the one it stands for
    for position, char in enumerate(folded.text):
        assert written[folded.offset(position)] in {char, "\u00a0", "\t", "\u2011", "\u202f"}


def test_a_folded_span_is_read_back_without_the_invisible_characters_around_it() -> None:
    written = "\u200bab\u00adc\u200bd"
    folded = fold(written)
    assert folded.text == "abcd"
    span = folded.span(Span(0, 3, 1))  # "abc": the soft hyphen inside, neither ZWSP outside
    assert written[span.start : span.end] == "ab\u00adc"
    assert folded.span(Span(2, 2, 1)) == Span(4, 4, 1)


def test_restore_quotes_a_sentence_as_written() -> None:
    written = "A\u00a0b\u00adc."
    folded = fold(written)
    sentence = Sentence(Span(0, len(folded.text), 1), folded.text, "constitution")
    restored = restore(sentence, folded, written)
    assert restored.text == written
    assert restored.span == Span(0, len(written), 1)


def test_a_text_with_nothing_to_fold_is_its_own_folded_text() -> None:
    written = "Article 15(1) of the Constitution provides that “life” – it’s…"
    assert fold(written).text is written
    assert fold(written).gaps == ()


def test_a_soft_hyphen_or_word_joiner_in_a_heading_leaves_it_a_heading() -> None:
    text = profile_text().replace("Constitutional", "Consti\u00adtutional", 1)
    text = text.replace("Police Oversight", "\u2060Police Over\u200bsight", 1)
    profile = parse(text, "soft.txt")
    assert [s.key for s in profile.sections if s.level == 1] == [
        "constitution",
        "treaties",
        "legislation",
        "oversight",
        "caselaw",
    ]
    heading = profile.sections[0].heading
    assert text[heading.start : heading.end] == "Consti\u00adtutional Provisions"


@pytest.mark.parametrize(
    ("space", "hyphen"),
    [("\u00a0", "\u2011"), ("\u202f", "\u2010"), ("\t", "\u2011"), (" ", "-")],
)
def test_no_break_spaces_and_hyphens_read_as_ascii_keep_the_law_whole(
    space: str, hyphen: str
) -> None:
    legislation = (_LAW + " " + _ARTICLE).replace("No. ", f"No.{space}").replace("-", hyphen)
    text = profile_text(legislation=legislation.replace("Article 5", f"Article{space}5"))
    profile = parse(text, "nbsp.txt")
    keys = {m.key for m in profile.instruments}
    assert "law-no-2014-12-of-2014" in keys
    assert "law-no-2014" not in keys  # the number is not cut at the hyphen
    (provision,) = [p for p in profile.provisions if p.instrument != "constitution"]
    assert (provision.unit, provision.number) == ("article", "5")
    assert provision.text == text[provision.text_span.start : provision.text_span.end]


def test_every_span_and_quote_is_the_text_as_written() -> None:
    legislation = (_LAW + " " + _ARTICLE).replace("force", "for\u00adce").replace(" ", "\u00a0", 3)
    legislation = legislation.replace("last resort", "last\u200b re\u00adsort")
    text = profile_text(legislation=legislation)
    profile = parse(text, "spans.txt")
    assert profile.text == text
    for sentence in profile.sentences:
        assert sentence.text == text[sentence.span.start : sentence.span.end]
    (provision,) = [p for p in profile.provisions if p.instrument != "constitution"]
    assert provision.text == "Force is a last\u200b re\u00adsort."
    assert provision.text == text[provision.text_span.start : provision.text_span.end]
    for mention in profile.instruments:
        assert (
            text[mention.span.start : mention.span.end]
            .replace("\u00a0", " ")
            .startswith(mention.name.split()[0])
        )


def test_a_case_citation_is_quoted_as_written() -> None:
    caselaw = (
        "National",
        "In its decision in Communication\u00a0246/02, Petit v.\u00a0Testland, [2015]\u00a0TTSC 7, "
        "the Supreme Court held that the shooting was unlawful.",
    )
    text = profile_text(caselaw=caselaw)
    (found,) = parse(text, "cite.txt").pronouncements
    assert found.citations == ("Communication\u00a0246/02", "[2015]\u00a0TTSC 7")


def test_a_profile_of_invisible_characters_only_is_empty() -> None:
    with pytest.raises(ProfileError, match=r"^blank\.txt: empty profile"):
        parse("\u200b\u00ad\n\u2060 \n", "blank.txt")


def test_a_control_character_beside_invisible_ones_is_still_refused_on_its_line() -> None:
    text = profile_text().replace("There is no independent", "There\u200b is\x07 no independent")
    with pytest.raises(ProfileError, match=r"^ctl\.txt:9: control character U\+0007"):
        parse(text, "ctl.txt")


def test_an_en_dash_is_not_a_hyphen_of_a_number() -> None:
    text = profile_text(legislation=_LAW.replace("2014-12", "2014\u201312"))
    keys = {m.key for m in parse(text, "dash.txt").instruments}
    assert "law-no-2014-12-of-2014" not in keys  # a dash is written between, not within


def test_a_decomposed_letter_is_read_composed_and_its_span_keeps_its_mark() -> None:
    written = "Co\u0302te d’Ivoire. Pe\u0301rez."
    folded = fold(written)
    assert folded.text == "Côte d’Ivoire. Pérez."
    name = folded.span(Span(0, 4, 1))  # "Côte"
    assert written[name.start : name.end] == "Co\u0302te"
    accent = folded.span(Span(16, 17, 1))  # "é" alone: the letter and its mark
    assert written[accent.start : accent.end] == "e\u0301"
    after = folded.span(Span(17, 21, 1))  # "rez.": from the letter after the mark
    assert written[after.start : after.end] == "rez."


def test_a_decomposed_profile_reads_as_its_composed_twin() -> None:
    caselaw = (
        "National",
        "In Gómez Pérez v. Côte d’Ivoire (2019), the Supreme Court of Côte d’Ivoire held "
        "that the shooting was unlawful.",
    )
    composed = profile_text(
        legislation="Article 12 of the Loi sur la Sécurité provides that “Force is a last resort.”",
        caselaw=caselaw,
    )
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    twin, profile = parse(composed, "nfc.txt"), parse(decomposed, "nfd.txt")
    assert [p.case_name for p in profile.pronouncements] == ["Gómez Pérez v. Côte d’Ivoire"]
    assert [p.case_name for p in twin.pronouncements] == ["Gómez Pérez v. Côte d’Ivoire"]
    assert [m.key for m in profile.instruments] == [m.key for m in twin.instruments]
    for sentence in profile.sentences:
        assert sentence.text == decomposed[sentence.span.start : sentence.span.end]
    for provision in profile.provisions:
        assert provision.text == decomposed[provision.text_span.start : provision.text_span.end]


@pytest.mark.parametrize(
    "written",
    [
        "q\u0301uoted",  # a mark no letter composes with: kept as written
        "a \u0301mark after a space",
        "\u0301 at the start",
    ],
)
def test_a_mark_that_composes_nothing_is_left_as_written(written: str) -> None:
    folded = fold(written)
    assert folded.text == written
    assert folded.span(Span(0, len(written), 1)) == Span(0, len(written), 1)


_INVISIBLES = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202c"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from([KZ, PROFILES / "XA.txt", PROFILES / "XG.txt"]),
    places=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(_INVISIBLES)), max_size=60),
)
def test_invisible_characters_anywhere_change_no_record(
    sample: Path, places: list[tuple[int, str]]
) -> None:
    clean = sample.read_text("utf-8")
    written = clean
    for at, char in sorted(places, reverse=True):
        at %= len(clean) + 1
        written = written[:at] + char + written[at:]
    twin, profile = parse(clean, "clean.txt"), parse(written, "noisy.txt")
    assert profile.text == written
    assert [s.key for s in profile.sections] == [s.key for s in twin.sections]
    assert [m.key for m in profile.instruments] == [m.key for m in twin.instruments]
    assert [(p.instrument, p.number) for p in profile.provisions] == [
        (p.instrument, p.number) for p in twin.provisions
    ]
    assert [a.kind for a in profile.absences] == [a.kind for a in twin.absences]
    assert len(profile.sentences) == len(twin.sentences)
    for sentence in profile.sentences:
        assert sentence.text == written[sentence.span.start : sentence.span.end]
