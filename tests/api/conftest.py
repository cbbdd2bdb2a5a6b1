import pytest


@pytest.fixture
def api(client):
    """A client that asks in English (names then come from name_en)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
