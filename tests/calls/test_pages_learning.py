"""Learning-process pages: public pages (counts, never names), the organisers' page with the
live mix, the host's checklist, follow-ups, and starting a process from a selected proposal."""

import datetime

import pytest
from django.urls import reverse

from partnerhub.calls import services
from partnerhub.calls.models import (
    Decision,
    EventParticipant,
    LearningProcess,
    ParticipantStatus,
    TaskOwner,
)
from tests.factories import PartnerMunicipalityFactory
from tests.permissions import LOGIN, assert_matrix

from .test_pages_reviews import EN, submitted_proposal

pytestmark = pytest.mark.django_db
EVENT_DAY = datetime.date(2026, 6, 10)
EVERYBODY = dict.fromkeys(
    ("anonymous", "participant", "member_own", "member_other", "reviewer_conflict", "organiser"),
    200,
)
ORGANISER_ONLY = {
    "anonymous": LOGIN,
    "participant": 403,
    "member_own": 403,
    "member_other": 403,
    "reviewer_conflict": 403,
    "organiser": 200,
}


@pytest.fixture
def selected(call, organiser, roles):
    proposal = submitted_proposal(call, roles.municipality_own, "Flood resilience")
    return services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )


@pytest.fixture
def process(selected, organiser):
    """A learning process hosted by the matrix's "own" municipality."""
    return services.learning_process_create(
        proposal=selected, by=organiser, event_starts_on=EVENT_DAY, place="Sample Town A town hall"
    )


def people(event, count, iso2, status=ParticipantStatus.SELECTED):
    EventParticipant.objects.bulk_create(
        EventParticipant(
            event=event, full_name=f"Test Participant {iso2} {n}", country_id=iso2, status=status
        )
        for n in range(count)
    )


def manage_url(process):
    return reverse("calls:learning_process_manage", args=[process.pk])


# --- Public pages --------------------------------------------------------------------------


def test_public_pages_are_for_everybody(client, roles, process):
    assert_matrix(client, reverse("calls:learning_processes"), EVERYBODY)
    assert_matrix(client, reverse("calls:learning_process", args=[process.pk]), EVERYBODY)
    assert client.get(reverse("calls:learning_process", args=[999999])).status_code == 404


def test_the_public_page_shows_the_event_the_mix_as_counts_and_the_year(client, process, organiser):
    event = process.dialogue_event
    people(event, 12, "DE")
    people(event, 12, "GH")
    people(event, 6, "FR")
    people(event, 2, "NL", status=ParticipantStatus.NOMINATED)
    services.follow_up_save(
        learning_process=process,
        by=organiser,
        kind="exchange_trip",
        title="Exchange trip to a partner city",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 11, 6),
        outcome="A joint early-warning pilot was agreed.",
    )
    html = client.get(reverse("calls:learning_process", args=[process.pk]), **EN).text
    assert "Sample Town A" in html
    assert "Integrated urban development" in html
    assert "10–12 June 2026 (2.5 days)" in html
    assert "Sample Town A town hall" in html and "English" in html
    assert '<tr data-origin="germany"><th scope="row">Germany</th><td>12</td><td>40 %</td>' in html
    assert '<tr data-origin="global_south"><th scope="row">Global South</th><td>12</td>' in html
    assert "<td data-selected>30</td>" in html
    assert "Test Participant" not in html  # names are personal data
    assert "Exchange trip to a partner city" in html
    assert "A joint early-warning pilot was agreed." in html
    # The timeline: an SVG picture with a title and description, and the same dates as text.
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in html
    assert "2–6 November 2026: expert exchange trip: Exchange trip to a partner city" in html
    assert "10–12 June 2026: Dialogue event" in html
    list_html = client.get(reverse("calls:learning_processes"), **EN).text
    assert "Flood resilience" in list_html and "10–12 June 2026" in list_html


def test_public_pages_run_a_fixed_number_of_queries(client, process, django_assert_max_num_queries):
    url = reverse("calls:learning_process", args=[process.pk])
    people(process.dialogue_event, 5, "DE")
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    people(process.dialogue_event, 25, "GH")
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("calls:learning_processes")).status_code == 200


# --- The organisers' page -----------------------------------------------------------------


