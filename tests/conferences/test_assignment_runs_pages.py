"""Pages of workshop assignment runs: who may open them (six roles), start → progress →
review → adjust → publish, failed runs without a 500, the participant's workshops, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from partnerhub.conferences import services
from partnerhub.conferences.models import AssignmentRun, RunStatus, WorkshopAssignment
from tests.permissions import LOGIN, ROLES, assert_matrix

from .test_assignment_runs import World

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ORGANISER_PAGE = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 200}
ORGANISER_POST = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 302}


def url(name, ed, *args):
    return reverse(f"conferences:{name}", args=[ed.series.slug, ed.number, *args])


@pytest.fixture
def world():
    return World()


@pytest.fixture
def done(world, django_capture_on_commit_callbacks):
    return world.start(django_capture_on_commit_callbacks, seed=11)


def test_only_organisers_open_the_run_pages(client, roles, world, done):
    ed = world.ed
    for name, args in (
        ("assignment_runs", ()),
        ("assignment_run", (done.pk,)),
        ("assignment_run_status", (done.pk,)),
    ):
        assert_matrix(client, url(name, ed, *args), ORGANISER_PAGE)


def test_only_organisers_change_runs(client, roles, world, done):
    ed = world.ed
    person = world.people[0]
    # Refused people change nothing; the organiser's request is handled (a redirect).
    assert_matrix(
        client,
        url("assignment_run_remove", ed, done.pk),
        ORGANISER_POST,
        method="post",
        data={"registration": person.pk, "slot": world.s2.pk},
    )
    assert_matrix(
        client,
        url("assignment_run_move", ed, done.pk),
        ORGANISER_POST,
        method="post",
        data={"registration": person.pk, "session": world.d.pk},
    )
    assert_matrix(client, url("assignment_run_publish", ed, done.pk), ORGANISER_POST, "post")
    # An invalid start form: refused people are turned away, the organiser sees the form.
    assert_matrix(
        client,
        url("assignment_runs", ed),
        {**ORGANISER_POST, "organiser": 200},
        method="post",
        data={"policy": "nonsense", "group_weight": "0"},
    )


def test_get_is_not_allowed_on_actions(client, world, done):
    client.force_login(world.lea)
    for name in ("assignment_run_move", "assignment_run_remove", "assignment_run_publish"):
        assert client.get(url(name, world.ed, done.pk)).status_code == 405


def test_a_run_of_another_edition_is_not_found(client, world, done):
    other = World(people=1)
    client.force_login(world.lea)
    assert client.get(url("assignment_run", other.ed, done.pk)).status_code == 404


def test_start_review_adjust_publish(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.lea)
    page = client.get(url("assignment_runs", world.ed), **EN)
    assert page.status_code == 200
    seed = page.context["form"].initial["seed"]
    assert f'value="{seed}"' in page.content.decode()  # the drawn seed is shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("assignment_runs", world.ed),
            {"policy": "fair", "group_weight": "0", "seed": "99"},
            **EN,
        )
    run = AssignmentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("assignment_run", world.ed, run.pk)
    assert run.status == RunStatus.DONE and run.seed == 99

    review = client.get(response["Location"], **EN)
    html = review.content.decode()
    assert review.status_code == 200
    assert "Proven optimal" in html and "<svg" in html and 'role="img"' in html
    assert "data-histogram" in html and "Seed 99" in html
    bars = {bar.key: bar for bar in review.context["review"].bars}
    assert bars["rank-1"].after == 5 and bars["rank-2"].after == 3
    assert bars["none"].before == 8  # nobody was assigned before

    # Adjust: move somebody from A into B, which is full in the proposal → refused, clear.
    in_a = next(p for p in run.placements if p[2] == world.a.pk)
    moved = client.post(
        url("assignment_run_move", world.ed, run.pk),
        {"registration": in_a[0], "session": world.b.pk},
        follow=True,
        **EN,
    )
    assert "is full" in moved.content.decode()
    client.post(
        url("assignment_run_remove", world.ed, run.pk),
        {"registration": in_a[0], "slot": world.s1.pk},
    )
    run.refresh_from_db()
    assert run.adjustments == 1

    published = client.post(url("assignment_run_publish", world.ed, run.pk), follow=True, **EN)
    assert "has been published" in published.content.decode()
    assert WorkshopAssignment.objects.filter(session__edition=world.ed).count() == 7


def test_bad_input_never_gives_a_500(client, world, done):
    client.force_login(world.lea)
    for name, data in (
        ("assignment_run_move", {"registration": "x", "session": ""}),
        ("assignment_run_move", {"registration": "999999", "session": "999999"}),
        ("assignment_run_remove", {"registration": "1", "slot": "abc"}),
        ("assignment_run_remove", {"registration": world.people[0].pk, "slot": world.s1.pk + 99}),
    ):
        response = client.post(url(name, world.ed, done.pk), data, **EN)
        assert response.status_code == 302
    form = client.post(
        url("assignment_runs", world.ed),
        {"policy": "fair", "group_weight": "eleven", "seed": "-1"},
        **EN,
    )
    assert form.status_code == 200
    assert 'value="eleven"' in form.content.decode()  # what was typed is kept
    assert not AssignmentRun.objects.exclude(pk=done.pk).exists()


def test_a_queued_run_shows_its_progress_and_the_status_json(client, world):
    run = services.assignment_run_start(edition=world.ed, by=world.lea, policy="fair")
    client.force_login(world.lea)
    page = client.get(url("assignment_run", world.ed, run.pk), **EN)
    html = page.content.decode()
    assert "<progress" in html and "Reload to see the progress" in html
    assert "js/run-progress.js" in html and "<script>" not in html
    status = client.get(url("assignment_run_status", world.ed, run.pk), **EN).json()
    assert status["status"] == "queued" and status["finished"] is False
    assert status["progress"] == 0


def test_a_failed_run_explains_itself(client, world):
    run = AssignmentRun.objects.create(
        edition=world.ed, policy="fair", seed=1, status=RunStatus.FAILED, error="internal"
    )
    client.force_login(world.lea)
    page = client.get(url("assignment_run", world.ed, run.pk), **EN)
    assert page.status_code == 200
    assert "failed unexpectedly" in page.content.decode()


def test_a_stale_run_offers_no_publish_button(client, world, done):
    services.workshop_preferences_set(
        registration=world.people[0], ranked_sessions=[world.b, world.a, world.d], by=world.lea
    )
    client.force_login(world.lea)
    html = client.get(url("assignment_run", world.ed, done.pk), **EN).content.decode()
    assert "out of date" in html
    assert url("assignment_run_publish", world.ed, done.pk) not in html


def test_participants_see_their_published_workshop_only(client, world, done):
    services.assignment_run_publish(run=done, by=world.lea)
    person = world.people[0]
    mine = set(
        WorkshopAssignment.objects.filter(registration=person).values_list("session_id", flat=True)
    )
    page = client.get(
        reverse("conferences:registration_by_token", args=[person.access_token]), **EN
    )
    html = page.content.decode()
    assert "data-my-workshops" in html  # (the page speaks the participant's language)
    titles = {s.pk: s.title for s in (world.a, world.b, world.c, world.d)}
    section = html.split("data-my-workshops", 1)[1].split("</ul>", 1)[0]
    for pk, title in titles.items():
        assert (title in section) == (pk in mine)
    ics = client.get(reverse("conferences:personal_programme_ics", args=[person.access_token]))
    summaries = " | ".join(
        str(event.get("summary")) for event in Calendar.from_ical(ics.content).walk("VEVENT")
    )
    for pk, title in titles.items():
        assert (title in summaries) == (pk in mine)


def test_review_runs_a_fixed_number_of_queries(client, django_capture_on_commit_callbacks):
    counts = []
    for people in (3, 12):
        world = World(people=people)
        run = world.start(django_capture_on_commit_callbacks)
        client.force_login(world.lea)
        sizes = []
        for target in (url("assignment_run", world.ed, run.pk), url("assignment_runs", world.ed)):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(target).status_code == 200
            sizes.append(len(queries.captured_queries))
        counts.append(sizes)
    assert counts[0] == counts[1]  # the same number of queries for 3 and 12 people
    assert counts[0][0] <= 12 and counts[0][1] <= 8
