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
    demo.load_history(Report())


def person_values(**overrides) -> dict:
    """One person of a registration form (a German municipality's representative by default)."""
    from partnerhub.conferences.models import ParticipantType
    from tests.factories import country

    values = {
        "participant_type": ParticipantType.GERMAN_MUNICIPALITY,
        "full_name": "Test Person",
        "email": "",
        "language": "de",
        "country": country("DE"),
    }
    values.update(overrides)
    return values


def submit(edition, by, people, *, key=None, **kwargs):
    """Submit a registration form through the service, as the views and the API do."""
    import uuid

    from partnerhub.accounts.consent import current_consent_text
    from partnerhub.conferences import services

    kwargs.setdefault("consent_text", current_consent_text())
    return services.registration_submit(
        edition=edition,
        by=by,
        submission_key=key or uuid.uuid4().hex,
        people=people,
        **kwargs,
    )