def test_organiser_pages_matrix(client, roles, process):
    assert_matrix(client, manage_url(process), ORGANISER_ONLY)
    posts = {**ORGANISER_ONLY, "organiser": 302}
    assert_matrix(
        client,
        reverse("calls:event_participant_add", args=[process.pk]),
        posts,
        "post",
        {"participant-full_name": "Test Person Nominee", "participant-country": "GH"},
    )
    nominee = EventParticipant.objects.get(full_name="Test Person Nominee")
    assert_matrix(
        client,
        reverse("calls:event_participant_status", args=[process.pk, nominee.pk]),
        posts,
        "post",
        {"status": "not_selected"},
    )
    assert_matrix(
        client,
        reverse("calls:follow_up_add", args=[process.pk]),
        posts,
        "post",
        {
            "follow-up-kind": "virtual",
            "follow-up-title": "Online exchange",
            "follow-up-starts_on": "2026-09-01",
        },
    )
    activity = process.follow_ups.get()
    assert_matrix(
        client, reverse("calls:follow_up_edit", args=[process.pk, activity.pk]), ORGANISER_ONLY
    )


@pytest.mark.parametrize(
    ("german", "south", "other", "warning"),
    [
        (10, 10, 4, "24 selected: a dialogue event needs at least 25 participants."),
        (12, 12, 6, None),
    ],
)
def test_the_live_mix_and_its_warnings(client, roles, process, german, south, other, warning):
    event = process.dialogue_event
    people(event, german, "DE")
    people(event, south, "GH")
    people(event, other, "FR")
    client.force_login(roles["organiser"])
    html = client.get(manage_url(process), **EN).text
    assert f"<td data-selected>{german + south + other}</td>" in html
    if warning:
        assert "data-mix-warnings" in html
        assert warning in html
    else:
        assert "data-mix-warnings" not in html
        assert "data-mix-ok" in html
    assert "Test Participant DE 0" in html  # organisers see the names


def test_nobody_from_the_global_south_is_a_warning(client, roles, process):
    people(process.dialogue_event, 26, "DE")
    people(process.dialogue_event, 1, "CL")  # Chile: off the DAC list since 2018 flows
    client.force_login(roles["organiser"])
    html = client.get(manage_url(process), **EN).text
    assert "Nobody from the Global South is selected yet." in html
    assert "other industrialised countries" in html


def test_the_36th_selection_is_refused_with_the_services_message(client, roles, process):
    event = process.dialogue_event
    people(event, 15, "DE")
    people(event, 15, "GH")
    people(event, 5, "FR")
    people(event, 1, "GH", status=ParticipantStatus.NOMINATED)
    nominee = event.participants.get(status=ParticipantStatus.NOMINATED)
    client.force_login(roles["organiser"])
    response = client.post(
        reverse("calls:event_participant_status", args=[process.pk, nominee.pk]),
        {"status": "selected"},
        follow=True,
        **EN,
    )
    assert response.status_code == 200
    assert "35 participants are selected already, the most this event takes." in response.text
    nominee.refresh_from_db()
    assert nominee.status == ParticipantStatus.NOMINATED
    assert event.participants.filter(status=ParticipantStatus.SELECTED).count() == 35
    response = client.post(
        reverse("calls:event_participant_status", args=[process.pk, nominee.pk]),
        {"status": "nonsense"},
        follow=True,
        **EN,
    )
    assert "Unknown status." in response.text


