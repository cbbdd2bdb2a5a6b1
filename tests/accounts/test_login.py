"""Log-in by e-mail address in any case, clear errors, log-out by POST."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


@pytest.mark.parametrize(
    "typed", ["test.person@example.org", "Test.Person@Example.org", "TEST.PERSON@EXAMPLE.ORG"]
)
def test_login_by_email_in_any_case(client, person, password, typed):
    response = client.post(LOGIN_URL, {"username": typed, "password": password})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("accounts:profile")
    assert get_user(client).pk == person.pk


def test_addresses_are_stored_in_lower_case(db):
    person = PersonFactory(email="Mixed.Case@Example.ORG")
    assert person.email == "mixed.case@example.org"


def test_wrong_password_is_explained_next_to_the_form(en_client, person):
    response = en_client.post(
        LOGIN_URL, {"username": "test.person@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a correct e-mail address and password." in html
    assert 'role="alert"' in html  # the error summary is announced
    assert 'value="test.person@example.org"' in html  # the address is kept
    assert not get_user(en_client).is_authenticated


def test_wrong_password_message_is_translatable(client, person):
    """German is the default language; the message comes from the catalogue or its msgid."""
    response = client.post(LOGIN_URL, {"username": "test.person@example.org", "password": "x"})
    html = response.content.decode()
    assert "Please enter a correct e-mail address" in html or "Bitte" in html


def test_login_form_labels_every_input(en_client):
    html = en_client.get(LOGIN_URL).content.decode()
    for field_id in ("id_username", "id_password"):
        assert f'for="{field_id}"' in html
        assert f'id="{field_id}"' in html
    assert 'autocomplete="email"' in html


def test_empty_form_shows_errors_per_field(en_client):
    response = en_client.post(LOGIN_URL, {"username": "", "password": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_username_error"' in html
    assert 'href="#id_username"' in html  # the summary links to the field


def test_login_activates_preferred_language(client, password):
    PersonFactory(email="fr.person@example.org", preferred_language="fr")
    response = client.post(LOGIN_URL, {"username": "fr.person@example.org", "password": password})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_login_keeps_next(client, person, password):
    target = reverse("accounts:erase")
    response = client.post(
        f"{LOGIN_URL}?next={target}",
        {"username": person.email, "password": password, "next": target},
    )
    assert response.headers["Location"] == target


def test_inactive_person_cannot_log_in(en_client, password):
    PersonFactory(email="inactive@example.org", is_active=False)
    response = en_client.post(LOGIN_URL, {"username": "inactive@example.org", "password": password})
    assert response.status_code == 200
    assert not get_user(en_client).is_authenticated


def test_logout_by_post(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")
    assert not get_user(client).is_authenticated


def test_logout_by_get_is_refused(client, person):
    client.force_login(person)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert get_user(client).is_authenticated


def test_password_reset_sends_a_link_that_works(client, person, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "TEST.PERSON@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["test.person@example.org"]
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    new_password = "a new and long passphrase 42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.headers["Location"] == reverse("accounts:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new_password)


def test_password_reset_tells_nothing_about_unknown_addresses(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_change(client, person, password):
    client.force_login(person)
    new_password = "another long passphrase 7"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.headers["Location"] == reverse("accounts:password_change_done")
    person.refresh_from_db()
    assert person.check_password(new_password)
