"""Which state's courts a case citation reports."""

from __future__ import annotations

import pytest

from forcelaw.graph.law_reports import reporting_state


@pytest.mark.parametrize(
    ("citation", "code"),
    [
        ("471 U.S. 1 (1985)", "US"),
        ("105 S. Ct. 1694", "US"),
        ("12 F.3d 345 (9th Cir. 1994)", "US"),
        ("[2017] UKSC 25", "GB"),
        ("[2017] EWCA Civ 142", "GB"),
        ("2010 SCC 6", "CA"),
        ("(2014) 10 SCC 635", "IN"),
        ("AIR 1997 SC 610", "IN"),
        ("[2016] ZACC 7", "ZA"),
        ("1995 (3) SA 391 (CC)", "ZA"),
        ("no. 18984/91", None),
        ("Series C No. 20", None),
        ("Communication 246/02", None),
        ("123 Cal. Rptr. 2d 45", None),  # a reporter we do not know: no one's
    ],
)
def test_a_citation_is_one_state_s_only_where_its_report_is(
    citation: str, code: str | None
) -> None:
    assert reporting_state(citation) == code