def test_nominating_a_participant(client, roles, process):
    partner = PartnerMunicipalityFactory(name="Sample Partner City Accra")
    client.force_login(roles["organiser"])
    url = reverse("calls:event_participant_add", args=[process.pk])
    response = client.post(
        url,
        {
            "participant-full_name": "Test Person Planner",
            "participant-email": "planner@example.org",
            "participant-function": "Head of planning",
            "participant-municipality": str(partner.pk),
        },
        **EN,
    )
    assert response.status_code == 302
    nominee = process.dialogue_event.participants.get()
    assert (nominee.country_id, nominee.status) == ("GH", ParticipantStatus.NOMINATED)

    response = client.post(
        url, {"participant-full_name": "", "participant-email": "kept@example.org"}, **EN
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Choose the country, or a municipality." in response.text
    assert 'value="kept@example.org"' in response.text
    response = client.post(
        url, {"participant-full_name": "Test Person X", "participant-country": "ZZ"}, **EN
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert process.dialogue_event.participants.count() == 1


def test_the_manage_page_runs_a_fixed_number_of_queries(
    client, roles, process, django_assert_max_num_queries
):
    client.force_login(roles["organiser"])
    people(process.dialogue_event, 3, "DE")
    with django_assert_max_num_queries(12):
        assert client.get(manage_url(process)).status_code == 200
    people(process.dialogue_event, 30, "GH")
    with django_assert_max_num_queries(12):
        assert client.get(manage_url(process)).status_code == 200


# --- The host's checklist -----------------------------------------------------------------


def test_the_checklist_is_for_the_host_and_the_organisers(client, roles, process):
    assert_matrix(
        client,
        reverse("calls:learning_process_tasks", args=[process.pk]),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 403,
            "reviewer_conflict": 200,  # a member of the host municipality, too
            "organiser": 200,
        },
    )


def test_host_members_tick_the_hosts_items(client, roles, process):
    tasks = process.dialogue_event.tasks
    host_task = tasks.filter(owner=TaskOwner.HOST).order_by("position").first()
    organiser_task = tasks.filter(owner=TaskOwner.ORGANISER).first()
    tasks_url = reverse("calls:learning_process_tasks", args=[process.pk])
    client.force_login(roles["member_own"])
    page = client.get(tasks_url, **EN).text
    assert page.count("Mark as done:") == tasks.filter(owner=TaskOwner.HOST).count()
    assert "the organiser ticks this" in page

    response = client.post(
        reverse("calls:event_task_done", args=[process.pk, host_task.pk]),
        {"done": "1", "next": tasks_url},
    )
    assert response.status_code == 302 and response.headers["Location"] == tasks_url
    host_task.refresh_from_db()
    assert host_task.done_at is not None
    response = client.post(
        reverse("calls:event_task_done", args=[process.pk, organiser_task.pk]), {"done": "1"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("calls:event_task_done", args=[process.pk, host_task.pk]),
        {"done": "0", "next": "https://elsewhere.example/"},
    )
    assert response.headers["Location"] == tasks_url  # never off-site
    host_task.refresh_from_db()
    assert host_task.done_at is None

    client.force_login(roles["member_other"])
    response = client.post(
        reverse("calls:event_task_done", args=[process.pk, host_task.pk]), {"done": "1"}
    )
    assert response.status_code == 403


# --- Follow-up activities ---------------------------------------------------------------


def test_follow_ups_within_the_year_and_a_clear_message_outside(client, roles, process):
    client.force_login(roles["organiser"])
    url = reverse("calls:follow_up_add", args=[process.pk])
    late = {
        "follow-up-kind": "project_workshop",
        "follow-up-title": "Workshop far too late",
        "follow-up-starts_on": "2027-08-01",
    }
    response = client.post(url, late, **EN)
    assert response.status_code == 200
    assert "within the learning process" in response.text
    assert 'value="Workshop far too late"' in response.text
    backwards = {**late, "follow-up-starts_on": "2026-10-05", "follow-up-ends_on": "2026-10-01"}
    response = client.post(url, backwards, **EN)
    assert response.status_code == 200
    assert "An activity cannot end before it starts." in response.text
    assert not process.follow_ups.exists()

    good = {**late, "follow-up-starts_on": "2026-10-05", "follow-up-title": "Project workshop"}
    assert client.post(url, good, **EN).status_code == 302
    activity = process.follow_ups.get()
    edit = reverse("calls:follow_up_edit", args=[process.pk, activity.pk])
    assert "Project workshop" in client.get(edit, **EN).text
    response = client.post(edit, {**good, "follow-up-outcome": "Three pilot projects."}, **EN)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.outcome == "Three pilot projects."


# --- Starting a learning process ------------------------------------------------------------


def test_starting_a_learning_process_from_a_selected_proposal(client, roles, call, selected):
    url = reverse("calls:learning_process_create", args=[call.slug, selected.pk])
    prefix = f"process-{selected.pk}"
    assert_matrix(client, url, ORGANISER_ONLY)
    client.force_login(roles["organiser"])
    response = client.post(url, {f"{prefix}-event_starts_on": "not a date"}, **EN)
    assert response.status_code == 200 and "Enter a valid date." in response.text
    response = client.post(
        url, {f"{prefix}-event_starts_on": "2026-06-10", f"{prefix}-place": ""}, **EN
    )
    process = LearningProcess.objects.get(proposal=selected)
    assert response.status_code == 302
    assert response.headers["Location"] == manage_url(process)
    assert (process.host, process.dialogue_event.place) == (roles.municipality_own, "Sample Town A")
    again = client.get(url, **EN)
    assert again.status_code == 302 and again.headers["Location"] == manage_url(process)


def test_a_proposal_that_is_not_selected_does_not_start_one(client, roles, call):
    proposal = submitted_proposal(call, roles.municipality_other, "Not yet decided")
    client.force_login(roles["organiser"])
    response = client.post(
        reverse("calls:learning_process_create", args=[call.slug, proposal.pk]),
        {f"process-{proposal.pk}-event_starts_on": "2026-06-10"},
        **EN,
    )
    assert response.status_code == 200
    assert "Only a selected proposal becomes a learning process." in response.text
    assert not LearningProcess.objects.exists()
