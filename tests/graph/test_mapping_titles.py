"""Titles read whole and laws told apart by them: a title that says who does what ("the Act on
the Performance of Duties by Police Officers") is not cut at "by", and one decree numbered over
its year is one instrument however the year is written."""

from __future__ import annotations

from forcelaw.graph.reference import ReferenceIndex
from tests.graph.test_mapping_names import _graph, _instruments, _profile, _provisions


def test_a_title_that_says_who_acts_is_not_cut_at_by(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="Article 5 of the Act on the Performance of Duties by Police Officers "
            'provides that "Officers may use force only when strictly necessary." Article 8 of '
            "the Act on the Performance of Duties by Customs Officers provides that "
            '"Customs officers may use restraints."'
        ),
        reference_index,
    )
    police = "instrument/TT/act-on-the-performance-of-duties-by-police-officers"
    customs = "instrument/TT/act-on-the-performance-of-duties-by-customs-officers"
    assert set(_instruments(graph)) == {"instrument/TT/constitution", police, customs}
    assert _instruments(graph)[police] == (
        "Act on the Performance of Duties by Police Officers (Testland)",
        "act",
    )
    assert _provisions(graph) == {
        "instrument/TT/constitution/art-3",
        f"{police}/art-5",
        customs + "/art-8",
    }


def test_by_before_the_instrument_that_made_a_law_is_not_its_title(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            legislation="Force is governed by the Law on the Police by Royal Decree No. 5. "
            'Article 4 of the Law on the Police provides that "Force is a last resort."'
        ),
        reference_index,
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/law-on-the-police",
        "instrument/TT/royal-decree-no-5",
    }


def _decrees(sentences: str, index: ReferenceIndex) -> set[str]:
    graph = _graph(_profile(legislation=sentences), index)
    return set(_instruments(graph)) - {"instrument/TT/constitution"}


def test_a_decree_over_a_year_of_two_digits_is_the_decree_of_that_year_written_whole(
    reference_index: ReferenceIndex,
) -> None:
    whole = "Article 4 of Royal Decree No. 35/1990 provides that " + '"Firearms protect life."'
    assert _decrees(f"Royal Decree No. 35/90 sets the rules. {whole}", reference_index) == {
        "instrument/TT/royal-decree-no-35-of-1990"
    }
    # another number, or the short year alone: not said to be that decree, and kept as written
    assert _decrees(f"Royal Decree No. 36/90 sets the rules. {whole}", reference_index) == {
        "instrument/TT/royal-decree-no-36-90",
        "instrument/TT/royal-decree-no-35-of-1990",
    }
    assert _decrees("Royal Decree No. 35/90 sets the rules.", reference_index) == {
        "instrument/TT/royal-decree-no-35-90"
    }
    # two whole years the short one may mean: which one is not said
    two = "Royal Decree No. 35/1920 and Royal Decree No. 35/2020 are in force."
    assert _decrees(f"Royal Decree No. 35/20 sets the rules. {two}", reference_index) == {
        "instrument/TT/royal-decree-no-35-20",
        "instrument/TT/royal-decree-no-35-of-1920",
        "instrument/TT/royal-decree-no-35-of-2020",
    }
