"""Reading a long query text beside the event loop, not on it.

Lexing a query, its canonical digest and its respelling for the engine take time linear in its
length: about a tenth of a second for 64 KB of the costliest text on this machine, three passes
of it per request. On the event loop that is a tenth of a second in which no other request moves:
forty such queries sent at once kept a one-line ASK waiting 2.1 s, and one client within the
rate limit (10 a second) could keep the loop busy all the time. A text longer than
``ON_LOOP_CHARS`` is read on a thread instead, where the interpreter switches to the loop every
few milliseconds; a short one, almost every query, costs less than handing it over would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

ON_LOOP_CHARS = 4096  # a text this long is read in a few milliseconds at most


async def reading(text: str, function: Callable[..., T], *args: object) -> T:
    """``function(*args)``, work on ``text``: on a thread when ``text`` is long."""
    if len(text) <= ON_LOOP_CHARS:
        return function(*args)
    return await asyncio.to_thread(function, *args)


def is_long(text: str) -> bool:
    """Whether ``text`` is read on a thread (code that cannot wait leaves it to code that can)."""
    return len(text) > ON_LOOP_CHARS
