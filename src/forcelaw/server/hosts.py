"""Which hosts a federated ``SERVICE`` call may reach: pure functions, no network.

A target must be named in the allowlist, use http(s), and neither its host as written nor any
address it resolves to may be loopback, private, link-local, a cloud metadata address or otherwise
not globally routable. Numeric hosts are read the way ``inet_aton`` reads them, so ``2130706433``,
``0x7f.1`` and ``0177.0.0.1`` are all recognised as 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from enum import Enum
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    }
)
LOCAL_NAMES = ("localhost", "localhost.localdomain", "metadata.google.internal", "metadata")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class HostClass(Enum):
    PUBLIC = "public"
    NAME = "name"  # a DNS name: public or not depends on what it resolves to
    LOOPBACK = "loopback"
    PRIVATE = "private"
    LINK_LOCAL = "link-local"
    METADATA = "cloud metadata"
    UNSPECIFIED = "unspecified"
    MULTICAST = "multicast"
    RESERVED = "not globally routable"
    INVALID = "invalid"

    @property
    def is_refused(self) -> bool:
        return self not in (HostClass.PUBLIC, HostClass.NAME)


def parse_ip(host: str) -> IPAddress | None:
    """The address a numeric host denotes (any inet_aton spelling, [v6], zone ids), else None."""
    text = host.strip().lower().rstrip(".")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.split("%", 1)[0]
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text)
        except ValueError:
            return None
    return _inet_aton(text)


def classify_address(address: IPAddress) -> HostClass:
    """Classify one IP address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return classify_address(embedded)
    if address in METADATA_ADDRESSES:
        return HostClass.METADATA
    if address.is_unspecified:
        return HostClass.UNSPECIFIED
    if address.is_loopback:
        return HostClass.LOOPBACK
    if address.is_link_local:
        return HostClass.LINK_LOCAL
    if address.is_multicast:
        return HostClass.MULTICAST
    if address.is_private:
        return HostClass.PRIVATE
    if not address.is_global:
        return HostClass.RESERVED
    return HostClass.PUBLIC


def classify_host(host: str) -> HostClass:
    """Classify a URL host as written: numeric forms by address, well-known local names."""
    text = host.strip().lower().rstrip(".")
    if not text:
        return HostClass.INVALID
    address = parse_ip(text)
    if address is not None:
        return classify_address(address)
    if text in LOCAL_NAMES or text.endswith((".localhost", ".local", ".internal")):
        return HostClass.LOOPBACK if "localhost" in text else HostClass.PRIVATE
    if any(c in text for c in "[]%/\\@ ") or _looks_numeric(text):
        return HostClass.INVALID
    return HostClass.NAME


def endpoint_refusal(iri: str | None, allowlist: Iterable[str]) -> str | None:
    """Why a SERVICE target is refused before any lookup, or None if it may be resolved."""
    if iri is None:
        return "SERVICE needs a literal endpoint IRI (variables and unknown prefixes are refused)"
    if normalise_endpoint(iri) not in {normalise_endpoint(a) for a in allowlist}:
        return f"SERVICE <{iri}> is not in this endpoint's allowlist"
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https"):
        return f"SERVICE <{iri}>: only http and https endpoints can be called"
    host_class = classify_host(parts.hostname or "")
    if host_class.is_refused:
        return f"SERVICE <{iri}>: the host is {host_class.value}"
    return None


def addresses_refusal(iri: str, addresses: Sequence[str]) -> str | None:
    """Why a SERVICE target is refused given the addresses its host resolved to, or None."""
    if not addresses:
        return f"SERVICE <{iri}>: the host does not resolve"
    for text in addresses:
        address = parse_ip(text)
        host_class = HostClass.INVALID if address is None else classify_address(address)
        if host_class.is_refused:
            return f"SERVICE <{iri}>: the host resolves to a {host_class.value} address ({text})"
    return None


def normalise_endpoint(iri: str) -> str:
    """Scheme and host lower-cased, fragment dropped: the form allowlist entries compare in."""
    parts = urlsplit(iri.strip())
    netloc = parts.netloc.lower()
    return f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}" + (
        f"?{parts.query}" if parts.query else ""
    )


def _looks_numeric(text: str) -> bool:
    # "0x100000000" or "999.1.1.1" are not addresses, but a resolver might still accept them.
    return text[0].isdigit() and all(c in "0123456789abcdefx." for c in text)


def _inet_aton(text: str) -> ipaddress.IPv4Address | None:
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        value = _c_integer(part)
        if value is None:
            return None
        numbers.append(value)
    *head, last = numbers
    if any(n > 0xFF for n in head) or last >= 1 << (8 * (4 - len(head))):
        return None
    value = last
    for index, n in enumerate(head):
        value |= n << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _c_integer(part: str) -> int | None:
    try:
        if part.startswith("0x"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None
