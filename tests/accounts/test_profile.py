"""The profile page: one's own data, memberships and roles, edited through a form."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from partnerhub.accounts.models import MembershipRole, Person
from partnerhub.accounts.services import person_update_profile
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def valid_data(**changes):
    data = {
        "full_name": "Test Person Beta",
        "email": "beta@example.org",
        "preferred_language": "en",
        "job_title": "International relations",
    }
    data.update(changes)
    return data


def test_profile_shows_person_memberships_and_roles(en_client):
    person = PersonFactory(
        email="reviewer@example.org", full_name="Test Person Gamma", is_reviewer=True
    )
    MembershipFactory(
        person=person,
        municipality__name="Sample Town Memberhausen",
        role=MembershipRole.ADMIN,
        since=datetime.date(2020, 3, 1),
    )
    MembershipFactory(
        person=person, municipality=None, organisation=OrganisationFactory(name="Sample Club")
    )
    en_client.force_login(person)
    html = en_client.get(PROFILE_URL).content.decode()
    assert "Test Person Gamma" in html
    assert "reviewer@example.org" in html
    assert "Sample Town Memberhausen" in html
    assert "Sample Club" in html
    assert "Administrator" in html
    assert "Reviewer" in html


def test_profile_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = PersonFactory()
    client.force_login(person)
    for _ in range(5):
        MembershipFactory(person=person)
    with django_assert_max_num_queries(6):
        assert client.get(PROFILE_URL).status_code == 200


def test_profile_edit_saves_and_activates_language(client, person):
    client.force_login(person)
    response = client.post(PROFILE_URL, valid_data())
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    person.refresh_from_db()
    assert person.full_name == "Test Person Beta"
    assert person.email == "beta@example.org"
    assert person.job_title == "International relations"
    response = client.get(PROFILE_URL)
    assert response.wsgi_request.LANGUAGE_CODE == "en"
    assert "Your profile has been saved." in response.content.decode()


def test_profile_edit_with_bad_input_keeps_values_and_shows_errors(en_client, person):
    en_client.force_login(person)
    data = valid_data(full_name="", email="not an address", job_title="Climate team")
    response = en_client.post(PROFILE_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_full_name"' in html and 'href="#id_email"' in html
    assert 'id="id_full_name_error"' in html and 'id="id_email_error"' in html
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert 'value="not an address"' in html
    assert 'value="Climate team"' in html
    person.refresh_from_db()
    assert person.full_name == "Test Person Alpha"  # nothing saved
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_profile_edit_rejects_an_address_taken_in_other_case(en_client, person):
    PersonFactory(email="taken@example.org")
    en_client.force_login(person)
    response = en_client.post(PROFILE_URL, valid_data(email="Taken@Example.org"))
    assert response.status_code == 200
    assert "A person with this e-mail address already exists." in response.content.decode()
    person.refresh_from_db()
    assert person.email == "test.person@example.org"


def test_profile_edit_rejects_unknown_language(en_client, person):
    en_client.force_login(person)
    response = en_client.post(PROFILE_URL, valid_data(preferred_language="xx"))
    assert response.status_code == 200
    assert 'id="id_preferred_language_error"' in response.content.decode()


def test_service_checks_permission_and_validates(person):
    other = PersonFactory()
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        person_update_profile(person=person, by=other, **valid_data())
    organiser = PersonFactory(is_organiser=True)
    person_update_profile(person=person, by=organiser, **valid_data(email=" X@Example.ORG "))
    assert Person.objects.get(pk=person.pk).email == "x@example.org"
    with pytest.raises(ValidationError) as error:
        person_update_profile(person=person, by=person, **valid_data(email=other.email.upper()))
    assert "email" in error.value.message_dict or "__all__" in error.value.message_dict
