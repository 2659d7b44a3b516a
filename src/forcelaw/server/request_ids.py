"""Request ids: random version-4 UUIDs (32 hex digits), made without a system call each.

Every answer carries one (``X-Request-Id``, a problem's ``urn:uuid:`` instance), so it is made on
every request: ``uuid.uuid4()`` reads the kernel's random source each time, which costs a cheap
request several per cent. An id only has to be unique and well formed, not secret, so they come
from a generator seeded once per process from that source.
"""

from __future__ import annotations

import os
import random

_VERSION_4 = 0x4 << 76  # the version nibble of a UUID, as an integer
_VARIANT = 0x2 << 62  # the RFC 4122 variant bits
_KEEP = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)

_source = random.Random()  # seeded from os.urandom
if hasattr(os, "register_at_fork"):  # a forked child must not repeat its parent's ids
    os.register_at_fork(after_in_child=_source.seed)


def new_id() -> str:
    """A random version-4 UUID as 32 lower-case hex digits (what ``uuid.uuid4().hex`` gives)."""
    return f"{(_source.getrandbits(128) & _KEEP) | _VERSION_4 | _VARIANT:032x}"
