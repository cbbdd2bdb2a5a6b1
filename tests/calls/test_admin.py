"""The admin of calls: organisers see everything; writes with rules still go through services."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub.calls import services
from partnerhub.calls.models import (
    Call,
    Decision,
    DialogueEvent,
    EventParticipant,
    FollowUpActivity,
    LearningProcess,
    ParticipantStatus,
    Proposal,
    ReviewAssignment,
    ThemeField,
)
from partnerhub.core.models import AuditEvent
from tests.factories import MunicipalityFactory, PersonFactory, country

from .conftest import BERLIN
from .test_proposals import BEFORE, complete, submit_at

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:calls_call_changelist",
    "admin:calls_proposal_changelist",
    "admin:calls_reviewassignment_changelist",
    "admin:calls_learningprocess_changelist",
    "admin:calls_dialogueevent_changelist",
]


@pytest.fixture
def staff_organiser(organiser):
    organiser.is_staff = True
    organiser.save(update_fields=["is_staff"])
    return organiser


@pytest.fixture
def admin_client(client, staff_organiser):
    client.force_login(staff_organiser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def world(call, applicant, organiser):
    """A submitted, reviewed and selected proposal with its learning process."""
    proposal = submit_at(complete(call, applicant, commits_to_follow_up=True), applicant[0], BEFORE)
    reviewer = PersonFactory(full_name="Test Person Reviewer", is_reviewer=True)
    assignment = services.review_assign(proposal=proposal, reviewer=reviewer, by=organiser)
    scores = {
        criterion.pk: {"score": 4} if criterion.is_scored else {"passed": True}
        for criterion in call.criteria.all()
    }
    services.review_save(assignment=assignment, by=reviewer, scores=scores, submit=True)
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Best topic.", by=organiser
    )
    process = services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=datetime.date(2026, 6, 9)
    )
    participant = services.event_participant_add(
        event=process.dialogue_event,
        by=organiser,
        full_name="Test Person Participant",
        country=country("GH"),
    )
    services.event_participant_set_status(
        participant=participant, status=ParticipantStatus.SELECTED, by=organiser
    )
    services.follow_up_save(
        learning_process=process,
        by=organiser,
        kind="virtual",
        title="Online exchange",
        starts_on=datetime.date(2026, 9, 22),
    )
    return {"proposal": proposal, "assignment": assignment, "process": process}


def test_changelists_and_change_pages_load_for_an_organiser(admin_client, world):
    index = admin_client.get(reverse("admin:index")).content.decode()
    for name in CHANGELISTS:
        assert reverse(name) in index
        response = admin_client.get(reverse(name))
        assert response.status_code == 200, name
    process = world["process"]
    for name, obj in [
        ("admin:calls_call_change", world["proposal"].call),
        ("admin:calls_proposal_change", world["proposal"]),
        ("admin:calls_reviewassignment_change", world["assignment"]),
        ("admin:calls_learningprocess_change", process),
        ("admin:calls_dialogueevent_change", process.dialogue_event),
    ]:
        assert admin_client.get(reverse(name, args=[obj.pk])).status_code == 200, name


def test_only_organisers_with_admin_access_get_in(client, world):
    member = PersonFactory(full_name="Test Person Member")
    staff = PersonFactory(full_name="Test Person Staff", is_staff=True)
    url = reverse("admin:calls_proposal_changelist")
    client.force_login(member)
    assert client.get(url).status_code == 302  # to the admin's log-in
    client.force_login(staff)  # staff, but not an organiser
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:calls_reviewassignment_changelist")).status_code == 403


def test_proposals_filter_by_call_status_and_decision(admin_client, world, call, organiser):
    other = MunicipalityFactory(name="Sample Town Other")
    url = reverse("admin:calls_proposal_changelist")
    proposal = world["proposal"]
    for params, shown in [
        ({"call__id__exact": call.pk}, True),
        ({"status__exact": "submitted"}, True),
        ({"status__exact": "draft"}, False),
        ({"decision__exact": "selected"}, True),
        ({"decision__exact": "rejected"}, False),
    ]:
        html = admin_client.get(url, params).content.decode()
        assert (proposal.title in html) is shown, params
    assert other.name not in admin_client.get(url).content.decode()


def test_a_proposal_is_read_only_with_its_actors(admin_client, world):
    proposal = world["proposal"]
    url = reverse("admin:calls_proposal_change", args=[proposal.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="decision"' not in html and 'name="status"' not in html
    assert "Best topic." in html and "Sample City GH" in html  # reason, actors inline
    assert "private/calls" not in html  # uploads are not linked
    response = admin_client.post(url, {"decision": "rejected", "decision_reason": "No."})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.decision == Decision.SELECTED
    assert admin_client.get(reverse("admin:calls_proposal_add")).status_code == 403


def test_review_assignments_are_read_only_with_their_scores(admin_client, world):
    assignment = world["assignment"]
    url = reverse("admin:calls_reviewassignment_change", args=[assignment.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="scores-0-score"' not in html and "multilateral" in html
    assert admin_client.post(url, {"overall_comment": "Changed"}).status_code == 403
    assert admin_client.get(reverse("admin:calls_reviewassignment_add")).status_code == 403
    assert ReviewAssignment.objects.get(pk=assignment.pk).overall_comment == ""


def _call_form(**values) -> dict:
    data = {
        "slug": "admin-call",
        "title_de": "Aufruf aus dem Admin",
        "title_en": "Call from the admin",
        "eligible_kinds": ["city", "municipality"],
        "theme_fields": [ThemeField.MUNICIPAL_SERVICES],
        "deadline_0": "2027-03-31",
        "deadline_1": "23:59:59",
        "section_limits": '{"topic_background": 2000}',
        "total_limit": "7000",
        "max_upload_mb": "5",
        "contact": "Programme team: team@example.org",
        "is_published": "on",
    }
    data.update(values)
    return data


def test_a_call_added_in_the_admin_gets_the_default_criteria_through_the_service(admin_client):
    response = admin_client.post(reverse("admin:calls_call_add"), _call_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(slug="admin-call")
    assert call.criteria.count() == 7
    assert timezone.localtime(call.deadline, BERLIN).isoformat() == "2027-03-31T23:59:59+02:00"
    assert AuditEvent.objects.filter(action="call.created", object_id=str(call.pk)).exists()
    url = reverse("admin:calls_call_change", args=[call.pk])
    assert 'name="criteria-0-title_de"' in admin_client.get(url).content.decode()
    criteria = {
        "criteria-TOTAL_FORMS": "7",
        "criteria-INITIAL_FORMS": "7",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(call.criteria.order_by("number")):
        prefix = f"criteria-{index}-"
        criteria.update(
            {
                f"{prefix}id": str(criterion.pk),
                f"{prefix}call": str(call.pk),
                f"{prefix}number": str(criterion.number),
                f"{prefix}title_de": criterion.title_de,
                f"{prefix}title_en": criterion.title_en,
                f"{prefix}kind": criterion.kind,
                f"{prefix}weight": "2" if criterion.number == 1 else str(criterion.weight),
                f"{prefix}auto_check": criterion.auto_check,
            }
        )
    response = admin_client.post(url, {**_call_form(title_en="Renamed"), **criteria})
    assert response.status_code == 302, response.content.decode()[:3000]
    call.refresh_from_db()
    assert call.title_en == "Renamed" and call.criteria.get(number=1).weight == 2
    assert AuditEvent.objects.filter(action="call.updated", object_id=str(call.pk)).exists()


def test_the_call_form_keeps_the_models_rules(admin_client):
    response = admin_client.post(
        reverse("admin:calls_call_add"), _call_form(section_limits='{"poetry": 5}')
    )
    assert response.status_code == 200
    assert "Unknown sections: poetry" in response.content.decode()
    assert not Call.objects.filter(slug="admin-call").exists()


def _past_process() -> LearningProcess:
    host = MunicipalityFactory(name="Sample Host", slug="sample-host")
    process = LearningProcess.objects.create(
        title="Heat and health",
        host=host,
        theme_field=ThemeField.INTEGRATED_URBAN_DEVELOPMENT,
        starts_on=datetime.date(2019, 6, 25),
        ends_on=datetime.date(2020, 6, 24),
        is_sample=True,
    )
    DialogueEvent.objects.create(learning_process=process, starts_on=process.starts_on)
    return process


def _process_form(process, follow_up_starts_on: str) -> dict:
    event = process.dialogue_event
    return {
        "title": process.title,
        "host": str(process.host.pk),
        "theme_field": process.theme_field,
        "starts_on": process.starts_on.isoformat(),
        "ends_on": process.ends_on.isoformat(),
        "summary": "",
        "is_sample": "on",
        "dialogue_event-TOTAL_FORMS": "1",
        "dialogue_event-INITIAL_FORMS": "1",
        "dialogue_event-MIN_NUM_FORMS": "0",
        "dialogue_event-MAX_NUM_FORMS": "1",
        "dialogue_event-0-id": str(event.pk),
        "dialogue_event-0-learning_process": str(process.pk),
        "dialogue_event-0-starts_on": event.starts_on.isoformat(),
        "dialogue_event-0-duration_days": "2.5",
        "dialogue_event-0-place": "Sample Host",
        "dialogue_event-0-working_language": "en",
        "dialogue_event-0-min_participants": "25",
        "dialogue_event-0-max_participants": "35",
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
        "follow_ups-0-id": "",
        "follow_ups-0-learning_process": str(process.pk),
        "follow_ups-0-kind": "exchange_trip",
        "follow_ups-0-title": "Exchange trip",
        "follow_ups-0-starts_on": follow_up_starts_on,
        "follow_ups-0-ends_on": "",
        "follow_ups-0-place": "",
        "follow_ups-0-participants": "",
        "follow_ups-0-outcome": "",
    }


def test_follow_ups_in_the_admin_go_through_the_service(admin_client):
    process = _past_process()
    url = reverse("admin:calls_learningprocess_change", args=[process.pk])
    response = admin_client.post(url, _process_form(process, "2021-01-10"))
    assert response.status_code == 200
    assert "within the learning process" in response.content.decode()
    assert not FollowUpActivity.objects.exists()
    response = admin_client.post(url, _process_form(process, "2019-11-10"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert FollowUpActivity.objects.get().title == "Exchange trip"
    assert AuditEvent.objects.filter(action="follow_up.saved").count() == 1


def test_a_process_from_a_proposal_keeps_its_proposal_and_host(admin_client, world):
    url = reverse("admin:calls_learningprocess_change", args=[world["process"].pk])
    html = admin_client.get(url).content.decode()
    assert 'name="proposal"' not in html and 'name="host"' not in html


def test_participants_are_nominated_through_the_service_and_their_status_is_read_only(
    admin_client, organiser
):
    event = _past_process().dialogue_event
    url = reverse("admin:calls_dialogueevent_change", args=[event.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="participants-0-status"' not in html
    data = {
        "starts_on": event.starts_on.isoformat(),
        "duration_days": "2.5",
        "place": "Sample Host",
        "working_language": "en",
        "min_participants": "25",
        "max_participants": "35",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": "",
        "participants-0-event": str(event.pk),
        "participants-0-full_name": "Test Person Nominee",
        "participants-0-function": "Planner",
        "participants-0-municipality": "",
        "participants-0-organisation_name": "Sample City (Kenya)",
        "participants-0-country": "KE",
        "participants-0-status": "selected",  # ignored: read-only
        "participants-0-nominated_by": "organiser",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
    }
    with mock.patch(
        "partnerhub.calls.admin.services.event_participant_add",
        wraps=services.event_participant_add,
    ) as add:
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert add.call_count == 1
    participant = EventParticipant.objects.get()
    assert participant.status == ParticipantStatus.NOMINATED
    assert participant.country_id == "KE"


def test_changelists_run_a_bounded_number_of_queries(
    admin_client, world, call, applicant, django_assert_max_num_queries
):
    for index in range(5):
        town = MunicipalityFactory(name=f"Sample Town {index}")
        Proposal.objects.create(call=call, municipality=town, title=f"Topic {index}")
    for name in CHANGELISTS:
        with django_assert_max_num_queries(15):
            assert admin_client.get(reverse(name)).status_code == 200
