"""Every URL and every API operation has a row in the matrix, and every row holds.

A new URL without an entry fails `test_every_url_has_an_entry`; see README.md here.
"""

from __future__ import annotations

import json
import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.permissions import ROLES, assert_matrix

from .registry import WHOLE_NAMESPACES, all_entries, api_operations, covered, url_names
from .world import World

ENTRIES = all_entries()


def test_every_url_has_an_entry():
    missing = sorted((url_names() | api_operations()) - covered(ENTRIES))
    assert not missing, (
        "These URLs have no entry in the permission matrix (tests/url_matrix/, see its "
        "README.md):\n  " + "\n  ".join(missing)
    )


def test_every_entry_names_a_url_that_exists():
    unknown = sorted(
        name
        for name in covered(ENTRIES) - url_names() - api_operations()
        if name.split(":")[0] not in WHOLE_NAMESPACES
    )
    assert not unknown, "Entries for URLs that do not exist:\n  " + "\n  ".join(unknown)


def build_url(entry, world) -> str:
    kwargs = dict(entry.args(world)) if entry.args else {}
    if entry.is_api:
        return entry.name.split(" ", 1)[1].format(**kwargs)
    return reverse(entry.name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.id for entry in ENTRIES])
def test_entry(entry, roles):
    world = World(roles)
    url = build_url(entry, world)
    data = entry.data(world) if entry.data else None
    extra = {"HTTP_ACCEPT_LANGUAGE": "en", **entry.headers}
    if entry.is_api and data is not None:
        data = json.dumps(data)
        extra["content_type"] = "application/json"
    if os.environ.get("URL_MATRIX_SHOW"):
        with transaction.atomic():  # undone afterwards: the real check starts from the same state
            print(f"\n{entry.id}: {observe(url, entry.method, data, roles, extra)}")
            transaction.set_rollback(True)
    assert_matrix(Client, url, entry.expect, entry.method, data, roles=roles, **extra)


def observe(url, method, data, roles, extra) -> dict:
    """What every role gets now (URL_MATRIX_SHOW=1 prints it, to help write an entry)."""
    seen = {}
    for role in ROLES:
        client = Client()
        if roles[role] is not None:
            client.force_login(roles[role])
        send = getattr(client, method)
        response = send(url, data, **extra) if data is not None else send(url, **extra)
        location = response.headers.get("Location", "")
        seen[role] = f"{response.status_code} {location}".strip()
    return seen
