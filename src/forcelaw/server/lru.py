"""A least-recently-used map bounded in bytes (the answer cache and the document cache use it)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


def text_bytes(text: str) -> int:
    """The bytes ``text`` takes in UTF-8, at least what Python holds it in (1, 2 or 4 bytes a
    character, by its widest): a memo bounded in characters held four times its bound of
    text in 4-byte characters."""
    return len(text.encode("utf-8", "surrogatepass"))


class ByteLru(Generic[V]):
    """Values under string keys, at most ``max_bytes`` by ``cost``; the least recently used goes
    first, and a value that can never fit is not kept."""

    def __init__(self, max_bytes: int, cost: Callable[[str, V], int]) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._cost = cost
        self._entries: OrderedDict[str, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def items(self) -> list[tuple[str, V]]:
        """The entries, least recently used first."""
        return list(self._entries.items())

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: str) -> V | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: str, value: V) -> bool:
        """Keep ``value`` (dropping the least recently used); False if it can never fit."""
        cost = self._cost(key, value)
        if cost > self.max_bytes:
            return False
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= self._cost(key, old)
        while self._entries and self.bytes + cost > self.max_bytes:
            dropped_key, dropped = self._entries.popitem(last=False)
            self.bytes -= self._cost(dropped_key, dropped)
        self._entries[key] = value
        self.bytes += cost
        return True
