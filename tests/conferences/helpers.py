"""Shared by the conference tests (pages, API, browser)."""

import datetime

from partnerhub.conferences import demo
from partnerhub.core.demo import Report
from partnerhub.reference.models import Municipality, MunicipalityKind

# The day the planner tests look from (the brief's "as of 2026").
TODAY = datetime.date(2026, 11, 22)


def load_history() -> None:
    """The conference part of the demo: the five series and every edition of DOMAIN.md §1.

    Its one sample interest in hosting needs the sample town Musterstadt.
    """
    Municipality.objects.get_or_create(
        slug="musterstadt",
        defaults={
            "name": "Musterstadt (Beispiel)",
            "kind": MunicipalityKind.CITY,
            "country_id": "DE",
            "is_sample": True,
        },
    )
    demo.load(Report())
