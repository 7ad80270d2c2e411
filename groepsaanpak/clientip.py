"""The real client address behind reverse proxies.

REMOTE_ADDR is the last hop. When that hop is one of the proxies the operator trusts
(`TRUSTED_PROXIES`: addresses or networks, comma-separated), the client is the right-most
address in X-Forwarded-For that is not itself a trusted proxy. Addresses a client put in
the header itself (further left) are never believed. Without TRUSTED_PROXIES the header is
ignored, so nobody can pick their own address to dodge a lockout."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = settings.TRUSTED_PROXIES
    if remote is None:
        return None
    if not _trusted(remote, networks):
        return str(remote)
    hops = [_address(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            break  # a malformed entry: stop believing the header there
        if not _trusted(hop, networks):
            return str(hop)
    return str(remote)
