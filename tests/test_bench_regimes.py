"""The bench's regimes: the repeat set's sampling (the cold mix's templates in equal shares,
seeded, distinct), the RSS record, the crawler's second visit, and the nginx system's skip."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bench import regimes, run, systems
from bench.regimes import proportional_sample, uniform_sample, zipf_sequence
from bench.run import rss_summary

# A candidate pool shaped like the one at 197 states: per-resource families in the thousands,
# aggregate families of a handful.
POOL_SIZES = {
    "lookup": 4000,
    "describe": 3000,
    "ask-opcat": 1500,
    "construct-state": 197,
    "claims-page": 120,
    "cat-without-oversight": 12,
    "provision-text": 15,
    "treaty-matrix": 5,
    "observations-by-year": 4,
}


def pool() -> list[dict[str, str]]:
    return [
        {"name": name, "query": f"{name} {i}", "accept": "application/sparql-results+json"}
        for name, n in POOL_SIZES.items()
        for i in range(n)
    ]


def test_every_family_has_an_equal_share_until_it_runs_out() -> None:
    chosen = proportional_sample(pool(), 300, seed=6)
    assert len(chosen) == 300
    shares = Counter(c["name"] for c in chosen)
    small = {n: k for n, k in POOL_SIZES.items() if k < 300 // len(POOL_SIZES)}
    for name in small:  # the small families are taken whole
        assert shares[name] == POOL_SIZES[name]
    large = [shares[n] for n in POOL_SIZES if n not in small]
    assert max(large) - min(large) <= 1  # the others share the rest equally
    assert sum(large) == 300 - sum(small.values())


def test_consecutive_ranks_interleave_the_families() -> None:
    chosen = proportional_sample(pool(), 300, seed=6)
    head = [c["name"] for c in chosen[: len(POOL_SIZES)]]
    assert sorted(head) == sorted(POOL_SIZES)  # the first round: one of each family


def test_seeded_and_distinct() -> None:
    first = proportional_sample(pool(), 300, seed=6)
    assert first == proportional_sample(pool(), 300, seed=6)
    assert first != proportional_sample(pool(), 300, seed=7)
    assert len({c["query"] for c in first}) == len(first)


def test_a_small_pool_is_taken_whole() -> None:
    candidates = pool()[:10] + pool()[-10:]
    chosen = proportional_sample(candidates, 300, seed=6)
    assert sorted(c["query"] for c in chosen) == sorted(c["query"] for c in candidates)


@pytest.mark.parametrize("size", [0, 1, 9, 10])
def test_exact_size(size: int) -> None:
    assert len(proportional_sample(pool(), size, seed=1)) == size


def test_uniform_keeps_the_candidates_shares() -> None:
    shares = Counter(c["name"] for c in uniform_sample(pool(), 300, seed=6))
    assert shares["lookup"] > 100  # the per-resource families dominate, as they did before
    assert uniform_sample(pool(), 300, seed=6) == uniform_sample(pool(), 300, seed=6)


def test_zipf_sequence_is_seeded() -> None:
    sequence = zipf_sequence(300, length=1000, seed=6)
    assert sequence == zipf_sequence(300, length=1000, seed=6)
    assert Counter(sequence).most_common(1)[0][0] == 0


def test_rss_summary_keeps_peak_last_and_one_sample_a_second() -> None:
    mb = 2**20
    samples = [(100.0 + i / 10, (50 + (i == 7) * 10) * mb) for i in range(25)]
    rss = rss_summary(samples)
    assert rss["peak_mb"] == 60 and rss["last_mb"] == 50
    assert [t for t, _ in rss["series"]] == [0.0, 1.0, 2.0]
    assert rss_summary([]) == {"peak_mb": None, "last_mb": None, "series": []}


def test_the_nginx_system_is_skipped_without_nginx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(systems, "NGINX", None)
    with (
        pytest.raises(systems.Unavailable, match="nginx is not installed"),
        systems.running("forcelaw-nginx", Path("/nonexistent")),
    ):
        pass


def test_wait_warm_waits_for_the_servers_warming_line(tmp_path: Path) -> None:
    import subprocess
    import time

    from bench.systems import WARM_LINES, wait_warm

    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log, subprocess.Popen(["sleep", "30"]) as process:
        try:
            started = time.perf_counter()
            wait_warm(log_path, log, process, 0.3)  # no line yet: gives up at the timeout
            assert 0.3 <= time.perf_counter() - started < 5
            log.write(f"INFO forcelaw.server answer cache: 12 {WARM_LINES[0]}\n".encode())
            started = time.perf_counter()
            wait_warm(log_path, log, process, 30)
            assert time.perf_counter() - started < 5
        finally:
            process.kill()


@pytest.mark.parametrize("warm", [False, True])
def test_the_crawler_measures_its_first_or_second_visit(
    monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """Without ``--crawler-warm`` each format is crawled once, measured; with it, each format's
    documents are first crawled untimed for twice the measured run's length, from the same
    start, and only the second run is reported."""
    calls: list[tuple[str, float]] = []

    def drive(url: str, requests: list[Any], c: int, duration: float, *rest: Any) -> Any:
        fmt = requests[0]["name"]
        calls.append((fmt, duration))
        n = 10 * len(calls)  # each run answers a different number, to see which is kept
        return {
            "latencies": {fmt: [0.001] * n},
            "elapsed": 1.0,
            "failures": {fmt: 0},
            "first_error": {},
            "driver_cpu": 0.5,
        }

    monkeypatch.setattr(run, "drive", drive)
    args = argparse.Namespace(
        concurrency=[1, 8], regime_duration=10.0, timeout=5.0, crawler_warm=warm
    )
    system: Any = SimpleNamespace(url="http://127.0.0.1:1/sparql", name="forcelaw")
    documents = ["https://w3id.org/forcelaw/id/state/kz", "https://w3id.org/forcelaw/id/treaty/cat"]
    out = run.run_regimes(system, {"crawler": documents}, args)["crawler"]
    formats = list(regimes.CRAWL_FORMATS)
    per = max(2.0, 10.0 / len(formats))
    if warm:
        assert calls == [r for f in formats for r in ((f, 2 * per), (f, per))]
        assert [out[f]["n"] for f in formats] == [20 * (i + 1) for i in range(len(formats))]
    else:
        assert calls == [(f, per) for f in formats]
        assert [out[f]["n"] for f in formats] == [10 * (i + 1) for i in range(len(formats))]
