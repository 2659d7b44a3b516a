"""Property tests: no input makes the parser raise anything but ProfileError, or run long."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcelaw.errors import ProfileError
from forcelaw.profile.parse import parse_bytes
from tests.conftest import KZ, PROFILES

SAMPLES = [KZ.read_bytes(), (PROFILES / "XA.txt").read_bytes(), (PROFILES / "XB.txt").read_bytes()]
LIMIT_SECONDS = 2.0  # of the parser's CPU time (time.process_time), however busy the machine


def _parse_or_profile_error(data: bytes) -> None:
    started = time.process_time()
    try:
        profile = parse_bytes(data, "fuzz.txt")
    except ProfileError as exc:
        assert str(exc).startswith("fuzz.txt")
    else:
        for sentence in profile.sentences:
            assert profile.text[sentence.span.start : sentence.span.end] == sentence.text
    assert time.process_time() - started < LIMIT_SECONDS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _parse_or_profile_error(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    _parse_or_profile_error(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.integers(min_value=0, max_value=7000),
    seed=st.randoms(use_true_random=False),
    operation=st.sampled_from(["truncate", "shuffle", "double", "drop", "splice"]),
    junk=st.binary(max_size=40),
)
def test_mutated_profiles(
    sample: bytes, cut: int, seed: object, operation: str, junk: bytes
) -> None:
    lines = sample.split(b"\n")
    rng = seed  # a random.Random provided by hypothesis
    if operation == "truncate":
        mutated = sample[: cut % (len(sample) + 1)]
    elif operation == "shuffle":
        rng.shuffle(lines)  # type: ignore[attr-defined]
        mutated = b"\n".join(lines)
    elif operation == "double":
        index = cut % len(lines)
        mutated = b"\n".join([*lines[:index], lines[index], *lines[index:]])
    elif operation == "drop":
        index = cut % len(lines)
        mutated = b"\n".join(lines[:index] + lines[index + 1 :])
    else:
        index = cut % (len(sample) + 1)
        mutated = sample[:index] + junk + sample[index:]
    _parse_or_profile_error(mutated)


def test_very_long_line_is_linear() -> None:
    line = b"There is a very long sentence " + b"and more words, " * 200_000 + b"end."
    data = SAMPLES[0].replace(b"Police Oversight\n", b"Police Oversight\n" + line + b"\n")
    started = time.process_time()
    profile = parse_bytes(data, "long.txt")
    assert time.process_time() - started < 10
    assert any(len(s.text) > 1_000_000 for s in profile.sentences)
