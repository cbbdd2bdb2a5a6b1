"""The admin for registrations, the programme and travel grants.

Organisers with admin access see every list; statuses change only through the
services (the admin's actions call them and report refusals as messages).
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from partnerhub.accounts.services import api_token_create
from partnerhub.conferences import services
from partnerhub.conferences.models import (
    GrantCategory,
    ParticipantType,
    ProgrammeSession,
    RegistrationStatus,
    Room,
    SessionKind,
    Speaker,
    TimeSlot,
    TravelGrantApplication,
    TravelGrantLine,
    WorkshopAssignment,
)
from partnerhub.core.models import AuditEvent
from tests.factories import EditionFactory, PartnerMunicipalityFactory, PersonFactory, country
from tests.permissions import ADMIN_LOGIN, ROLES, assert_matrix

from .helpers import person_values, submit

pytestmark = pytest.mark.django_db
S = RegistrationStatus

CHANGELISTS = [
    "conferences_registration",
    "conferences_registrationgroup",
    "conferences_room",
    "conferences_timeslot",
    "conferences_programmesession",
    "conferences_speaker",
    "conferences_travelgrantapplication",
    "conferences_workshopassignment",
    "conferences_edition",
    "conferences_hostinginterest",
    "accounts_consenttext",
    "accounts_apitoken",
]


@pytest.fixture
def organiser_client(client, roles):
    client.force_login(roles["organiser"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def world(roles):
    """An edition with a joint registration, a programme, an assignment and a grant."""
    edition = EditionFactory(capacity=3)
    start = edition.start_date
    partner = PartnerMunicipalityFactory()
    group = submit(
        edition,
        roles["member_own"],
        [
            person_values(full_name="Test Person German", municipality=roles.municipality_own),
            person_values(
                participant_type=ParticipantType.PARTNER_MUNICIPALITY,
                full_name="Test Person Partner",
                municipality=partner,
                country=partner.country,
                language="fr",
            ),
        ],
        german_municipality=roles.municipality_own,
        partner_municipality=partner,
    )
    german, delegate = group.registrations.order_by("id")
    room = Room.objects.create(edition=edition, name="Room 1", capacity=30)
    at = datetime.datetime(start.year, start.month, start.day, 10, tzinfo=datetime.UTC)
    slot = TimeSlot.objects.create(
        edition=edition, starts_at=at, ends_at=at + datetime.timedelta(hours=1)
    )
    speaker = Speaker.objects.create(edition=edition, full_name="Test Speaker")
    session = ProgrammeSession.objects.create(
        edition=edition, slot=slot, room=room, kind=SessionKind.WORKSHOP, title_en="Water"
    )
    session.speakers.set([speaker])
    WorkshopAssignment.objects.create(registration=german, session=session, slot=slot)
    grant = TravelGrantApplication.objects.create(registration=delegate)
    TravelGrantLine.objects.create(
        application=grant, category=GrantCategory.TRAVEL, requested_amount=Decimal("900")
    )
    api_token_create(person=roles["member_own"], by=roles["member_own"], name="Test tool")
    return {"edition": edition, "group": group, "german": german, "delegate": delegate}


def changelist(name):
    return reverse(f"admin:{name}_changelist")


def action(name, *registrations):
    return {"action": name, ACTION_CHECKBOX_NAME: [r.pk for r in registrations]}


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelists_load_for_organisers(organiser_client, world, name):
    response = organiser_client.get(changelist(name))
    assert response.status_code == 200


def test_admin_index_lists_the_new_models(organiser_client, world):
    html = organiser_client.get(reverse("admin:index")).content.decode()
    for name in CHANGELISTS:
        assert changelist(name) in html, name


def test_registration_list_filters_and_search(organiser_client, world):
    url = changelist("conferences_registration")
    edition = world["edition"]
    for params in (
        {"edition__id__exact": edition.pk},
        {"status__exact": "confirmed"},
        {"participant_type__exact": "partner_municipality"},
        {"country__iso2__exact": "GH"},
        {"q": "Partner"},
    ):
        response = organiser_client.get(url, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "Test Person Partner" in html, params
    html = organiser_client.get(url, {"participant_type__exact": "partner_municipality"})
    assert "Test Person German" not in html.content.decode()


def test_only_staff_organisers_reach_the_registration_admin(client, roles, world):
    expected = dict.fromkeys(ROLES, ADMIN_LOGIN)
    expected["organiser"] = 200
    assert_matrix(client, changelist("conferences_registration"), expected)
    staff = PersonFactory(is_staff=True)  # admin access, but no organiser
    client.force_login(staff)
    assert client.get(changelist("conferences_registration")).status_code == 403


def test_change_pages_load_and_status_is_read_only(organiser_client, world):
    german = world["german"]
    url = reverse("admin:conferences_registration_change", args=[german.pk])
    html = organiser_client.get(url).content.decode()
    assert 'name="job_title"' in html  # the participant's own data
    assert 'name="status"' not in html and 'name="full_name"' in html
    assert 'name="email"' not in html and 'name="edition"' not in html
    group_url = reverse("admin:conferences_registrationgroup_change", args=[world["group"].pk])
    html = organiser_client.get(group_url).content.decode()
    assert "Test Person Partner" in html  # the inline
    for name, pk in (
        ("conferences_travelgrantapplication", world["delegate"].travel_grant.pk),
        ("conferences_programmesession", ProgrammeSession.objects.get().pk),
    ):
        assert organiser_client.get(reverse(f"admin:{name}_change", args=[pk])).status_code == 200


def test_editing_a_registration_goes_through_the_service(organiser_client, world):
    german = world["german"]
    url = reverse("admin:conferences_registration_change", args=[german.pk])
    form = organiser_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(job_title="Climate office", status="cancelled", full_name="Test Person German")
    data["needs_visa_letter"] = ""
    response = organiser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    german.refresh_from_db()
    assert german.job_title == "Climate office"
    assert german.status == S.CONFIRMED  # not a field of the form
    assert AuditEvent.objects.filter(action="registration.updated").count() == 1


def test_cancelled_registrations_cannot_be_edited(organiser_client, roles, world):
    german = world["german"]
    services.registration_cancel(registration=german, by=roles["organiser"])
    url = reverse("admin:conferences_registration_change", args=[german.pk])
    html = organiser_client.get(url).content.decode()
    assert 'name="job_title"' not in html


def test_nothing_is_added_or_deleted_in_the_admin(organiser_client, world):
    assert organiser_client.get(reverse("admin:conferences_registration_add")).status_code == 403
    delete = reverse("admin:conferences_registration_delete", args=[world["german"].pk])
    assert organiser_client.get(delete).status_code == 403
    room = Room.objects.get()
    assert organiser_client.get(reverse("admin:conferences_room_add")).status_code == 403
    html = organiser_client.get(reverse("admin:conferences_room_change", args=[room.pk]))
    assert 'name="capacity"' not in html.content.decode()


def test_approve_action_calls_the_service_and_reports_refusals(organiser_client, roles):
    edition = EditionFactory(is_moderated=True, capacity=1)
    group = submit(
        edition,
        roles["member_own"],
        [
            person_values(full_name=f"Test Person {n}", municipality=roles.municipality_own)
            for n in range(2)
        ],
        german_municipality=roles.municipality_own,
    )
    first, second = group.registrations.order_by("id")
    assert (first.status, second.status) == (S.PENDING, S.PENDING)
    url = changelist("conferences_registration")
    response = organiser_client.post(
        url, action("approve_registrations", first, second), follow=True
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.status, second.status} == {S.CONFIRMED, S.WAITLISTED}
    assert "2 registrations have been approved." in response.content.decode()
    assert AuditEvent.objects.filter(action="registration.status").count() == 2
    response = organiser_client.post(url, action("approve_registrations", first), follow=True)
    html = response.content.decode()
    assert "Only registrations awaiting approval can be approved" in html
    assert "Test Person" in html


def test_cancel_action_calls_the_service_and_promotes_the_waiting_list(
    organiser_client, roles, monkeypatch
):
    edition = EditionFactory(capacity=1)
    town = roles.municipality_own
    people = [person_values(full_name=f"Test Person {n}", municipality=town) for n in range(2)]
    group = submit(edition, roles["member_own"], people, german_municipality=town)
    first, second = group.registrations.order_by("id")
    assert second.status == S.WAITLISTED
    calls = []
    original = services.registration_cancel

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(services, "registration_cancel", spy)
    url = changelist("conferences_registration")
    response = organiser_client.post(url, action("cancel_registrations", first), follow=True)
    assert "1 registration has been cancelled." in response.content.decode()
    assert [c["registration"].pk for c in calls] == [first.pk]
    assert calls[0]["by"] == roles["organiser"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.CANCELLED, S.CONFIRMED)
    response = organiser_client.post(url, action("cancel_registrations", first), follow=True)
    assert "This registration is already cancelled." in response.content.decode()


def test_group_shows_an_eligibility_override(organiser_client, roles):
    edition = EditionFactory()
    seychelles = PartnerMunicipalityFactory(country=country("SC"))
    group = submit(
        edition,
        roles["organiser"],
        [
            person_values(
                participant_type=ParticipantType.PARTNER_MUNICIPALITY,
                full_name="Test Person Seychelles",
                municipality=seychelles,
                country=seychelles.country,
            )
        ],
        partner_municipality=seychelles,
        override_reason="Speaker of the island workshop.",
    )
    url = reverse("admin:conferences_registrationgroup_change", args=[group.pk])
    assert "Speaker of the island workshop." in organiser_client.get(url).content.decode()
    listed = organiser_client.get(
        changelist("conferences_registrationgroup"),
        {"eligibility_overridden_by__isempty": "0"},
    ).content.decode()
    assert url in listed


def test_api_tokens_are_revoked_by_an_action(organiser_client, world, roles):
    token = roles["member_own"].api_tokens.get()
    url = changelist("accounts_apitoken")
    html = organiser_client.get(url).content.decode()
    assert token.prefix in html and token.secret_hash not in html
    response = organiser_client.post(
        url, {"action": "revoke_tokens", ACTION_CHECKBOX_NAME: [token.pk]}, follow=True
    )
    assert "1 token has been revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_at <= timezone.now()
    assert organiser_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_changelists_run_a_fixed_number_of_queries(
    organiser_client, roles, world, django_assert_max_num_queries
):
    url = changelist("conferences_registration")
    organiser_client.get(url)
    with django_assert_max_num_queries(20) as few:
        organiser_client.get(url)
    town = roles.municipality_own
    people = [person_values(full_name=f"Test Person {n}", municipality=town) for n in range(8)]
    submit(world["edition"], roles["member_own"], people, german_municipality=town)
    with django_assert_max_num_queries(len(few)):
        assert organiser_client.get(url).status_code == 200
