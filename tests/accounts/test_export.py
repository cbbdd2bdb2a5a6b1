"""GDPR export: everything about the person, nothing about anybody else."""

import json

import pytest
from django.urls import reverse

from partnerhub.accounts import privacy
from partnerhub.accounts.services import person_export, person_export_data
from partnerhub.core.models import AuditEvent
from partnerhub.core.services import audit_record
from tests.factories import MembershipFactory, PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people():
    alpha = PersonFactory(
        email="alpha@example.org", full_name="Test Person Alpha", is_reviewer=True
    )
    beta = PersonFactory(email="beta@example.org", full_name="Test Person Beta")
    MembershipFactory(
        person=alpha, municipality__name="Sample Town Alpha", department="Climate unit"
    )
    MembershipFactory(person=beta, municipality__name="Sample Town Beta", department="Secret unit")
    partnership = PartnershipFactory()
    audit_record(subject=partnership, action="partnership.updated", actor=alpha, note="alpha note")
    audit_record(subject=partnership, action="partnership.updated", actor=beta, note="beta note")
    return alpha, beta


def test_export_contains_the_person_and_nothing_of_another(two_people):
    alpha, _ = two_people
    data = person_export_data(person=alpha)
    assert data["generated_at"]
    assert data["person"]["email"] == "alpha@example.org"
    assert data["person"]["full_name"] == "Test Person Alpha"
    assert data["roles"] == ["reviewer"]
    [membership] = data["memberships"]
    assert membership["municipality"]["name"] == "Sample Town Alpha"
    assert membership["department"] == "Climate unit"
    assert [event["note"] for event in data["audit_events"]] == ["alpha note"]
    text = json.dumps(data)
    for foreign in ("beta@example.org", "Test Person Beta", "Sample Town Beta", "Secret unit"):
        assert foreign not in text
    assert "password" not in data["person"]
    assert alpha.password not in text


def test_export_download_is_a_json_attachment(client, two_people):
    alpha, _ = two_people
    client.force_login(alpha)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"partnerhub-person-{alpha.pk}-" in disposition
    assert "alpha" not in disposition.lower()  # no personal data in the file name
    data = json.loads(response.content)
    assert data["person"]["email"] == "alpha@example.org"


def test_export_is_recorded_in_the_audit_trail(two_people):
    alpha, _ = two_people
    organiser = PersonFactory(is_organiser=True)
    person_export(person=alpha, by=organiser)
    event = AuditEvent.objects.get(action="person.exported")
    assert event.actor == organiser
    assert event.object_id == str(alpha.pk)
    # ... and the person sees that export in their next one.
    data = person_export_data(person=alpha)
    assert [e["action"] for e in data["audit_events_about_person"]] == ["person.exported"]


def test_nobody_else_may_export(two_people):
    from django.core.exceptions import PermissionDenied

    alpha, beta = two_people
    with pytest.raises(PermissionDenied):
        person_export(person=alpha, by=beta)


def test_registered_parts_are_added(two_people):
    alpha, _ = two_people

    def exporter(person):
        return {"registrations": [f"registration of {person.pk}"]}

    with privacy.registered("sample_part", exporter=exporter):
        data = person_export_data(person=alpha)
    assert data["sample_part"] == {"registrations": [f"registration of {alpha.pk}"]}
    assert "sample_part" not in person_export_data(person=alpha)


def test_registry_refuses_reserved_and_duplicate_keys():
    with pytest.raises(ValueError, match="reserved"):
        privacy.register("memberships", exporter=lambda person: {})
    with pytest.raises(ValueError, match="at least"):
        privacy.register("nothing")
    with (
        privacy.registered("part", eraser=lambda person: None),
        pytest.raises(ValueError, match="already registered"),
    ):
        privacy.register("part", exporter=lambda person: {})
    assert "part" not in [part.key for part in privacy.parts()]
