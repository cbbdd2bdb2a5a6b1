"""The suggestion pages: permission matrix over the six roles, what they show, the
visibility form (good, bad and refused input), and a fixed number of queries."""

import pytest
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships import matchmaking
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory
from tests.partnerships.test_matchmaking import (
    build_world,
    learning_process,
    open_call,
    partnership,
)
from tests.permissions import LOGIN, assert_matrix

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page_url(municipality):
    return reverse("partnerships:suggestions_for", args=[municipality.slug])


def visibility_url(municipality):
    return reverse("partnerships:suggestions_visibility", args=[municipality.slug])


# --- Permissions ----------------------------------------------------------------------------


def test_choosing_page_matrix(client, roles):
    assert_matrix(
        client,
        reverse("partnerships:suggestions"),
        {
            "anonymous": LOGIN,
            "participant": 200,
            "member_own": 200,
            "member_other": 200,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )


def test_suggestions_page_matrix(client, roles):
    build_world(roles.municipality_own)
    assert_matrix(
        client,
        page_url(roles.municipality_own),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 403,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )


def test_visibility_matrix_post_and_get(client, roles):
    url = visibility_url(roles.municipality_own)
    assert_matrix(
        client,
        url,
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 302,
            "member_other": 403,
            "reviewer_conflict": 302,
            "organiser": 302,
        },
        method="post",
        data={"visibility": "hide"},
    )
    assert_matrix(
        client,
        url,
        {
            "anonymous": LOGIN,
            "participant": 405,
            "member_own": 405,
            "member_other": 405,
            "reviewer_conflict": 405,
            "organiser": 405,
        },
    )


def test_unknown_municipality_is_404(client, roles):
    client.force_login(roles["organiser"])
    missing = reverse("partnerships:suggestions_for", args=["no-such-town"])
    assert client.get(missing).status_code == 404
    post = reverse("partnerships:suggestions_visibility", args=["no-such-town"])
    assert client.post(post, {"visibility": "hide"}).status_code == 404


# --- What the pages show --------------------------------------------------------------------


def test_a_member_chooses_among_their_municipalities(client, roles):
    client.force_login(roles["member_own"])
    response = client.get(reverse("partnerships:suggestions"), **EN)
    body = response.content.decode()
    assert page_url(roles.municipality_own) in body
    assert page_url(roles.municipality_other) not in body
    assert 'name="q"' not in body  # the search is for organisers


def test_organisers_search_any_municipality(client, roles):
    client.force_login(roles["organiser"])
    response = client.get(reverse("partnerships:suggestions"), {"q": "Town B"}, **EN)
    body = response.content.decode()
    assert page_url(roles.municipality_other) in body
    assert page_url(roles.municipality_own) not in body
    response = client.get(reverse("partnerships:suggestions"), {"q": "x" * 500}, **EN)
    assert response.status_code == 200
    assert "No municipality has this name." in response.content.decode()
    # The participant's search text is ignored: no search for them.
    client.force_login(roles["participant"])
    body = client.get(reverse("partnerships:suggestions"), {"q": "Town"}, **EN).content.decode()
    assert page_url(roles.municipality_other) not in body


