"""Throttling of guesses: log-in passwords and two-factor codes.

After `LOGIN_THROTTLE_ACCOUNT_ATTEMPTS` failures for one account (the address
typed, whether or not it exists, so the answer tells nothing about who has an
account) or `LOGIN_THROTTLE_IP_ATTEMPTS` failures from one IP address within
`LOGIN_THROTTLE_WINDOW` seconds, further attempts are refused for
`LOGIN_THROTTLE_LOCKOUT` seconds without even checking the password.

State lives in the cache ("default"): counters with `add` + `incr` and a lock
key, which behave the same on Redis (atomic, shared by all web processes) and
on the local-memory cache (one process, for development and tests).
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "throttle"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def window() -> int:
    return _setting("LOGIN_THROTTLE_WINDOW", 900)


def lockout() -> int:
    return _setting("LOGIN_THROTTLE_LOCKOUT", 900)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the header the proxy sets (CLIENT_IP_HEADER)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        # "client, proxy1, proxy2": the first address is the one the proxy saw.
        return request.META[header].split(",")[0].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _keys(scope: str, account: str, ip: str) -> list[tuple[str, int]]:
    keys = []
    if account:
        limit = _setting("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", 5)
        keys.append((f"{PREFIX}:{scope}:account:{_digest(account)}", limit))
    if ip:
        limit = _setting("LOGIN_THROTTLE_IP_ATTEMPTS", 20)
        keys.append((f"{PREFIX}:{scope}:ip:{_digest(ip)}", limit))
    return keys


def blocked_for(scope: str, *, account: str = "", ip: str = "") -> int:
    """Seconds until attempts are accepted again (0: not blocked)."""
    now = time.time()
    remaining = 0
    for key, _limit in _keys(scope, account, ip):
        until = cache.get(f"{key}:locked")
        if until:
            remaining = max(remaining, math.ceil(until - now))
    return max(remaining, 0)


def register_failure(scope: str, *, account: str = "", ip: str = "") -> None:
    """Count one failed attempt; lock the account or the address when it reaches its limit."""
    for key, limit in _keys(scope, account, ip):
        cache.add(key, 0, timeout=window())
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window())
            count = 1
        if count >= limit:
            cache.set(f"{key}:locked", time.time() + lockout(), timeout=lockout())
            cache.delete(key)


def reset(scope: str, *, account: str = "") -> None:
    """Forget the failures of an account after a successful log-in (the IP's count stays)."""
    for key, _limit in _keys(scope, account, ""):
        cache.delete(key)


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
