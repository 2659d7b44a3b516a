"""``bench.pipeline``'s whole-build stage: every stage of a build timed, on the checkout's data."""

from __future__ import annotations

import pytest

from bench import pipeline


def test_the_whole_build_times_each_stage_and_their_sum() -> None:
    measured = pipeline.whole_stage("real", seed=6)
    stages = ("build_s", "validation_s", "static_site_s")
    assert all(measured[stage] > 0 for stage in stages)
    assert measured["whole_s"] == pytest.approx(sum(measured[stage] for stage in stages))
    # The query store is loaded while the site renders: its time is within the site's.
    assert 0 < measured["query_store_s"] < measured["static_site_s"]
    assert measured["conforms"] is True
    assert measured["triples"] > 1000 and measured["kz_equivalents"] == 1
    assert measured["static_site"].startswith("static site: ")
    assert "all formats" in measured["static_site"]
