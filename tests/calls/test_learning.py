"""Learning processes: from a selected proposal, the mix of participants, tasks, follow-ups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.calls import services
from partnerhub.calls.models import Decision, Origin, ParticipantStatus, TaskOwner
from tests.factories import country

from .test_proposals import BEFORE, complete, submit_at

pytestmark = pytest.mark.django_db
EVENT_DAY = datetime.date(2026, 6, 10)


@pytest.fixture
def process(call, applicant, organiser):
    proposal = submit_at(complete(call, applicant), applicant[0], BEFORE)
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    return services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )


def test_only_selected_proposals_become_learning_processes(call, applicant, organiser):
    proposal = submit_at(complete(call, applicant), applicant[0], BEFORE)
    with pytest.raises(ValidationError, match="selected"):
        services.learning_process_create(proposal=proposal, by=organiser, event_starts_on=EVENT_DAY)


def test_a_learning_process_lasts_a_year_with_the_default_event(process):
    assert process.ends_on == datetime.date(2027, 6, 9)
    event = process.dialogue_event
    assert (event.duration_days, event.working_language) == (2.5, "en")
    assert (event.min_participants, event.max_participants) == (25, 35)
    owners = set(event.tasks.values_list("owner", flat=True))
    assert owners == {TaskOwner.HOST, TaskOwner.ORGANISER}


def add(event, organiser, count, iso2, status=ParticipantStatus.SELECTED):
    for index in range(count):
        participant = services.event_participant_add(
            event=event, by=organiser, full_name=f"Test Person {iso2}{index}", country=country(iso2)
        )
        if status == ParticipantStatus.SELECTED:
            services.event_participant_set_status(
                participant=participant, status=status, by=organiser
            )


@pytest.mark.parametrize(
    ("german", "south", "other", "warning"),
    [(10, 10, 4, "at least 25"), (12, 12, 6, None), (14, 14, 7, None)],
)
def test_the_mix_is_computed_from_countries_and_warns_outside_the_size(
    process, organiser, german, south, other, warning
):
    event = process.dialogue_event
    add(event, organiser, german, "DE")
    add(event, organiser, south, "GH")
    add(event, organiser, other, "FR")
    mix = services.event_mix(event)
    assert mix.counts == {
        Origin.GERMANY: german,
        Origin.GLOBAL_SOUTH: south,
        Origin.OTHER_INDUSTRIALISED: other,
    }
    assert mix.selected == german + south + other
    if warning:
        assert any(warning in message for message in mix.warnings)
    else:
        assert mix.warnings == []


def test_never_more_selected_than_the_maximum(process, organiser):
    event = process.dialogue_event
    add(event, organiser, 35, "DE")
    add(event, organiser, 1, "GH", status=ParticipantStatus.NOMINATED)
    nominee = event.participants.get(status=ParticipantStatus.NOMINATED)
    with pytest.raises(ValidationError, match="the most this event takes"):
        services.event_participant_set_status(
            participant=nominee, status=ParticipantStatus.SELECTED, by=organiser
        )
    assert services.event_mix(event).selected == 35


def test_a_graduated_country_counts_as_industrialised(process, organiser):
    event = process.dialogue_event
    add(event, organiser, 1, "CL")  # Chile, off the DAC list since 2018 flows
    assert services.event_mix(event).counts[Origin.OTHER_INDUSTRIALISED] == 1


def test_host_members_tick_host_tasks_only(process, applicant, organiser):
    person, _town = applicant
    host_task = process.dialogue_event.tasks.filter(owner=TaskOwner.HOST).first()
    organiser_task = process.dialogue_event.tasks.filter(owner=TaskOwner.ORGANISER).first()
    assert services.event_task_set_done(task=host_task, done=True, by=person).done_at
    with pytest.raises(PermissionDenied):
        services.event_task_set_done(task=organiser_task, done=True, by=person)


def test_follow_ups_lie_within_the_year(process, organiser):
    services.follow_up_save(
        learning_process=process,
        by=organiser,
        kind="exchange_trip",
        title="Exchange trip to Kumasi",
        starts_on=datetime.date(2026, 11, 2),
    )
    with pytest.raises(ValidationError, match="within"):
        services.follow_up_save(
            learning_process=process,
            by=organiser,
            kind="virtual",
            title="Too late",
            starts_on=datetime.date(2027, 8, 1),
        )
