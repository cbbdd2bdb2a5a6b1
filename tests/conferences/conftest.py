import pytest
from django.utils import translation

from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory

from .helpers import load_history


@pytest.fixture
def history(db):
    load_history()


@pytest.fixture(autouse=True)
def _english_messages():
    """Rule messages are asserted in English; German is the default language otherwise.

    Requests through the test client still pick their own language in LocaleMiddleware.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def german_member(db):
    """A member of a German municipality (no platform role), and that municipality."""
    town = MunicipalityFactory()
    person = PersonFactory()
    MembershipFactory(person=person, municipality=town)
    return person, town
