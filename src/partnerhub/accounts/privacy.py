"""Registry of the parts of a person's data that other apps hold (GDPR).

Why a registry: the export ("download all data held about me") and the
erasure must cover every app, but `accounts` cannot know the models of apps
written later (conference registrations, proposals, reviews …), and those
apps must not be forgotten when somebody asks for their data. So each app
registers two functions, once, when it starts:

    # conferences/apps.py
    class ConferencesConfig(AppConfig):
        def ready(self):
            from partnerhub.accounts import privacy
            from . import services

            privacy.register(
                "conference_registrations",
                exporter=services.registrations_export_for_person,
                eraser=services.registrations_erase_for_person,
            )

Contract:

* `exporter(person) -> dict` returns JSON-ready data (strings, numbers,
  lists, dicts; dates are accepted and written in ISO format). Its result
  appears in the export under the registered key. It must return only data
  about this person, never somebody else's.
* `eraser(person) -> None` removes or anonymises what the app holds about the
  person. Keep rows that statistics count (a registration still counts as
  one participant) and blank their personal fields; delete only what has no
  statistical value. It runs inside the transaction of
  `services.person_erase`, *before* the person row is anonymised, so it can
  still find records linked by the person's e-mail address. An exception
  rolls the whole erasure back, so nothing is left half-erased.
* Keys are unique; the core keys of the export (`person`, `roles`,
  `memberships`, `audit_events` …) are reserved.

Functions run in registration order. Tests may use `registered(...)` to add
a part for the duration of a `with` block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], dict]
Eraser = Callable[[Any], None]

RESERVED_KEYS = frozenset(
    {
        "format",
        "generated_at",
        "person",
        "roles",
        "memberships",
        "audit_events",
        "audit_events_about_person",
    }
)


@dataclass(frozen=True)
class PrivacyPart:
    key: str
    exporter: Exporter | None = None
    eraser: Eraser | None = None


_parts: dict[str, PrivacyPart] = {}


def register(key: str, *, exporter: Exporter | None = None, eraser: Eraser | None = None) -> None:
    """Register an app's exporter and/or eraser under `key` (the export's section name)."""
    if exporter is None and eraser is None:
        raise ValueError("Register at least an exporter or an eraser.")
    if key in RESERVED_KEYS:
        raise ValueError(f"The export key {key!r} is reserved for the accounts app.")
    if key in _parts:
        raise ValueError(f"A privacy part named {key!r} is already registered.")
    _parts[key] = PrivacyPart(key=key, exporter=exporter, eraser=eraser)


def unregister(key: str) -> None:
    _parts.pop(key, None)


def parts() -> list[PrivacyPart]:
    """The registered parts, in registration order."""
    return list(_parts.values())


@contextmanager
def registered(
    key: str, *, exporter: Exporter | None = None, eraser: Eraser | None = None
) -> Iterator[None]:
    """Register a part for the duration of a `with` block (for tests)."""
    register(key, exporter=exporter, eraser=eraser)
    try:
        yield
    finally:
        unregister(key)
