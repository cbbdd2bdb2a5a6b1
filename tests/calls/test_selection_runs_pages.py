"""Pages of participant selection runs: the six roles, start → review → publish, infeasible
quotas explained (never a 500), progress, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerhub.calls import services
from partnerhub.calls.models import (
    Decision,
    EventParticipant,
    ParticipantStatus,
    SelectionRun,
    SelectionRunStatus,
)
from tests.permissions import LOGIN, ROLES, assert_matrix

from .test_pages_reviews import EN, submitted_proposal
from .test_selection_runs import EVENT_DAY, POOL, QUOTAS, nominate

pytestmark = pytest.mark.django_db
ORGANISER_PAGE = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 200}
ORGANISER_POST = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 302}


@pytest.fixture
def process(call, organiser, roles):
    proposal = submitted_proposal(call, roles.municipality_own, "Flood resilience")
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    process = services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )
    nominate(process.dialogue_event, organiser, POOL)
    return process


def form_data(**overrides):
    data = {**QUOTAS, "mode": "score", "seed": "5", **overrides}
    data["required_countries"] = list(data["required_countries"])
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def done(process, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.selection_run_start(
            event=process.dialogue_event, by=organiser, mode="lottery", seed=3, **QUOTAS
        )
    run.refresh_from_db()
    return run


def url(name, process, *args):
    return reverse(f"calls:{name}", args=[process.pk, *args])


def test_only_organisers_open_and_publish(client, roles, process, done):
    assert_matrix(client, url("selection_runs", process), ORGANISER_PAGE)
    assert_matrix(client, url("selection_run", process, done.pk), ORGANISER_PAGE)
    assert_matrix(client, url("selection_run_status", process, done.pk), ORGANISER_PAGE)
    assert_matrix(client, url("selection_run_publish", process, done.pk), ORGANISER_POST, "post")
    assert_matrix(
        client,
        url("selection_runs", process),
        {**ORGANISER_POST, "organiser": 200},  # an invalid form is shown again
        method="post",
        data={"mode": "dice"},
    )


def test_start_review_publish(client, process, organiser, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    page = client.get(url("selection_runs", process), **EN)
    assert page.status_code == 200
    assert page.context["form"].initial["required_countries"] == ["FR", "GH"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("selection_runs", process), form_data(mode="lottery"), **EN)
    run = SelectionRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("selection_run", process, run.pk)
    review = client.get(response["Location"], **EN)
    html = review.content.decode()
    assert "Published seed: 5" in html
    assert "data-chance" in html and "Quotas that bind" in html
    assert len(review.context["review"].rows) == EventParticipant.objects.count()

    published = client.post(url("selection_run_publish", process, run.pk), follow=True, **EN)
    assert "has been published" in published.content.decode()
    selected = EventParticipant.objects.filter(status=ParticipantStatus.SELECTED).count()
    assert selected == len(run.selected)


def test_infeasible_quotas_are_explained_not_a_500(
    client, process, organiser, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            url("selection_runs", process), form_data(min_size=80, max_size=90), **EN
        )
    response = client.get(started["Location"], **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "found no group" in html
    assert "cannot fill a group of at least 80" in html


def test_bad_form_input_is_kept(client, process, organiser):
    client.force_login(organiser)
    response = client.post(
        url("selection_runs", process),
        form_data(min_size="thirty", germany_min="60", germany_max="40"),
        **EN,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="thirty"' in html
    assert not SelectionRun.objects.exists()
    response = client.post(
        url("selection_runs", process), form_data(germany_min="60", germany_max="40"), **EN
    )
    assert "The largest share cannot be below the smallest." in response.content.decode()


def test_a_queued_run_shows_its_progress(client, process, organiser):
    run = services.selection_run_start(
        event=process.dialogue_event, by=organiser, mode="score", **QUOTAS
    )
    client.force_login(organiser)
    html = client.get(url("selection_run", process, run.pk), **EN).content.decode()
    assert "<progress" in html and "Reload to see the progress" in html
    status = client.get(url("selection_run_status", process, run.pk)).json()
    assert status["status"] == SelectionRunStatus.QUEUED and not status["finished"]


def test_the_learning_process_page_links_the_runs(client, process, organiser):
    client.force_login(organiser)
    html = client.get(reverse("calls:learning_process_manage", args=[process.pk])).content.decode()
    assert url("selection_runs", process) in html


def test_pages_run_a_fixed_number_of_queries(
    client, call, organiser, roles, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    counts = []
    for index, pool in enumerate(([("DE", 6, 2), ("GH", 6, 2), ("FR", 2, 2)], POOL)):
        proposal = submitted_proposal(call, roles.municipality_own, f"Topic {index}")
        services.proposal_decide(
            proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
        )
        process = services.learning_process_create(
            proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
        )
        nominate(process.dialogue_event, organiser, pool)
        with django_capture_on_commit_callbacks(execute=True):
            run = services.selection_run_start(
                event=process.dialogue_event,
                by=organiser,
                mode="lottery",
                **{**QUOTAS, "min_size": 10},
            )
        sizes = []
        for target in (url("selection_run", process, run.pk), url("selection_runs", process)):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(target).status_code == 200
            sizes.append(len(queries.captured_queries))
        counts.append(sizes)
    assert counts[0] == counts[1]  # the same for 28 and 48 nominees
    assert max(counts[0]) <= 14
