"""Sharing independent work among processes: how many, and a pool that inherits nothing.

The build machine and CI have two cores. The build's steps that are independent per state or per
graph (building the state graphs, validation, Turtle serialization) run in up to ``MOST`` spawned
processes (no inherited threads or locks); below ``FROM`` items, starting processes costs more
than it saves and the work is done in the calling process. Results come back in the items'
order, so what a step produces never depends on how many processes did it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

MOST = 2  # processes at most (the build machine and CI have two cores)
FROM = 8  # items: below this the work stays in the calling process

T = TypeVar("T")
R = TypeVar("R")


def worker_count(requested: int | None, items: int) -> int:
    """Processes for ``items`` pieces of work: ``requested`` if given (never more than the
    items), else one per core up to ``MOST`` from ``FROM`` items on, else 1."""
    if requested is None:
        if items < FROM:
            return 1
        requested = min(MOST, os.cpu_count() or 1)
    return max(1, min(requested, items))


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    count: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """``[function(item) for item in items]``, in ``count`` spawned processes when ``count`` > 1
    (``function`` and ``initializer`` must be module-level, the items picklable)."""
    return list(ordered_each(function, items, count, initializer, initargs))


def ordered_each(
    function: Callable[[T], R],
    items: Iterable[T],
    count: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``function(item)`` for each item, in the items' order, each as soon as it and those
    before it are done (as ``ordered_map``). An error raised by one is raised here, in its
    place, and the work not yet started is dropped."""
    if count <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield function(item)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        count, mp_context=context, initializer=initializer, initargs=initargs
    )
    try:
        yield from pool.map(function, items)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
