"""Retention: personal data of past events anonymised after the set time, statistics kept."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.calls.models import DialogueEvent, EventParticipant, LearningProcess
from partnerhub.conferences import statistics
from partnerhub.conferences.dates import DatePrecision
from partnerhub.conferences.models import (
    GrantCategory,
    Registration,
    TravelGrantApplication,
    TravelGrantLine,
)
from partnerhub.core import retention
from partnerhub.core.tasks import purge_personal_data_task
from tests.conferences.test_organiser import build_world
from tests.factories import MunicipalityFactory, country

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)
ENDED = datetime.date(2024, 9, 10)  # more than 730 days before TODAY
RECENT = datetime.date(2025, 9, 10)  # less


def figures(result) -> dict:
    return {
        breakdown.slug: {f.key: (f.confirmed, f.active) for f in breakdown.figures}
        for breakdown in (
            result.by_country,
            result.by_type,
            result.by_region,
            result.german_municipalities,
        )
    }


def move_to(edition, day: datetime.date) -> None:
    edition.parts.update(start=day, end=day + datetime.timedelta(days=2))


@pytest.fixture
def world(roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    registration = world.get("Test Person Alpha Two")
    Registration.objects.filter(pk=registration.pk).update(
        accessibility_needs="Step-free access",
        passport_number="X1234567",
        date_of_birth=datetime.date(1980, 1, 2),
        nationality=country("DE"),
        travel_details="Train from the south",
        job_title="Head of the international office",
        person=roles["participant"],
    )
    application = TravelGrantApplication.objects.create(
        registration=world.get("Test Person Partner One"), justification="No travel budget."
    )
    TravelGrantLine.objects.create(
        application=application,
        category=GrantCategory.choices[0][0],
        description="Flight from Accra",
        requested_amount=500,
    )
    return world


def test_nothing_is_due_before_the_time(world):
    move_to(world.edition, RECENT)
    counts = retention.purge_personal_data(today=TODAY)
    assert counts["conference_registrations"] == 0
    assert Registration.objects.filter(full_name="Test Person Alpha Two").exists()


def test_registrations_of_an_ended_edition_are_anonymised_and_statistics_stay(world):
    move_to(world.edition, ENDED)
    before = figures(statistics.edition_statistics(world.edition))
    total = Registration.objects.filter(edition=world.edition).count()
    counts = retention.purge_personal_data(today=TODAY)
    assert counts["conference_registrations"] == total
    assert counts["conference_travel_grants"] == 1
    after = figures(statistics.edition_statistics(world.edition))
    assert after == before
    for registration in Registration.objects.filter(edition=world.edition):
        assert registration.full_name == retention.ANONYMISED
        assert registration.email == registration.passport_number == ""
        assert registration.accessibility_needs == registration.travel_details == ""
        assert registration.date_of_birth is None and registration.nationality is None
        assert registration.person is None
        assert registration.country_id and registration.participant_type and registration.status
    application = TravelGrantApplication.objects.get()
    assert application.justification == ""
    line = application.lines.get()
    assert (line.description, line.requested_amount) == ("", 500)
    # A second run finds nothing left to do.
    again = retention.purge_personal_data(today=TODAY)
    assert again["conference_registrations"] == again["conference_travel_grants"] == 0


def test_a_dry_run_counts_and_changes_nothing(world):
    move_to(world.edition, ENDED)
    counts = retention.purge_personal_data(today=TODAY, dry_run=True)
    assert counts["conference_registrations"] == 6
    assert Registration.objects.filter(full_name="Test Person Alpha Two").exists()
    assert TravelGrantApplication.objects.get().justification


def test_month_precision_ends_at_the_end_of_the_month(world, settings):
    settings.RETENTION_DAYS_AFTER_EVENT = 10
    world.edition.parts.update(
        start=datetime.date(2026, 11, 1), end=None, precision=DatePrecision.MONTH
    )
    # The last day is 30 November: not due on 5 December, due from 11 December.
    assert (
        retention.purge_personal_data(today=datetime.date(2026, 12, 5))["conference_registrations"]
        == 0
    )
    assert (
        retention.purge_personal_data(today=datetime.date(2026, 12, 11))["conference_registrations"]
        == 6
    )


def test_the_retention_time_is_a_setting(world, settings):
    move_to(world.edition, RECENT)
    settings.RETENTION_DAYS_AFTER_EVENT = 30
    assert retention.cutoff_date(TODAY) == TODAY - datetime.timedelta(days=30)
    assert retention.purge_personal_data(today=TODAY)["conference_registrations"] == 6


def test_dialogue_event_participants_are_anonymised_and_the_mix_stays(db):
    process = LearningProcess.objects.create(
        title="Sample process",
        host=MunicipalityFactory(),
        theme_field="municipal_services",
        starts_on=ENDED,
        ends_on=ENDED + datetime.timedelta(days=300),
    )
    event = DialogueEvent.objects.create(learning_process=process, starts_on=ENDED)
    EventParticipant.objects.create(
        event=event,
        full_name="Test Person Nominee",
        email="nominee@example.org",
        function="Mayor's office",
        nominated_by="Sample Town",
        country=country("GH"),
    )
    assert retention.purge_personal_data(today=TODAY)["dialogue_event_participants"] == 1
    participant = EventParticipant.objects.get()
    assert (participant.full_name, participant.email, participant.function) == (
        retention.ANONYMISED,
        "",
        "",
    )
    assert participant.country_id == "GH" and participant.status == "nominated"


def test_other_apps_register_their_part(world):
    calls = []

    def purge(cutoff, *, dry_run):
        calls.append((cutoff, dry_run))
        return 3

    with retention.registered("sample_orders", "orders", purge):
        counts = retention.purge_personal_data(today=TODAY, dry_run=True)
        with pytest.raises(ValueError):
            retention.register("sample_orders", "orders", purge)
    assert counts["sample_orders"] == 3
    assert calls == [(retention.cutoff_date(TODAY), True)]
    assert "sample_orders" not in {part.key for part in retention.parts()}
    assert [p.key for p in retention.parts()][:3] == [
        "conference_registrations",
        "conference_travel_grants",
        "dialogue_event_participants",
    ]


def test_an_error_in_one_part_rolls_every_part_back(world):
    move_to(world.edition, ENDED)

    def broken(cutoff, *, dry_run):
        raise RuntimeError("broken")

    with retention.registered("broken", "broken", broken), pytest.raises(RuntimeError):
        retention.purge_personal_data(today=TODAY)
    assert Registration.objects.filter(full_name="Test Person Alpha Two").exists()


def test_the_command_and_the_task(world):
    move_to(world.edition, datetime.date.today() - datetime.timedelta(days=800))
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "conference_registrations: 6 would be anonymised" in out.getvalue()
    assert Registration.objects.filter(full_name="Test Person Alpha Two").exists()
    result = purge_personal_data_task.enqueue()
    assert result.return_value["conference_registrations"] == 6
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "0 record(s) anonymised" in out.getvalue()
