import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from partnerhub.calls import services
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory

BERLIN = ZoneInfo("Europe/Berlin")
# The 2026 topic call: deadline 17 Feb 2026, German time, to the last second of the day.
DEADLINE = datetime.datetime(2026, 2, 17, 23, 59, 59, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def organiser(db):
    return PersonFactory(is_organiser=True, full_name="Test Person Organiser")


@pytest.fixture
def call(organiser):
    return services.call_create(
        by=organiser,
        slug="topic-call-2026",
        title_de="Connective Cities: Themenaufruf 2026",
        title_en="Connective Cities topic call 2026",
        deadline=DEADLINE,
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=BERLIN),
        is_published=True,
    )


@pytest.fixture
def applicant(db):
    """A member of a German city, and the city."""
    town = MunicipalityFactory()
    person = PersonFactory(full_name="Test Person Applicant")
    MembershipFactory(person=person, municipality=town, since=datetime.date(2020, 1, 1))
    return person, town
