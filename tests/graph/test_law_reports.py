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
        # a reporter in a series written the American way, or a federal circuit's, is the US's
        ("123 Cal. Rptr. 2d 45", "US"),
        ("45 Cal. Rptr. 3d 12 (2009)", "US"),
        ("800 N.E.2d 1 (Mass. 2003)", "US"),
        ("12 So. 2d 345", "US"),
        ("F. App'x 5 (9th Cir. 2015)", "US"),
        # a reporter we do not know, whose series says no state: no one's
        ("12 V.R. 45 (2015)", None),
        ("[2019] 2 LRC 45", None),
        ("12 Cal. Rptr. 45", None),
        ("(2005) 3 NLR 2nd 45", None),
    ],
)
def test_a_citation_is_one_state_s_only_where_its_report_is(
    citation: str, code: str | None
) -> None:
    assert reporting_state(citation) == code
