import pytest

from tests.factories import PersonFactory


@pytest.fixture
def english(client):
    """Pages in English, whatever translations exist (the default language is German)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def organiser_client(english):
    english.force_login(PersonFactory(is_organiser=True))
    return english
