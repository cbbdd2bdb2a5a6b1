"""The demo data loader: one idempotent entry point that every capability extends.

Each app that brings demo data has a module `<app>/demo.py` with a function
`load(report)`; list it in DEMO_PARTS in the order the parts depend on each
other. A part must be idempotent: running it twice changes nothing (look up
by natural keys, create only what is missing, never re-hash a password).
Everything it creates is invented and marked as a sample; no real person.
"""

from collections.abc import Callable
from importlib import import_module

from django.db import transaction

DEMO_PARTS = [
    "partnerhub.reference.demo",
    "partnerhub.partnerships.demo",
    "partnerhub.conferences.demo",
    "partnerhub.calls.demo",
    "partnerhub.climate.demo",
    "partnerhub.publications.demo",
    "partnerhub.accounts.demo",
]

# The password of every demo account; printed by `manage.py load_demo`.
DEMO_PASSWORD = "demo-partnerhub-2026"


class Report:
    """Collects what the parts did, to print one summary."""

    def __init__(self, write: Callable[[str], None] | None = None):
        self.lines: list[str] = []
        self.logins: list[tuple[str, str]] = []
        self._write = write

    def line(self, text: str) -> None:
        self.lines.append(text)
        if self._write:
            self._write(text)

    def login(self, email: str, role: str) -> None:
        self.logins.append((email, role))


def load_demo(write: Callable[[str], None] | None = None) -> Report:
    report = Report(write)
    with transaction.atomic():
        for dotted in DEMO_PARTS:
            import_module(dotted).load(report)
    return report