def test_the_page_shows_partners_calls_and_learning_processes_with_reasons(client, roles):
    world = build_world(roles.municipality_own)
    organiser = roles["organiser"]
    call = open_call(organiser, slug="services-call")
    process = learning_process(world["other_german"], "Circular services", sdgs=[11])
    client.force_login(roles["member_own"])
    response = client.get(page_url(roles.municipality_own), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Suggestions for Sample Town A" in body
    assert (
        "Shares SDG 11 and waste management; both French-speaking; similar in size "
        "(200,000 and 250,000 inhabitants); in Africa, where you already have partners"
    ) in body
    assert "18 of 34" in body
    assert reverse("reference:municipality", args=[world["senegal"].slug]) in body
    for never in ("chile", "hidden", "partner", "other_german"):
        assert f'data-suggestion="{world[never].slug}"' not in body
    assert reverse("calls:call", args=[call.slug]) in body
    assert reverse("calls:learning_process", args=[process.pk]) in body
    assert "shares SDG 11 and municipal services" in body
    assert "<script" not in body.split("<main", 1)[1]
    assert " onclick=" not in body


def test_a_town_with_nothing_in_common_is_told_what_to_add(client, roles):
    client.force_login(roles["member_own"])
    body = client.get(page_url(roles.municipality_own), **EN).content.decode()
    assert "No municipality has enough in common with yours yet." in body
    assert "No open call matches your theme fields." in body


# --- The visibility form --------------------------------------------------------------------


def test_a_member_hides_and_shows_the_municipality_again(client, roles):
    own = roles.municipality_own
    client.force_login(roles["member_own"])
    response = client.post(visibility_url(own), {"visibility": "hide"}, follow=True, **EN)
    assert response.redirect_chain[-1][0] == page_url(own)
    body = response.content.decode()
    assert "Sample Town A is now hidden from other municipalities&#x27; suggestions." in body
    assert "Sample Town A is hidden: it is not suggested to other municipalities." in body
    own.refresh_from_db()
    assert own.hidden_from_suggestions
    # Hidden from the suggestions of a partner municipality that would otherwise see it.
    ghana = PartnerMunicipalityFactory(name="Sample Ghana", languages=["fr"])
    own.languages = ["fr"]
    own.save()
    names = [
        s.municipality for s in matchmaking.suggestions_for(ghana, roles["organiser"]).partners
    ]
    assert own not in names
    response = client.post(visibility_url(own), {"visibility": "show"}, follow=True, **EN)
    assert "is now shown in other municipalities&#x27; suggestions again." in (
        response.content.decode()
    )
    names = [
        s.municipality for s in matchmaking.suggestions_for(ghana, roles["organiser"]).partners
    ]
    assert own in names
    assert AuditEvent.objects.filter(action="municipality.suggestions_visibility").count() == 2


@pytest.mark.parametrize("data", [{}, {"visibility": "everywhere"}, {"visibility": ""}])
def test_bad_input_is_a_400_with_the_error_summary_and_changes_nothing(client, roles, data):
    client.force_login(roles["member_own"])
    response = client.post(visibility_url(roles.municipality_own), data, **EN)
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body
    assert "Nothing has been saved." in body
    roles.municipality_own.refresh_from_db()
    assert not roles.municipality_own.hidden_from_suggestions
    assert not AuditEvent.objects.filter(action="municipality.suggestions_visibility").exists()


def test_others_are_refused_with_the_message_and_nothing_changes(client, roles):
    client.force_login(roles["member_other"])
    response = client.post(visibility_url(roles.municipality_own), {"visibility": "hide"}, **EN)
    assert response.status_code == 403
    roles.municipality_own.refresh_from_db()
    assert not roles.municipality_own.hidden_from_suggestions


# --- Queries ---------------------------------------------------------------------------------


def grow(world, organiser, n):
    """n more candidates (each with its own partnership), calls and learning processes."""
    for i in range(n):
        german = MunicipalityFactory(languages=["de"], population=1000 * (i + 1))
        candidate = PartnerMunicipalityFactory(languages=["fr"], population=150_000 + i)
        partnership(german, [candidate], themes=["waste_management"], sdgs=[11, 6])
        learning_process(german, f"Process {i}", sdgs=[11])
        open_call(organiser, slug=f"call-{n}-{i}")


@pytest.mark.parametrize("size", [2, 25])
def test_the_page_runs_a_fixed_number_of_queries(
    client, roles, size, django_assert_max_num_queries
):
    world = build_world(roles.municipality_own)
    grow(world, roles["organiser"], size)
    for role in ("member_own", "organiser"):
        client.force_login(roles[role])
        with django_assert_max_num_queries(17):
            response = client.get(page_url(roles.municipality_own), **EN)
        assert response.status_code == 200
        assert response.content.decode().count("data-suggestion=") == min(10, size + 2)
        with django_assert_max_num_queries(6):
            client.get(reverse("partnerships:suggestions"), {"q": "Sample"}, **EN)


def test_the_query_count_is_the_same_at_both_sizes(client, roles):
    """Not just below a ceiling: exactly the same number at 2 and at 25 candidates."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = build_world(roles.municipality_own)
    client.force_login(roles["member_own"])
    counts = []
    for size in (2, 23):
        grow(world, roles["organiser"], size)
        with CaptureQueriesContext(connection) as captured:
            client.get(page_url(roles.municipality_own), **EN)
        counts.append(len(captured))
    assert counts[0] == counts[1]
