"""Public call pages and the organisers' call form: who sees what, German time, the closed state."""

import datetime
from unittest import mock

import pytest
from django.urls import Resolver404, resolve, reverse

from partnerhub.accounts.models import Membership
from partnerhub.calls import services
from partnerhub.calls.models import Call, CriterionKind
from partnerhub.calls.views.public import reserved_slugs
from partnerhub.core.models import AuditEvent
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory, country
from tests.permissions import LOGIN, ROLES, assert_matrix

from .conftest import BERLIN, DEADLINE

pytestmark = pytest.mark.django_db

BEFORE = DEADLINE - datetime.timedelta(days=10)
AFTER = DEADLINE + datetime.timedelta(seconds=1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EVERYBODY = dict.fromkeys(ROLES, 200)
ORGANISER_PAGE = {
    "anonymous": LOGIN,
    "participant": 403,
    "member_own": 403,
    "member_other": 403,
    "reviewer_conflict": 403,
    "organiser": 200,
}


@pytest.fixture
def frozen():
    """Ten days before the deadline of the 2026 call."""
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        yield BEFORE


@pytest.fixture
def world(roles, call):
    """The people of the matrix, members since 2020 (current at the mocked time)."""
    Membership.objects.update(since=datetime.date(2020, 1, 1))
    return roles


def other_call(organiser, slug, deadline, **fields):
    return services.call_create(
        by=organiser,
        slug=slug,
        title_de=f"Aufruf {slug}",
        title_en=f"Call {slug}",
        deadline=deadline,
        **fields,
    )


def page(client, url, person=None):
    if person is not None:
        client.force_login(person)
    return client.get(url, **EN)


# --- The list -------------------------------------------------------------------------


def test_everybody_sees_the_list_and_the_page_of_a_published_call(client, world, call, frozen):
    assert_matrix(client, reverse("calls:list"), EVERYBODY)
    assert_matrix(client, reverse("calls:call", args=[call.slug]), EVERYBODY)


def test_list_open_calls_first_with_german_time_then_past_ones(client, world, call, organiser):
    other_call(
        organiser, "call-2024", datetime.datetime(2024, 2, 1, 12, tzinfo=BERLIN), is_published=True
    )
    other_call(organiser, "call-draft", DEADLINE, is_published=False)
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        content = page(client, reverse("calls:list")).content.decode()
    assert content.index("Connective Cities topic call 2026") < content.index("Call call-2024")
    assert "German time" in content
    # 23:59 in Berlin, not 22:59 (UTC).
    assert "11:59 p.m." in content
    assert "call-draft" not in content
    assert "New call" not in content
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        content = page(client, reverse("calls:list"), world["organiser"]).content.decode()
    assert "Call call-draft" in content
    assert reverse("calls:call_create") in content


def test_after_the_deadline_the_call_is_listed_as_past(client, world, call):
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        response = page(client, reverse("calls:list"))
    content = response.content.decode()
    assert "No call is open at the moment." in content
    assert "Closed since" in content


def test_list_runs_a_fixed_number_of_queries(
    client, world, call, organiser, django_assert_max_num_queries
):
    for number in range(6):
        other_call(
            organiser,
            f"call-{number}",
            datetime.datetime(2020 + number, 2, 1, tzinfo=BERLIN),
            is_published=number % 2 == 0,
        )
    client.force_login(world["organiser"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("calls:list"), **EN)
    assert response.status_code == 200


# --- A call's page --------------------------------------------------------------------


def test_unpublished_call_is_the_organisers_alone(client, world, organiser):
    draft = other_call(organiser, "not-yet", DEADLINE, is_published=False)
    assert_matrix(
        client,
        reverse("calls:call", args=[draft.slug]),
        {**dict.fromkeys(ROLES, 404), "organiser": 200},
    )


def test_call_page_in_the_readers_language_with_a_marked_fallback(client, world, call):
    english = client.get(reverse("calls:call", args=[call.slug]), **EN).content.decode()
    assert "<h1>Connective Cities topic call 2026</h1>" in english
    german = client.get(
        reverse("calls:call", args=[call.slug]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Connective Cities: Themenaufruf 2026" in german
    french = client.get(
        reverse("calls:call", args=[call.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<h1 lang="en">Connective Cities topic call 2026</h1>' in french


def test_call_page_shows_deadline_criteria_limits_and_contents(client, world, call, frozen):
    content = page(client, reverse("calls:call", args=[call.slug])).content.decode()
    assert "Feb. 17, 2026, 11:59 p.m." in content
    assert "German time" in content
    assert 'data-state="open"' in content
    for criterion in call.criteria.all():
        assert criterion.title_en in content
    assert content.count(str(CriterionKind.PASS_FAIL.label)) == 3
    assert "at most 2500 characters" in content
    assert "The topic and its background" in content
    assert "Further goals of the exchange" in content
    assert "City, Municipality, District, Municipal company" in content


def test_after_the_deadline_the_call_page_says_closed(client, world, call):
    client.force_login(world["member_own"])
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        content = client.get(reverse("calls:call", args=[call.slug]), **EN).content.decode()
    assert 'data-state="closed"' in content
    assert "proposals can no longer be submitted" in content
    assert reverse("calls:proposal_create", args=[call.slug]) not in content


@pytest.mark.parametrize(
    ("role", "button"),
    [
        ("anonymous", False),
        ("participant", False),
        ("member_own", True),
        ("member_other", True),
        ("reviewer_conflict", True),
        ("organiser", False),
    ],
)
def test_write_a_proposal_button_for_members_of_an_eligible_municipality(
    client, world, call, frozen, role, button
):
    content = page(client, reverse("calls:call", args=[call.slug]), world[role]).content.decode()
    assert (reverse("calls:proposal_create", args=[call.slug]) in content) is button
    if role == "anonymous":
        assert "Log in to write a proposal" in content


def test_partner_municipality_members_are_told_why_they_cannot_apply(client, call, frozen):
    person = PersonFactory(full_name="Test Person Partner")
    town = MunicipalityFactory(name="Sample Partner Town", country=country("GH"))
    MembershipFactory(person=person, municipality=town, since=datetime.date(2020, 1, 1))
    content = page(client, reverse("calls:call", args=[call.slug]), person).content.decode()
    assert "Only German municipalities and municipal companies may apply." in content
    assert reverse("calls:proposal_create", args=[call.slug]) not in content


def test_call_page_runs_a_fixed_number_of_queries(
    client, world, call, frozen, django_assert_max_num_queries
):
    client.force_login(world["member_own"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("calls:call", args=[call.slug]), **EN).status_code == 200


def test_other_pages_are_not_taken_for_calls():
    """A call's address is a slug under /calls/: it must not hide the app's other pages."""
    assert resolve("/calls/mine/").url_name == "my_proposals"
    assert resolve("/calls/new/").url_name == "call_create"
    assert resolve("/calls/topic-call-2026/").url_name == "call"
    for segment in reserved_slugs():
        try:
            match = resolve(f"/calls/{segment}/")
        except Resolver404:
            continue
        assert match.url_name != "call", segment


# --- The organisers' form -------------------------------------------------------------


def test_only_organisers_open_the_call_form(client, world, call):
    assert_matrix(client, reverse("calls:call_create"), ORGANISER_PAGE)
    assert_matrix(client, reverse("calls:call_edit", args=[call.slug]), ORGANISER_PAGE)
    post_page = {**ORGANISER_PAGE, "organiser": 302}
    assert_matrix(
        client,
        reverse("calls:call_publish", args=[call.slug]),
        post_page,
        method="post",
        data={"published": "1"},
    )


def call_data(**changes):
    data = {
        "slug": "topic-call-2027",
        "title_de": "Themenaufruf 2027",
        "title_en": "Topic call 2027",
        "eligible_kinds": ["city", "district"],
        "theme_fields": ["municipal_services"],
        "opens_at": "2026-12-01T00:00:00",
        "deadline": "2027-02-16T23:59:59",
        "selection_by": "2027-02-28",
        "events_from": "2027-05-01",
        "limit_topic_background": "2000",
        "limit_learning_and_contribution": "2000",
        "limit_knowledge_transfer": "1500",
        "limit_further_goals": "",
        "total_limit": "6000",
        "max_upload_mb": "5",
        "contact": "Connective Cities team, calls@example.org",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_organiser_creates_a_call_with_the_deadline_in_german_time(client, world):
    client.force_login(world["organiser"])
    response = client.post(reverse("calls:call_create"), call_data(), **EN)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Call.objects.get(slug="topic-call-2027")
    assert response["Location"] == reverse("calls:call", args=[created.slug])
    # 23:59:59 in Berlin is 22:59:59 UTC in February.
    assert created.deadline == datetime.datetime(2027, 2, 16, 22, 59, 59, tzinfo=datetime.UTC)
    assert created.opens_at == datetime.datetime(2026, 11, 30, 23, 0, tzinfo=datetime.UTC)
    assert created.eligible_kinds == ["city", "district"]
    assert created.section_limits == {
        "topic_background": 2000,
        "learning_and_contribution": 2000,
        "knowledge_transfer": 1500,
    }
    assert created.criteria.count() == 7
    assert not created.is_published
    assert AuditEvent.objects.filter(action="call.created", object_id=str(created.pk)).exists()


def test_the_call_form_shows_the_deadline_in_german_time(client, world, call):
    client.force_login(world["organiser"])
    content = client.get(reverse("calls:call_edit", args=[call.slug]), **EN).content.decode()
    assert 'value="2026-02-17T23:59:59"' in content
    assert 'value="2500"' in content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"theme_fields": None}, "theme_fields", "This field is required."),
        ({"deadline": "2026-11-01T00:00:00"}, "deadline", "The deadline must come after"),
        ({"slug": "mine"}, "slug", "is a page of its own"),
        ({"slug": "topic-call-2026"}, "slug", "already exists"),
        ({"limit_topic_background": "-5"}, "limit_topic_background", "greater than or equal"),
    ],
)
def test_bad_call_data_is_refused_and_the_input_kept(client, world, call, changes, field, message):
    client.force_login(world["organiser"])
    response = client.post(reverse("calls:call_create"), call_data(**changes), **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'class="error-summary"' in content
    assert 'value="Themenaufruf 2027"' in content
    assert not Call.objects.filter(title_de="Themenaufruf 2027").exists()


def test_organiser_edits_and_publishes_a_call(client, world, organiser):
    draft = other_call(organiser, "draft-call", DEADLINE, is_published=False)
    client.force_login(world["organiser"])
    data = call_data(slug="draft-call", title_en="Edited call", is_published="on")
    response = client.post(reverse("calls:call_edit", args=[draft.slug]), data, **EN)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.title_en == "Edited call"
    assert draft.is_published
    assert draft.criteria.count() == 7
    assert AuditEvent.objects.filter(action="call.published", object_id=str(draft.pk)).exists()
    response = client.post(reverse("calls:call_publish", args=[draft.slug]), {"published": "0"})
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_failed_edit_does_not_show_the_new_slug_as_the_calls(client, world, call):
    client.force_login(world["organiser"])
    data = call_data(slug="renamed", theme_fields=None)
    response = client.post(reverse("calls:call_edit", args=[call.slug]), data, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{reverse("calls:call", args=[call.slug])}"' in content
    call.refresh_from_db()
    assert call.slug == "topic-call-2026"
