"""GDPR erasure: personal data goes, statistics and history stay."""

import datetime

import pytest
from django.contrib.auth import get_user
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerhub.accounts import privacy
from partnerhub.accounts.models import Membership, Person
from partnerhub.accounts.services import person_erase
from partnerhub.core.models import AuditEvent
from partnerhub.core.services import audit_record
from partnerhub.partnerships.models import Partnership
from tests.factories import MembershipFactory, PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ERASE_URL = reverse("accounts:erase")


@pytest.fixture
def busy_person(person):
    """A person with history: memberships (one ended, one ahead), audit events, a partnership."""
    today = timezone.localdate()
    MembershipFactory(person=person, department="International relations")
    MembershipFactory(
        person=person, since=datetime.date(2015, 1, 1), ended_at=datetime.date(2018, 6, 30)
    )
    MembershipFactory(person=person, since=today + datetime.timedelta(days=30))
    partnership = PartnershipFactory()
    audit_record(subject=partnership, action="partnership.updated", actor=person)
    audit_record(subject=partnership, action="partnership.confirmed", actor=person)
    person.is_reviewer = True
    person.save()
    return person


def statistics():
    return {
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "partnerships": Partnership.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def test_erasure_keeps_statistics_and_removes_personal_data(busy_person):
    person = busy_person
    old_name, old_email, pk = person.full_name, person.email, person.pk
    before = statistics()

    person_erase(person=person, by=person)

    after = statistics()
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    row = Person.objects.filter(pk=pk).values().get()
    for field, value in row.items():
        text = str(value).lower()
        assert old_name.lower() not in text, field
        assert old_email.lower() not in text, field
        assert old_email.split("@")[0] not in text, field
    erased = Person.objects.get(pk=pk)
    assert erased.email == f"erased-{pk}@erased.invalid"
    assert erased.full_name  # a translated "Erased person"
    assert erased.job_title == ""
    assert not erased.has_usable_password()
    assert not erased.is_active
    assert erased.is_erased
    assert not (erased.is_reviewer or erased.is_organiser or erased.is_staff)
    assert erased.platform_roles == []


def test_erasure_ends_memberships_and_keeps_history(busy_person):
    person = busy_person
    today = timezone.localdate()
    person_erase(person=person, by=person)
    ends = sorted(Membership.objects.filter(person=person).values_list("since", "ended_at"))
    assert ends == [
        (datetime.date(2015, 1, 1), datetime.date(2018, 6, 30)),  # already ended: unchanged
        (today, today),
        (today + datetime.timedelta(days=30), today + datetime.timedelta(days=30)),
    ]
    assert not Membership.objects.current().filter(person=person).exists()
    assert AuditEvent.objects.filter(actor=person, action__startswith="partnership.").count() == 2
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor_id == person.pk
    assert event.object_id == str(person.pk)


def test_erased_person_cannot_log_in(client, person, password):
    email = person.email
    person_erase(person=person, by=person)
    for address in (email, f"erased-{person.pk}@erased.invalid"):
        response = client.post(
            reverse("accounts:login"), {"username": address, "password": password}
        )
        assert response.status_code == 200
        assert not get_user(client).is_authenticated


def test_erasure_ends_every_session(client, person):
    client.force_login(person)
    organiser = PersonFactory(is_organiser=True)
    person_erase(person=person, by=organiser)
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not get_user(client).is_authenticated


def test_erasure_page_with_the_right_password(client, busy_person, password):
    client.force_login(busy_person)
    response = client.post(ERASE_URL, {"password": password})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")
    assert not get_user(client).is_authenticated
    busy_person.refresh_from_db()
    assert busy_person.is_erased


def test_erasure_page_with_a_wrong_password_erases_nothing(en_client, busy_person):
    en_client.force_login(busy_person)
    before = statistics()
    response = en_client.post(ERASE_URL, {"password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The password is not correct. Nothing has been erased." in html
    assert 'aria-invalid="true"' in html
    busy_person.refresh_from_db()
    assert not busy_person.is_erased
    assert busy_person.full_name == "Test Person Alpha"
    assert statistics() == before
    assert get_user(en_client).is_authenticated


def test_erasure_page_explains_and_asks_for_the_password(en_client, person):
    en_client.force_login(person)
    html = en_client.get(ERASE_URL).content.decode()
    assert "cannot be undone" in html
    assert 'for="id_password"' in html
    assert 'autocomplete="current-password"' in html


def test_registered_erasers_run_while_the_address_is_still_there(person):
    seen = []
    with privacy.registered("test_part", eraser=lambda p: seen.append(p.email)):
        person_erase(person=person, by=person)
    assert seen == ["test.person@example.org"]


def test_a_failing_eraser_rolls_everything_back(person):
    def eraser(p):
        raise RuntimeError("the other app failed")

    MembershipFactory(person=person)
    with privacy.registered("failing", eraser=eraser), pytest.raises(RuntimeError):
        person_erase(person=person, by=person)
    person.refresh_from_db()
    assert not person.is_erased
    assert person.email == "test.person@example.org"
    assert Membership.objects.current().filter(person=person).exists()
    assert not AuditEvent.objects.filter(action="person.erased").exists()


def test_erasure_twice_is_refused(person):
    organiser = PersonFactory(is_organiser=True)
    person_erase(person=person, by=organiser)
    with pytest.raises(ValidationError):
        person_erase(person=person, by=organiser)


def test_nobody_but_the_person_or_an_organiser_may_erase(person):
    with pytest.raises(PermissionDenied):
        person_erase(person=person, by=PersonFactory())
    person.refresh_from_db()
    assert not person.is_erased
