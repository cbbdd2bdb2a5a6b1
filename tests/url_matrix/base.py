"""The building blocks of the URL permission matrix (see README.md in this folder).

An `Entry` says, for one URL name (or one API operation), what every role of
tests/permissions.py gets back, and how to build the URL's arguments from a
`World` (tests/url_matrix/world.py: the roles plus lazily created objects).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.permissions import ADMIN_LOGIN, LOGIN, ROLES, Outcome, Redirect

__all__ = [
    "ADMIN_LOGIN",
    "ANYONE",
    "LOGGED_IN",
    "LOGIN",
    "ROLES",
    "Entry",
    "Redirect",
    "api",
    "everybody",
    "expect",
    "organiser_only",
]

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Entry:
    """One row of the matrix.

    name    URL name with namespace ("calls:proposal"), or for an API operation
            "METHOD /api/v1/path/{param}" exactly as in the OpenAPI document
            (`api(...)` builds it).
    expect  {role: outcome} for all six roles; an outcome is a status (200, 403,
            404, 405 …) or a Redirect (LOGIN, ADMIN_LOGIN, Redirect("url-name")).
    args    World -> dict of URL kwargs (path converters / API path parameters).
    method  "get" (default), "post", "patch" …
    data    World -> dict sent with the request (form data, or JSON for the API).
    label   tells several entries of the same name apart in test ids.
    """

    name: str
    expect: Mapping[str, Outcome]
    args: Callable[[Any], Mapping[str, Any]] | None = None
    method: str = "get"
    data: Callable[[Any], Any] | None = None
    label: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        missing = [role for role in ROLES if role not in self.expect]
        unknown = sorted(set(self.expect) - set(ROLES))
        if missing or unknown:
            raise ValueError(f"{self.name}: missing roles {missing}, unknown roles {unknown}")

    @property
    def is_api(self) -> bool:
        return self.name.split(" ", 1)[0] in HTTP_METHODS

    @property
    def id(self) -> str:
        suffix = f"[{self.label}]" if self.label else ""
        if self.is_api:
            return f"{self.name}{suffix}"
        return f"{self.method.upper()} {self.name}{suffix}"


def everybody(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


def expect(default: Outcome, *, anonymous: Outcome | None = None, **roles: Outcome):
    """`expect(403, anonymous=LOGIN, organiser=200)`: every role not named gets `default`."""
    result = dict.fromkeys(ROLES, default)
    if anonymous is not None:
        result["anonymous"] = anonymous
    for role, outcome in roles.items():
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        result[role] = outcome
    return result


ANYONE = everybody(200)
LOGGED_IN = expect(200, anonymous=LOGIN)


def organiser_only(ok: Outcome = 200, *, refused: Outcome = 403, anonymous: Outcome = LOGIN):
    return expect(refused, anonymous=anonymous, organiser=ok)


def api(method: str, path: str, expect: Mapping[str, Outcome], **kwargs) -> Entry:
    """An entry for one API operation: `api("GET", "/api/v1/calls/{call_id}", …)`."""
    return Entry(name=f"{method.upper()} {path}", expect=expect, method=method.lower(), **kwargs)
