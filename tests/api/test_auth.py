"""Who may call the API: personal tokens (hashed, revocable), the browser session with CSRF.

Also the token section of the account page, where people create and revoke them.
"""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from partnerhub.accounts.models import ApiToken
from partnerhub.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_tokens_export_for_person,
    person_erase,
)
from partnerhub.core.models import AuditEvent
from tests.factories import EditionFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/registrations"
PROFILE = reverse("accounts:profile")


@pytest.fixture
def person(db):
    return PersonFactory(full_name="Test Person Token")


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    return response.json()["detail"]


# --- Tokens: only a hash is stored -------------------------------------------------------


def test_only_a_hash_of_the_secret_is_stored(person):
    token, secret = api_token_create(person=person, by=person, name="Sync with our CRM")
    assert secret.startswith("phk_") and len(secret) > 40
    assert token.prefix == secret[: len(token.prefix)] and len(token.prefix) < len(secret) / 3
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in stored
    assert AuditEvent.objects.filter(action="api_token.created", actor=person).exists()
    assert secret not in json.dumps(list(AuditEvent.objects.values()), default=str)


def test_each_token_is_different(person):
    secrets = {api_token_create(person=person, by=person, name=f"t{i}")[1] for i in range(5)}
    assert len(secrets) == 5


def test_tokens_are_created_only_for_oneself(person):
    organiser = PersonFactory(is_organiser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        api_token_create(person=person, by=organiser, name="In somebody's name")
    with pytest.raises(ValidationError) as error:
        api_token_create(person=person, by=person, name="   ")
    assert "name" in error.value.message_dict


def test_revoke_by_the_owner_or_an_organiser_only(person):
    token, secret = api_token_create(person=person, by=person, name="A")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, by=PersonFactory())
    api_token_revoke(token=token, by=PersonFactory(is_organiser=True))
    assert api_token_authenticate(secret) is None
    with pytest.raises(ValidationError):
        api_token_revoke(token=token, by=person)
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_export_names_the_tokens_but_never_a_secret_or_hash(person):
    token, secret = api_token_create(person=person, by=person, name="Exported")
    exported = api_tokens_export_for_person(person)
    assert exported["api_tokens"][0]["name"] == "Exported"
    assert secret not in json.dumps(exported) and token.secret_hash not in json.dumps(exported)


# --- The API refuses what it must ----------------------------------------------------------


def test_without_token_or_session_the_answer_is_401(client):
    detail = assert_401(client.get(LIST, HTTP_ACCEPT_LANGUAGE="en"))
    assert "API token" in detail
    edition = EditionFactory()
    assert_401(
        client.post(
            f"/api/v1/editions/{edition.pk}/registrations",
            data="{}",
            content_type="application/json",
        )
    )
    assert_401(client.post(f"{LIST}/1/cancel"))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer phk_not-a-token",
        "Bearer ",
        "Bearer " + "x" * 5000,
        "Token abc",
        "Basic dXNlcjpwdw==",
    ],
)
def test_unknown_or_malformed_tokens_are_401(client, header):
    assert_401(client.get(LIST, HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_valid_token_authenticates_and_notes_its_use(client, person):
    token, secret = api_token_create(person=person, by=person, name="A")
    assert token.last_used_at is None
    response = client.get(LIST, **bearer(secret))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_tokens_are_refused(client, person):
    token, secret = api_token_create(person=person, by=person, name="A")
    assert client.get(LIST, **bearer(secret)).status_code == 200
    api_token_revoke(token=token, by=person)
    assert "revoked" in assert_401(client.get(LIST, **bearer(secret)))


def test_inactive_and_erased_people_are_refused(client, person):
    _token, secret = api_token_create(person=person, by=person, name="A")
    person.is_active = False
    person.save()
    assert_401(client.get(LIST, **bearer(secret)))
    other = PersonFactory()
    _token, other_secret = api_token_create(person=other, by=other, name="B")
    person_erase(person=other, by=other)
    assert_401(client.get(LIST, **bearer(other_secret)))


def test_an_invalid_token_is_refused_even_with_a_session(client, person):
    client.force_login(person)
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert_401(client.get(LIST, **bearer("phk_wrong")))


def test_public_reads_need_no_authentication(client):
    assert client.get("/api/v1/series").status_code == 200
    assert client.get("/api/v1/editions", HTTP_AUTHORIZATION="Bearer phk_wrong").status_code == 200


# --- The browser session -----------------------------------------------------------------------


def test_session_login_works_for_reads(client, person):
    client.force_login(person)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_session_writes_need_the_csrf_token():
    person = PersonFactory()
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(person)
    edition = EditionFactory()
    url = f"/api/v1/editions/{edition.pk}/registrations"
    response = browser.post(url, data="{}", content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    # With the token of the site's forms (cookie and header), the request reaches the rules.
    browser.get(PROFILE)
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(url, data="{}", content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 400  # the empty body, checked after authentication
    # Anonymous writes are 401, not a CSRF failure.
    browser.logout()
    assert_401(browser.post(url, data="{}", content_type="application/json"))


def test_token_requests_need_no_csrf_token(person):
    _token, secret = api_token_create(person=person, by=person, name="A")
    program = Client(enforce_csrf_checks=True)
    response = program.post(f"{LIST}/999999/cancel", **bearer(secret))
    assert response.status_code == 404


# --- The account page ---------------------------------------------------------------------------


def test_account_page_creates_a_token_and_shows_the_secret_once(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:api_token_create"),
        {"token-name": "Our registration tool"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(person=person)
    html = response.content.decode()
    secret = html.split('id="new-token-secret" type="text" value="')[1].split('"')[0]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert "shown only this once" in html
    html = client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Our registration tool" in html and token.prefix in html
    assert secret not in html
    assert client.get(LIST, **bearer(secret)).status_code == 200


def test_account_page_refuses_a_token_without_name(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:api_token_create"), {"token-name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_account_page_revokes_only_ones_own_tokens(client, person):
    token, secret = api_token_create(person=person, by=person, name="Old tool")
    other = PersonFactory()
    client.force_login(other)
    revoke = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.post(revoke).status_code == 404
    client.force_login(person)
    response = client.post(revoke, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert api_token_authenticate(secret) is None
    html = client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have no active API token." in html
    assert client.get(revoke).status_code == 405


def test_account_token_pages_need_a_login(client):
    urls = [reverse("accounts:api_token_create"), reverse("accounts:api_token_revoke", args=[1])]
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_profile_page_with_tokens_runs_a_fixed_number_of_queries(
    client, person, django_assert_max_num_queries
):
    for index in range(5):
        api_token_create(person=person, by=person, name=f"Tool {index}")
    client.force_login(person)
    with django_assert_max_num_queries(7):
        assert client.get(PROFILE).status_code == 200
