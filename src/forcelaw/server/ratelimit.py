"""A per-client rate limit: token buckets (pure, clock passed in) and the middleware using them.

Each client has a bucket of ``burst`` tokens that refills at ``rate`` tokens per second; a request
takes one token, and a client with an empty bucket gets ``429 Too Many Requests`` with
``Retry-After`` (whole seconds until a token is back). Clients are keyed by address, IPv6 by its
/64 (one host usually owns a whole /64). The table of buckets is bounded: the least recently seen
client is forgotten first, which only ever makes the limit more lenient. Loopback clients (the
machine itself, a reverse proxy on it, the tests) and peers without an IP address are exempt
unless configured otherwise.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from forcelaw.server.error_pages import problem_answer
from forcelaw.server.problems import Problem

Clock = Callable[[], float]


@dataclass
class TokenBucket:
    """``tokens`` available at time ``updated``; refills at ``rate`` per second up to ``burst``."""

    rate: float
    burst: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, burst: float, now: float) -> TokenBucket:
        return cls(rate, burst, burst, now)

    def take(self, now: float, cost: float = 1.0) -> float:
        """Take ``cost`` tokens; 0.0 if granted, else the seconds until they would be there."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        self.updated = max(self.updated, now)
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.rate


class RateLimiter:
    """Buckets per client key, at most ``max_clients`` of them."""

    def __init__(self, rate: float, burst: float, max_clients: int = 10_000) -> None:
        if rate <= 0 or burst < 1 or max_clients < 1:
            raise ValueError("rate must be positive, burst and max_clients at least 1")
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def check(self, key: str, now: float) -> float:
        """0.0 if ``key`` may make a request at ``now``, else the seconds it must wait."""
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket.full(self.rate, self.burst, now)
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take(now)

    def __len__(self) -> int:
        return len(self._buckets)


@lru_cache(maxsize=4096)  # pure, and asked on every request
def client_key(host: str | None) -> tuple[str, bool]:
    """The bucket key of a client address and whether it is local (exempt by default).

    Local means loopback, or no IP address at all (a unix-socket peer such as a reverse proxy,
    an in-process test client): limiting those would throttle every client behind them at once.
    """
    if not host:
        return "local", True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host, True
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return client_key(str(address.ipv4_mapped))
        network = ipaddress.IPv6Network(f"{address}/64", strict=False)
        return str(network), address.is_loopback
    return str(address), address.is_loopback


def retry_after(seconds: float) -> int:
    """``Retry-After`` in whole seconds, at least 1."""
    return max(1, math.ceil(seconds))


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` once a client's bucket is empty (problem+json, or a page
    for a browser)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        rate: float,
        burst: float,
        include_loopback: bool = False,
        max_clients: int = 10_000,
        clock: Clock = time.monotonic,
    ) -> None:
        self.app = app
        self.limiter = RateLimiter(rate, burst, max_clients)
        self.include_loopback = include_loopback
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        key, local = client_key(client[0] if client else None)
        if local and not self.include_loopback:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.check(key, self.clock())
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = retry_after(wait)
        problem = Problem(
            "rate-limited",
            f"Too many requests from {key}: this endpoint allows {self.limiter.rate:g} "
            f"requests per second (bursts of {self.limiter.burst:g}); retry in {seconds} s.",
            headers={"Retry-After": str(seconds)},
            retry_after=seconds,
        )
        request_id = str(scope.get("state", {}).get("request_id", "-"))
        # a browser reads the page every other error gives it, not raw problem+json
        await problem_answer(Request(scope), problem, request_id)(scope, receive, send)
