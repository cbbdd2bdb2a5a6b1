"""Fixtures for the accounts tests: the permission-matrix roles and a few shortcuts."""

import pytest

from tests.factories import PASSWORD, PersonFactory


@pytest.fixture
def person(db):
    return PersonFactory(email="test.person@example.org", full_name="Test Person Alpha")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def en_client(client):
    """A client whose requests ask for English (translation catalogues come later)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
