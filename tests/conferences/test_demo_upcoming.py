"""The demo's invented upcoming edition: Latin America and the Caribbean, 5th edition, 2027.

Registration is open, the programme runs over two days with parallel workshops,
and the demo accounts have registered through the registration service,
including Musterstadt's joint registration with its partner in Peru.
"""

import datetime

import pytest
from django.urls import reverse

from partnerhub.accounts.models import Person
from partnerhub.conferences import demo
from partnerhub.conferences.eligibility import partner_eligibility
from partnerhub.conferences.models import (
    Edition,
    EditionStatus,
    ParticipantType,
    Registration,
    RegistrationStatus,
    SeriesKind,
    SessionKind,
    WorkshopPreference,
)
from partnerhub.conferences.queries import rotation_plan, viewable_registrations
from partnerhub.core.demo import load_demo
from partnerhub.core.models import AuditEvent

from .helpers import load_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return load_demo()


@pytest.fixture
def edition(report):
    return Edition.objects.get(series__slug="latin-america", number=5)


def test_the_history_alone_has_no_upcoming_edition():
    """Tests of the history (and their rotation figures) load only the history."""
    load_history()
    assert not Edition.objects.filter(series__slug="latin-america", number=5).exists()
    assert Edition.objects.count() == len(demo.EDITIONS)


def test_the_rotation_schedules_latin_america_in_2027(edition):
    assert edition.year == 2027
    plan = rotation_plan(datetime.date(2026, 11, 22)).plan_for("latin-america")
    assert (plan.last_year, plan.due_not_scheduled) == (2027, False)


def test_the_edition_is_open_for_registration_with_its_content(edition):
    assert edition.status == EditionStatus.REGISTRATION_OPEN
    assert edition.registration_is_open()
    (part,) = edition.ordered_parts
    assert (part.start, part.end, part.precision) == (
        datetime.date(2027, 9, 22),
        datetime.date(2027, 9, 23),
        "day",
    )
    assert edition.registration_closes_at.date() < part.start
    assert edition.host_municipality.slug == "musterstadt"
    assert edition.host_municipality.is_sample
    assert edition.place == "Musterstadt (Beispiel)"
    assert "Invented for the demo" in edition.source_note
    for field in ("title", "guiding_question", "description"):
        for code in ("de", "en", "fr", "es"):
            assert getattr(edition, f"{field}_{code}"), (field, code)
    assert sorted(edition.sdgs.values_list("number", flat=True)) == [6, 11, 13, 17]
    assert edition.capacity == 120
    assert edition.travel_budget == 25000


def test_the_history_is_unchanged(edition):
    # The climate part of the demo adds its network meetings as a series of their own.
    history = Edition.objects.exclude(pk=edition.pk).exclude(
        series__kind=SeriesKind.CLIMATE_NETWORK
    )
    assert history.count() == len(demo.EDITIONS)
    assert not history.filter(status=EditionStatus.REGISTRATION_OPEN).exists()


def test_programme_over_two_days_with_parallel_workshops(edition):
    slots = list(edition.time_slots.order_by("starts_at"))
    days = {slot.starts_at.astimezone(demo.BERLIN).date() for slot in slots}
    assert days == {datetime.date(2027, 9, 22), datetime.date(2027, 9, 23)}
    sessions = edition.sessions.select_related("room", "slot").prefetch_related("sdgs")
    workshops_per_slot = {}
    for session in sessions:
        if session.kind == SessionKind.WORKSHOP:
            workshops_per_slot.setdefault(session.slot_id, []).append(session)
            assert session.capacity and session.capacity <= session.room.capacity
            assert session.sdgs.exists()
    assert sorted(len(w) for w in workshops_per_slot.values()) == [3, 3]
    assert sessions.filter(kind=SessionKind.PLENARY).count() >= 2
    assert edition.rooms.count() == 4
    speakers = list(edition.speakers.all())
    assert len(speakers) >= 3 and all(s.full_name.startswith("Demo ") for s in speakers)
    for session in sessions:
        session.full_clean()


def test_sample_registrations_went_through_the_service(edition):
    registrations = list(edition.registrations.select_related("group"))
    assert len(registrations) == 6
    assert all(r.status == RegistrationStatus.CONFIRMED for r in registrations)
    created = AuditEvent.objects.filter(action="registration.created")
    assert created.count() == len(registrations)
    for registration in registrations:
        assert registration.full_name.startswith("Demo ")
        assert registration.email == "" or registration.email.endswith("@example.org")
        assert registration.consent_text_id is not None
    types = {r.participant_type for r in registrations}
    assert {
        ParticipantType.GERMAN_MUNICIPALITY,
        ParticipantType.PARTNER_MUNICIPALITY,
        ParticipantType.CIVIL_SOCIETY,
        ParticipantType.SPEAKER,
    } <= types


def test_musterstadt_registered_jointly_with_its_eligible_partner(edition):
    group = edition.registration_groups.get(submission_key=demo.JOINT_KEY)
    assert group.is_joint
    assert group.german_municipality.slug == "musterstadt"
    partner = group.partner_municipality
    assert partner.slug == "municipio-ejemplo-peru" and partner.is_sample
    assert partner_eligibility(edition=edition, country=partner.country).eligible
    assert not group.eligibility_override_reason
    assert group.partnership is not None and group.partnership.is_sample
    assert list(group.partnership.partners.all()) == [partner]
    delegates = group.registrations.filter(participant_type=ParticipantType.PARTNER_MUNICIPALITY)
    assert delegates.count() == 2
    assert delegates.exclude(email="").count() == 1
    assert all(d.needs_visa_letter and d.language == "es" for d in delegates)


def test_the_german_member_account_sees_its_registrations(client, edition):
    member = Person.objects.get(email="municipality@example.org")
    group = edition.registration_groups.get(submission_key=demo.JOINT_KEY)
    assert group.submitted_by == member
    for registration in group.registrations.all():
        assert member.has_perm("conferences.view_registration", registration)
    assert set(viewable_registrations(member)) == set(group.registrations.all())
    client.force_login(member)
    response = client.get("/api/v1/registrations", {"edition": edition.pk})
    assert response.json()["count"] == 4


def test_the_partner_delegates_own_page_is_in_the_report(report, edition):
    delegate = Registration.objects.get(full_name=demo.GRANT_FOR)
    assert delegate.email.endswith("@example.org")
    path = reverse("conferences:registration_by_token", args=[delegate.access_token])
    assert any(path in line for line in report.lines)
    assert any("/conferences/latin-america/5/" in line for line in report.lines)


def test_speaker_preferences_and_travel_grant(edition):
    speaker = edition.speakers.get(full_name="Demo Speaker Funding Instruments")
    assert speaker.registration.participant_type == ParticipantType.SPEAKER
    assert speaker.sessions.count() >= 2
    preferences = WorkshopPreference.objects.filter(registration__edition=edition)
    assert preferences.values("registration").distinct().count() == 4
    for preference in preferences.select_related("session"):
        assert preference.session.kind == SessionKind.WORKSHOP
    grant = Registration.objects.get(full_name=demo.GRANT_FOR).travel_grant
    assert grant.lines.count() == 3
    assert 0 < grant.requested_total <= edition.travel_budget
    assert grant.submitted_by.email == "municipality@example.org"


def test_loading_twice_adds_nothing(edition):
    counts = (
        Registration.objects.count(),
        edition.sessions.count(),
        WorkshopPreference.objects.count(),
        AuditEvent.objects.count(),
    )
    load_demo()
    assert (
        Registration.objects.count(),
        edition.sessions.count(),
        WorkshopPreference.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
