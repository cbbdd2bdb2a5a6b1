"""The admin for people: organisers answer export and erasure requests in minutes."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from partnerhub.accounts.models import Membership, Person
from partnerhub.core.models import AuditEvent
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_person_changelist")


@pytest.fixture
def organiser(db):
    return PersonFactory(full_name="Test Person Organiser", is_organiser=True, is_staff=True)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def action(name, *people, **extra):
    return {"action": name, ACTION_CHECKBOX_NAME: [p.pk for p in people], **extra}


def test_organiser_sees_people_and_memberships_in_the_admin(organiser_client, person):
    html = organiser_client.get(reverse("admin:index")).content.decode()
    assert CHANGELIST in html
    assert reverse("admin:accounts_membership_changelist") in html
    MembershipFactory(person=person)
    response = organiser_client.get(reverse("admin:accounts_person_change", args=[person.pk]))
    assert response.status_code == 200
    assert "memberships-TOTAL_FORMS" in response.content.decode()  # the inline
    assert organiser_client.get(reverse("admin:accounts_membership_changelist")).status_code == 200


def test_people_filter_by_role(organiser_client, person):
    PersonFactory(full_name="Test Person Reviewer", is_reviewer=True)
    html = organiser_client.get(CHANGELIST, {"platform_role": "reviewer"}).content.decode()
    assert "Test Person Reviewer" in html
    assert "Test Person Alpha" not in html
    MembershipFactory(person=person, role="admin")
    html = organiser_client.get(CHANGELIST, {"memberships__role": "admin"}).content.decode()
    assert "Test Person Alpha" in html
    assert "Test Person Reviewer" not in html


def test_add_person_in_the_admin_lower_cases_and_rejects_duplicates(organiser_client, person):
    url = reverse("admin:accounts_person_add")
    data = {
        "email": "New.Person@Example.org",
        "full_name": "Test Person New",
        "preferred_language": "fr",
        "usable_password": "false",
    }
    response = organiser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(email="new.person@example.org").preferred_language == "fr"
    response = organiser_client.post(url, {**data, "email": "TEST.PERSON@example.org"})
    assert response.status_code == 200
    assert "A person with this e-mail address already exists." in response.content.decode()


def test_organiser_cannot_make_anybody_superuser(organiser_client, person):
    url = reverse("admin:accounts_person_change", args=[person.pk])
    html = organiser_client.get(url).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="is_organiser"' in html


def test_people_are_never_deleted(organiser_client, person):
    url = reverse("admin:accounts_person_delete", args=[person.pk])
    assert organiser_client.get(url).status_code == 403
    html = organiser_client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in html


def test_export_action_downloads_the_person(organiser_client, organiser, person):
    response = organiser_client.post(CHANGELIST, action("export_person_data", person))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["person"]["email"] == "test.person@example.org"
    assert AuditEvent.objects.get(action="person.exported").actor == organiser


def test_export_action_needs_exactly_one_person(organiser_client, person):
    other = PersonFactory()
    response = organiser_client.post(
        CHANGELIST, action("export_person_data", person, other), follow=True
    )
    assert "Select exactly one person" in response.content.decode()


def test_erase_action_asks_first_then_erases(organiser_client, organiser, person):
    MembershipFactory(person=person)
    memberships = Membership.objects.count()
    response = organiser_client.post(CHANGELIST, action("erase_people", person, organiser))
    assert response.status_code == 200
    html = response.content.decode()
    assert "test.person@example.org" in html
    assert "cannot be undone" in html
    assert "1 selected person is left out" in html  # the organiser themselves
    person.refresh_from_db()
    assert not person.is_erased  # nothing happens before the confirmation

    response = organiser_client.post(
        CHANGELIST, action("erase_people", person, organiser, confirm="yes"), follow=True
    )
    assert "1 person has been erased." in response.content.decode()
    person.refresh_from_db()
    organiser.refresh_from_db()
    assert person.is_erased
    assert not organiser.is_erased
    assert Membership.objects.count() == memberships
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor == organiser


def test_erase_action_skips_people_already_erased(organiser_client, person):
    organiser_client.post(CHANGELIST, action("erase_people", person, confirm="yes"))
    response = organiser_client.post(CHANGELIST, action("erase_people", person), follow=True)
    assert "left out" in response.content.decode()
    assert AuditEvent.objects.filter(action="person.erased").count() == 1


def test_staff_without_organiser_role_cannot_use_the_actions(client, person):
    """Admin access alone is not enough: the actions and the people list need the organiser role."""
    staff = PersonFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(CHANGELIST).status_code == 403
    response = client.post(CHANGELIST, action("erase_people", person, confirm="yes"))
    assert response.status_code == 403
    response = client.post(CHANGELIST, action("export_person_data", person))
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.is_erased


def test_non_staff_are_sent_to_the_admin_login(client, person):
    client.force_login(person)
    response = client.post(CHANGELIST, action("erase_people", person, confirm="yes"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    person.refresh_from_db()
    assert not person.is_erased


def test_organiser_changes_roles_and_memberships_in_the_admin(organiser_client, person):
    municipality = MembershipFactory().municipality
    url = reverse("admin:accounts_person_change", args=[person.pk])
    data = {
        "email": "Test.Person@example.org",
        "full_name": "Test Person Alpha",
        "preferred_language": "de",
        "job_title": "",
        "is_active": "on",
        "is_reviewer": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-municipality": str(municipality.pk),
        "memberships-0-role": "admin",
        "memberships-0-since": "2024-05-01",
    }
    response = organiser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.is_reviewer
    assert person.email == "test.person@example.org"
    assert person.memberships.get().role == "admin"


def test_erasure_scrubs_the_admin_change_history(organiser_client):
    from django.contrib.admin.models import LogEntry

    person = PersonFactory(email="oez@example.org", full_name="Test Person Öz")
    municipality = MembershipFactory().municipality
    url = reverse("admin:accounts_person_change", args=[person.pk])
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "preferred_language": "de",
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-municipality": str(municipality.pk),
        "memberships-0-role": "member",
        "memberships-0-since": "2024-05-01",
    }
    assert organiser_client.post(url, data).status_code == 302
    history = " ".join(f"{e.object_repr} {e.change_message}" for e in LogEntry.objects.all())
    assert "Test Person Öz" in history  # the admin logged it …
    assert "Test Person \\u00d6z" in history  # … also inside the JSON change message

    organiser_client.post(CHANGELIST, action("erase_people", person, confirm="yes"))

    history = " ".join(f"{e.object_repr} {e.change_message}" for e in LogEntry.objects.all())
    assert LogEntry.objects.count() >= 1  # … the entries stay …
    for old in ("Test Person Öz", "Test Person \\u00d6z", "oez@example.org"):
        assert old not in history  # … without the name
