"""The permission matrix's pages with the real second step: an organiser or reviewer whose
session has not passed it gets none of them (redirect to the two-factor page, 403 for
the API), whatever the page."""

import pytest
from django.test import Client

from partnerhub.accounts import two_factor
from tests.url_matrix.registry import all_entries
from tests.url_matrix.test_matrix import build_url
from tests.url_matrix.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
ALLOWED = {
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "set_language",
}


def test_no_page_opens_before_the_second_step(roles):
    world = World(roles)
    organiser = roles["organiser"]
    two_factor.device_install(person=organiser, secret=two_factor.new_secret())
    client = Client()
    client.force_login(organiser)
    checked = 0
    for entry in all_entries():
        if entry.name in ALLOWED or entry.method != "get":
            continue
        try:
            url = build_url(entry, world)
        except Exception:
            continue
        response = client.get(url)
        if entry.is_api or url.startswith("/api/"):
            assert response.status_code in (403, 404), (url, response.status_code)
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].startswith("/account/two-factor/"), url
        checked += 1
    assert checked > 60
