"""/api/v1/calls, /api/v1/proposals and /api/v1/learning-processes.

Every rule of a call through the API at its edge (the same services as the
forms): the deadline to the second in German time, partner countries (Chile
graduated from the DAC list with 2018 flows; industrialised countries alone do
not count), German applicants of the call's kinds, limits per section. Errors
are JSON, keyed by field, in the caller's language; never a 500. The six roles
of the permission matrix with their own tokens; fixed numbers of queries.

The clock is set to a day before the 2026 deadline for every test (autouse
`clock`); tests move it to the edges with `clock.return_value = …`.
"""

import datetime
import json
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub.accounts.services import api_token_create
from partnerhub.api.calls import origin_counts
from partnerhub.calls import services
from partnerhub.calls.models import (
    Decision,
    DialogueEvent,
    FollowUpKind,
    LearningProcess,
    ParticipantStatus,
    Proposal,
    ProposalStatus,
    ThemeField,
)
from partnerhub.reference.models import MunicipalityKind
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
    country,
)
from tests.permissions import ROLES

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
DEADLINE = datetime.datetime(2026, 2, 17, 23, 59, 59, tzinfo=BERLIN)
BEFORE = DEADLINE - datetime.timedelta(days=10)
JUST_LATE = datetime.datetime(2026, 2, 18, 0, 0, 0, tzinfo=BERLIN)
LONG_AGO = datetime.date(2020, 1, 1)
SECTIONS = {
    "topic_background": "Flooding of the old town.",
    "learning_and_contribution": "We learn from peers and share our early warning system.",
    "knowledge_transfer": "Peer learning in small groups.",
    "further_goals": "A joint pilot.",
}


# --- Fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clock():
    """It is ten days before the deadline, unless a test says otherwise."""
    with mock.patch("django.utils.timezone.now", return_value=BEFORE) as now:
        yield now


@pytest.fixture
def organiser(db):
    return PersonFactory(full_name="Test Person Organiser", is_organiser=True, is_staff=True)


def make_call(organiser, **values):
    fields = {
        "slug": "topic-call-2026",
        "title_de": "Connective Cities: Themenaufruf 2026",
        "title_en": "Connective Cities: call for topic proposals 2026",
        "text_de": "Text",
        "text_en": "Text",
        "deadline": DEADLINE,
        "selection_by": datetime.date(2026, 2, 28),
        "events_from": datetime.date(2026, 5, 1),
        "contact": "Programme team: team@example.org",
        "is_published": True,
    }
    fields.update(values)
    return services.call_create(by=organiser, **fields)


@pytest.fixture
def call(organiser):
    return make_call(organiser)


@pytest.fixture
def applicant(db):
    """A member of a German city (since long ago) and the city."""
    town = MunicipalityFactory(name="Sample Town Applicant", slug="sample-town-applicant")
    person = PersonFactory(full_name="Test Person Applicant")
    MembershipFactory(person=person, municipality=town, since=LONG_AGO)
    return person, town


def token_for(person) -> str:
    _token, secret = api_token_create(person=person, by=person, name="Test token")
    return secret


@pytest.fixture
def token(applicant):
    return token_for(applicant[0])


def send(client, method, url, body=None, token=None, *, language="en"):
    extra = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if method == "get":
        return client.get(url, **extra)
    return getattr(client, method)(
        url,
        data=json.dumps(body if body is not None else {}),
        content_type="application/json",
        **extra,
    )


def actors(*iso2s):
    return [{"name": f"Sample City {code}", "country": code} for code in iso2s]


def body(municipality, **values):
    data = {
        "municipality": municipality.slug,
        "title": "Flood resilience",
        "theme_field": "integrated_urban_development",
        "actors": actors("GH", "FR"),
        **SECTIONS,
    }
    data.update(values)
    return data


def create(client, call, municipality, token, **values):
    return send(
        client, "post", f"/api/v1/calls/{call.pk}/proposals", body(municipality, **values), token
    )


def created(client, call, municipality, token, **values) -> dict:
    response = create(client, call, municipality, token, **values)
    assert response.status_code == 201, response.content
    return response.json()


def submit(client, proposal_id, token, *, language="en"):
    return send(
        client, "post", f"/api/v1/proposals/{proposal_id}/submit", token=token, language=language
    )


def assert_error(response, status, field=None, text=""):
    """A JSON error with `detail`; for a field, its messages contain `text`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["detail"]
    if field is not None:
        messages = " ".join(data["fields"][field])
        assert text in messages, messages
    else:
        assert text in data["detail"], data["detail"]
    return data


# --- Calls ---------------------------------------------------------------------------------


def test_calls_list_with_deadline_in_german_time(client, call):
    response = send(client, "get", "/api/v1/calls")
    assert response.status_code == 200
    (item,) = response.json()
    assert item["title"] == "Connective Cities: call for topic proposals 2026"
    assert item["deadline"] == "2026-02-17T23:59:59+01:00"
    assert item["is_open"] is True and item["deadline_passed"] is False
    assert item["selection_by"] == "2026-02-28" and item["events_from"] == "2026-05-01"
    assert [field["value"] for field in item["theme_fields"]] == list(ThemeField.values)
    german = send(client, "get", "/api/v1/calls", language="de").json()[0]
    assert german["title"] == "Connective Cities: Themenaufruf 2026"
    assert send(client, "get", "/api/v1/calls?lang=de").json()[0]["title"] == german["title"]


def test_a_call_closes_at_the_deadline_to_the_second(client, call, clock):
    clock.return_value = DEADLINE
    assert send(client, "get", f"/api/v1/calls/{call.pk}").json()["is_open"] is True
    clock.return_value = JUST_LATE
    data = send(client, "get", f"/api/v1/calls/{call.pk}").json()
    assert data["is_open"] is False and data["deadline_passed"] is True


def test_one_call_with_criteria_sections_and_limits(client, call):
    response = send(client, "get", f"/api/v1/calls/{call.pk}")
    assert response.status_code == 200
    data = response.json()
    assert [c["number"] for c in data["criteria"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [c["kind"] for c in data["criteria"]] == ["scored"] * 4 + ["pass_fail"] * 3
    assert [c["auto_check"] for c in data["criteria"]][4:] == [
        "partner_countries",
        "follow_up",
        "municipal_support",
    ]
    assert data["criteria"][4]["title"].startswith("Municipal actors from at least two")
    assert {s["name"]: s["limit"] for s in data["sections"]} == {
        "topic_background": 2500,
        "learning_and_contribution": 2000,
        "knowledge_transfer": 1500,
        "further_goals": 1500,
    }
    assert data["total_limit"] == 7000
    assert {k["value"] for k in data["eligible_kinds"]} == set(MunicipalityKind.values)
    assert data["contact"] == "Programme team: team@example.org"


def test_unknown_call_is_404_and_a_bad_id_400(client, call):
    assert_error(send(client, "get", "/api/v1/calls/999999"), 404, text="999999")
    assert_error(send(client, "get", "/api/v1/calls/abc"), 400)
    assert_error(send(client, "get", "/api/v1/calls/0"), 400)
    assert_error(send(client, "get", "/api/v1/calls/99999999999999999999"), 400)
    assert_error(send(client, "get", "/api/v1/calls?lang=xx"), 400)


def test_unpublished_calls_only_for_organisers(client, roles, organiser):
    published = make_call(organiser)
    draft = make_call(organiser, slug="not-yet", is_published=False)
    tokens = {role: token_for(roles[role]) for role in ROLES if roles[role]}
    for role in ROLES:
        token = tokens.get(role)
        ids = {c["id"] for c in send(client, "get", "/api/v1/calls", token=token).json()}
        detail = send(client, "get", f"/api/v1/calls/{draft.pk}", token=token)
        if role == "organiser":
            assert ids == {published.pk, draft.pk}, role
            assert detail.status_code == 200 and detail.json()["is_published"] is False
        else:
            assert ids == {published.pk}, role
            assert detail.status_code == 404, role


def test_an_invalid_token_is_401_even_on_public_answers(client, call):
    response = send(client, "get", "/api/v1/calls", token="phk_not-a-token")
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


# --- Proposals: writing, submitting ----------------------------------------------------------


def test_create_update_submit_and_read_a_proposal(client, call, applicant, token):
    person, town = applicant
    partner = PartnerMunicipalityFactory(slug="sample-partner-ghana")
    data = created(
        client,
        call,
        town,
        token,
        sdgs=[13, 11, 11],
        climate_focus=True,
        commits_to_follow_up=True,
        contact_role="Head of the climate unit",
        actors=[
            {"municipality": partner.slug, "contact_role": "Planning"},
            {"name": "Sample City (France)", "country": "fr"},
        ],
    )
    assert data["status"] == "draft" and data["municipality"]["slug"] == town.slug
    assert data["sdgs"] == [11, 13]
    assert data["actors"] == [
        {
            "municipality": {"slug": partner.slug, "name": partner.name, "country": "GH"},
            "name": partner.name,
            "country": "GH",
            "contact_role": "Planning",
        },
        {
            "municipality": None,
            "name": "Sample City (France)",
            "country": "FR",
            "contact_role": "",
        },
    ]
    assert data["missing"] == {}
    assert data["characters"] == sum(len(text) for text in SECTIONS.values())
    proposal_id = data["id"]
    changed = send(
        client,
        "patch",
        f"/api/v1/proposals/{proposal_id}",
        {"further_goals": "Two pilots.", "has_municipal_support": True},
        token,
    )
    assert changed.status_code == 200, changed.content
    changed = changed.json()
    assert changed["further_goals"] == "Two pilots." and changed["has_municipal_support"]
    assert changed["title"] == "Flood resilience" and len(changed["actors"]) == 2  # kept
    response = submit(client, proposal_id, token)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] == "2026-02-07T23:59:59+01:00"
    proposal = Proposal.objects.get(pk=proposal_id)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.created_by == person
    again = send(client, "get", f"/api/v1/proposals/{proposal_id}", token=token)
    assert again.status_code == 200 and again.json()["status"] == "submitted"


def test_a_draft_shows_what_is_missing(client, call, applicant, token):
    data = created(
        client, call, applicant[1], token, actors=actors("GH"), theme_field=None, further_goals=""
    )
    assert set(data["missing"]) == {"theme_field", "further_goals", "actors"}
    assert "at least two further countries" in data["missing"]["actors"][0]
    response = submit(client, data["id"], token)
    error = assert_error(response, 422, "actors", "at least two further countries")
    assert set(error["fields"]) == set(data["missing"])


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (DEADLINE, True),
        (JUST_LATE, False),
        # The same instants in UTC: Berlin is UTC+1 in February.
        (datetime.datetime(2026, 2, 17, 22, 59, 59, tzinfo=datetime.UTC), True),
        (datetime.datetime(2026, 2, 17, 23, 0, 0, tzinfo=datetime.UTC), False),
    ],
)
def test_submission_closes_at_the_deadline_to_the_second(
    client, call, applicant, token, clock, moment, accepted
):
    proposal_id = created(client, call, applicant[1], token)["id"]
    clock.return_value = moment
    response = submit(client, proposal_id, token)
    if accepted:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "submitted"
    else:
        assert_error(response, 422, text="deadline")
        assert Proposal.objects.get(pk=proposal_id).status == ProposalStatus.DRAFT


def test_no_new_proposal_and_no_change_after_the_deadline(client, call, applicant, token, clock):
    proposal_id = created(client, call, applicant[1], token)["id"]
    clock.return_value = DEADLINE
    assert create(client, call, applicant[1], token).status_code == 201
    clock.return_value = JUST_LATE
    assert_error(create(client, call, applicant[1], token), 422, text="deadline")
    patch = send(client, "patch", f"/api/v1/proposals/{proposal_id}", {"title": "Late"}, token)
    assert_error(patch, 422, text="deadline")
    assert Proposal.objects.get(pk=proposal_id).title == "Flood resilience"


def test_the_deadline_message_follows_accept_language(client, call, applicant, token, clock):
    proposal_id = created(client, call, applicant[1], token)["id"]
    clock.return_value = JUST_LATE
    german = submit(client, proposal_id, token, language="de").json()["detail"]
    english = submit(client, proposal_id, token, language="en").json()["detail"]
    assert "17. Februar 2026 23:59" in german
    assert "Feb. 17, 2026, 11:59 p.m." in english


@pytest.mark.parametrize(
    ("iso2s", "message"),
    [
        (("GH",), "at least two further countries"),
        (("GH", "GH"), "at least two further countries"),
        (("DE", "GH"), "at least two further countries"),
        (("FR", "NL"), "Global South"),  # industrialised countries only
        (("CL", "FR"), "Global South"),  # Chile graduated from the DAC list with 2018 flows
        (("CL", "UY"), "Global South"),  # Uruguay too
    ],
)
def test_partner_countries_refused(client, call, applicant, token, iso2s, message):
    proposal_id = created(client, call, applicant[1], token, actors=actors(*iso2s))["id"]
    assert_error(submit(client, proposal_id, token), 422, "actors", message)


@pytest.mark.parametrize("iso2s", [("GH", "FR"), ("GH", "PE"), ("UA", "NL"), ("CL", "BO")])
def test_partner_countries_that_qualify(client, call, applicant, token, iso2s):
    proposal_id = created(client, call, applicant[1], token, actors=actors(*iso2s))["id"]
    assert submit(client, proposal_id, token).status_code == 200


def test_only_german_municipal_bodies_of_the_calls_kinds_apply(client, call, organiser):
    partner = PartnerMunicipalityFactory(slug="sample-partner-city-applicant")
    person = PersonFactory(full_name="Test Person Partner")
    MembershipFactory(person=person, municipality=partner, since=LONG_AGO)
    response = create(client, call, partner, token_for(person))
    assert_error(response, 422, "municipality", "Only German municipalities")
    companies = make_call(
        organiser, slug="companies-only", eligible_kinds=[MunicipalityKind.MUNICIPAL_COMPANY]
    )
    town = MunicipalityFactory(slug="sample-town-city")
    member = PersonFactory(full_name="Test Person Town")
    MembershipFactory(person=member, municipality=town, since=LONG_AGO)
    assert_error(
        create(client, companies, town, token_for(member)), 422, "municipality", "not open to City"
    )


def test_limits_per_section_and_in_all(client, call, applicant, token, organiser):
    response = create(client, call, applicant[1], token, topic_background="x" * 2501)
    assert_error(response, 422, "topic_background", "At most 2500 characters (now 2501)")
    assert created(client, call, applicant[1], token, topic_background="x" * 2500)
    small = make_call(
        organiser,
        slug="small",
        total_limit=100,
        section_limits={"topic_background": 60},
    )
    texts = {**dict.fromkeys(SECTIONS, "y" * 30), "topic_background": "y" * 41}
    response = create(client, small, applicant[1], token, **texts)
    assert_error(response, 422, "__all__", "100 characters in all")


def test_theme_field_must_be_one_of_the_calls(client, organiser, applicant, token):
    call = make_call(organiser, theme_fields=[ThemeField.MUNICIPAL_SERVICES])
    response = create(client, call, applicant[1], token, theme_field="good_urban_governance")
    assert_error(response, 422, "theme_field", "theme fields of this call")
    assert_error(create(client, call, applicant[1], token, theme_field="space_travel"), 400)


@pytest.mark.parametrize(
    ("values", "status", "field", "text"),
    [
        ({"title": "   "}, 422, "title", "Give your topic a title"),
        ({"title": "x" * 201}, 400, None, ""),
        ({"sdgs": [18]}, 400, None, ""),
        ({"sdgs": [0]}, 400, None, ""),
        ({"municipality": "atlantis"}, 404, "municipality", "atlantis"),
        ({"actors": [{"municipality": "atlantis"}]}, 404, "actors[0].municipality", "atlantis"),
        ({"actors": [{"name": "Sample", "country": "XX"}]}, 404, "actors[0].country", "XX"),
        ({"actors": [{"name": "Sample", "country": "GHA"}]}, 400, None, ""),
        ({"actors": [{"name": "Sample City"}]}, 422, "actors[0].country", "null"),
        ({"actors": [{"country": "GH"}]}, 422, "actors[0].name", "Name the municipality"),
        ({"actors": [{"name": "A", "country": "GH", "contact_role": "x" * 201}]}, 400, None, ""),
        ({"title": "With \x00 inside"}, 400, None, ""),
        ({"title": "A lone surrogate \ud800"}, 400, None, ""),
        ({"title": None}, 400, None, ""),
        ({"commits_to_follow_up": "perhaps"}, 400, None, ""),
    ],
)
def test_bad_input_is_a_clear_4xx(client, call, applicant, token, values, status, field, text):
    url = f"/api/v1/calls/{call.pk}/proposals"
    response = send(client, "post", url, {**body(applicant[1]), **values}, token)
    assert_error(response, status, field, text)
    assert not Proposal.objects.exists()


def test_malformed_json_is_400(client, call, token):
    response = client.post(
        f"/api/v1/calls/{call.pk}/proposals",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert_error(response, 400)


def test_field_messages_come_in_the_callers_language(client, call, applicant, token):
    response = send(
        client,
        "post",
        f"/api/v1/calls/{call.pk}/proposals",
        body(applicant[1], actors=[{"name": "Sample City"}]),
        token,
        language="de",
    )
    assert_error(response, 422, "actors[0].country", "Dieses Feld darf nicht null sein.")


def test_patch_changes_only_what_is_sent_and_replaces_lists(client, call, applicant, token):
    proposal_id = created(client, call, applicant[1], token, sdgs=[11])["id"]
    url = f"/api/v1/proposals/{proposal_id}"
    data = send(client, "patch", url, {"actors": actors("PE", "AT"), "sdgs": [6]}, token).json()
    assert [a["country"] for a in data["actors"]] == ["PE", "AT"] and data["sdgs"] == [6]
    data = send(client, "patch", url, {"theme_field": None}, token).json()
    assert data["theme_field"] is None and "theme_field" in data["missing"]
    assert data["topic_background"] == SECTIONS["topic_background"]
    assert_error(send(client, "patch", url, {"topic_background": None}, token), 400)
    assert Proposal.objects.get(pk=proposal_id).topic_background == SECTIONS["topic_background"]


def test_a_submitted_proposal_must_stay_complete(client, call, applicant, token):
    proposal_id = created(client, call, applicant[1], token)["id"]
    assert submit(client, proposal_id, token).status_code == 200
    url = f"/api/v1/proposals/{proposal_id}"
    response = send(client, "patch", url, {"actors": actors("GH"), "title": "Changed"}, token)
    assert_error(response, 422, "actors", "at least two further countries")
    proposal = Proposal.objects.get(pk=proposal_id)
    assert proposal.title == "Flood resilience" and proposal.actors.count() == 2  # rolled back
    assert send(client, "patch", url, {"title": "Changed"}, token).json()["title"] == "Changed"
    assert_error(submit(client, proposal_id, token), 422, text="Only a draft")


def test_withdraw(client, call, applicant, token):
    proposal_id = created(client, call, applicant[1], token)["id"]
    response = send(client, "post", f"/api/v1/proposals/{proposal_id}/withdraw", token=token)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    patch = send(client, "patch", f"/api/v1/proposals/{proposal_id}", {"title": "X"}, token)
    assert_error(patch, 422, text="withdrawn")
    assert_error(submit(client, proposal_id, token), 422, text="Only a draft")


def test_unknown_proposal_is_404(client, token):
    for method, url in [
        ("get", "/api/v1/proposals/999999"),
        ("patch", "/api/v1/proposals/999999"),
        ("post", "/api/v1/proposals/999999/submit"),
        ("post", "/api/v1/proposals/999999/withdraw"),
    ]:
        assert_error(send(client, method, url, token=token), 404, text="999999")


def test_the_session_of_a_logged_in_member_works_too(client, call, applicant):
    client.force_login(applicant[0])
    response = create(client, call, applicant[1], None)
    assert response.status_code == 201


def test_a_session_post_needs_the_csrf_token(call, applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant[0])
    response = create(client, call, applicant[1], None)
    assert_error(response, 403, text="CSRF")


# --- Who may do what: the six roles ---------------------------------------------------------

CREATE = {
    "anonymous": 401,
    "participant": 403,
    "member_own": 201,
    "member_other": 403,
    "reviewer_conflict": 201,  # a member of the applicant town applies like any member
    "organiser": 403,  # organisers run the call; they do not apply
}
# Who may not see a proposal gets 404, as on the pages: the API does not reveal that another
# municipality's draft exists. Organisers see proposals but never write them (403).
HIDDEN = {"participant": 404, "member_other": 404}
READ = {**CREATE, **HIDDEN, "member_own": 200, "reviewer_conflict": 200, "organiser": 200}
WRITE = {**CREATE, **HIDDEN, "member_own": 200, "reviewer_conflict": 200}


def _check(expected, outcomes):
    assert outcomes == expected, {
        r: (outcomes[r], expected[r]) for r in ROLES if outcomes[r] != expected[r]
    }


def test_matrix_create(client, call, roles):
    tokens = {role: token_for(roles[role]) if roles[role] else None for role in ROLES}
    outcomes = {
        role: create(client, call, roles.municipality_own, tokens[role]).status_code
        for role in ROLES
    }
    _check(CREATE, outcomes)


def test_matrix_read_change_submit(client, call, roles):
    tokens = {role: token_for(roles[role]) if roles[role] else None for role in ROLES}
    member = tokens["member_own"]
    proposal_ids = {
        role: created(client, call, roles.municipality_own, member)["id"] for role in ROLES
    }
    _check(
        READ,
        {
            role: send(
                client, "get", f"/api/v1/proposals/{proposal_ids[role]}", token=tokens[role]
            ).status_code
            for role in ROLES
        },
    )
    _check(
        WRITE,
        {
            role: send(
                client,
                "patch",
                f"/api/v1/proposals/{proposal_ids[role]}",
                {"title": role},
                tokens[role],
            ).status_code
            for role in ROLES
        },
    )
    _check(
        WRITE,
        {role: submit(client, proposal_ids[role], tokens[role]).status_code for role in ROLES},
    )
    submitted = set(
        Proposal.objects.filter(status=ProposalStatus.SUBMITTED).values_list("pk", flat=True)
    )
    assert submitted == {proposal_ids[role] for role in ROLES if WRITE[role] == 200}


def test_reviewers_see_only_what_they_are_assigned(client, call, applicant, token, organiser):
    proposal = Proposal.objects.get(pk=created(client, call, applicant[1], token)["id"])
    submit(client, proposal.pk, token)
    assigned = PersonFactory(full_name="Test Person Reviewer Assigned", is_reviewer=True)
    other = PersonFactory(full_name="Test Person Reviewer Other", is_reviewer=True)
    services.review_assign(proposal=proposal, reviewer=assigned, by=organiser)
    url = f"/api/v1/proposals/{proposal.pk}"
    assert send(client, "get", url, token=token_for(assigned)).status_code == 200
    assert_error(send(client, "get", url, token=token_for(other)), 404)
    assert_error(send(client, "patch", url, {"title": "X"}, token_for(assigned)), 403)


def test_the_decision_and_its_reason_are_shown_to_the_applicant(
    client, call, applicant, token, organiser
):
    proposal = Proposal.objects.get(pk=created(client, call, applicant[1], token)["id"])
    submit(client, proposal.pk, token)
    services.proposal_decide(
        proposal=proposal, decision=Decision.RESERVE, reason="Good, but full.", by=organiser
    )
    data = send(client, "get", f"/api/v1/proposals/{proposal.pk}", token=token).json()
    assert (data["decision"], data["decision_display"]) == ("reserve", "reserve")
    assert data["decision_reason"] == "Good, but full."
    response = send(client, "post", f"/api/v1/proposals/{proposal.pk}/withdraw", token=token)
    assert_error(response, 422, text="decided")


# --- Never a 500 ---------------------------------------------------------------------------

_text = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.booleans())
_actor = st.dictionaries(
    st.sampled_from(["municipality", "name", "country", "contact_role"]), _text, max_size=4
)
_body = st.dictionaries(
    st.sampled_from(
        [
            "municipality",
            "title",
            "theme_field",
            "sdgs",
            "actors",
            "topic_background",
            "commits_to_follow_up",
            "contact_role",
        ]
    ),
    st.one_of(_text, st.lists(st.one_of(st.integers(-3, 30), _actor), max_size=4)),
    max_size=8,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=_body)
def test_any_body_gets_an_answer_below_500(client, call, applicant, token, payload):
    payload = {**body(applicant[1]), **payload}  # a valid body with some fields replaced
    response = send(client, "post", f"/api/v1/calls/{call.pk}/proposals", payload, token)
    assert response.status_code in (201, 400, 404, 422), response.content
    proposal = Proposal.objects.order_by("-pk").first()
    if proposal is not None:
        patch = send(client, "patch", f"/api/v1/proposals/{proposal.pk}", payload, token)
        assert patch.status_code in (200, 400, 404, 422), patch.content


# --- Learning processes ---------------------------------------------------------------------


def learning_process(
    host, starts_on, *, title="Heat and health", theme=ThemeField.MUNICIPAL_SERVICES
):
    process = LearningProcess.objects.create(
        title=title,
        host=host,
        theme_field=theme,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=364),
        is_sample=True,
    )
    DialogueEvent.objects.create(learning_process=process, starts_on=starts_on, place=host.name)
    return process


def participants(process, organiser, *iso2s, status=ParticipantStatus.SELECTED):
    for index, iso2 in enumerate(iso2s):
        participant = services.event_participant_add(
            event=process.dialogue_event,
            by=organiser,
            full_name=f"Test Person Participant {iso2} {index}",
            country=country(iso2),
        )
        if status != ParticipantStatus.NOMINATED:
            services.event_participant_set_status(
                participant=participant, status=status, by=organiser
            )


def test_learning_processes_are_public_with_counts_by_origin_and_no_names(client, organiser):
    host = MunicipalityFactory(name="Sample Host Town", slug="sample-host-town")
    process = learning_process(host, datetime.date(2026, 6, 9))
    participants(process, organiser, "DE", "DE", "GH", "PE", "CL", "FR")
    participants(process, organiser, "GH", status=ParticipantStatus.NOMINATED)
    participants(process, organiser, "NL", status=ParticipantStatus.NOT_SELECTED)
    services.follow_up_save(
        learning_process=process,
        by=organiser,
        kind=FollowUpKind.VIRTUAL,
        title="Online exchange",
        starts_on=datetime.date(2026, 9, 22),
        place="online",
        participants="Test Person Secret, mayor",
    )
    response = send(client, "get", "/api/v1/learning-processes")
    assert response.status_code == 200
    (data,) = response.json()
    assert data["host"] == {"slug": "sample-host-town", "name": "Sample Host Town", "country": "DE"}
    assert data["theme_field"]["value"] == "municipal_services"
    assert data["dialogue_event"]["starts_on"] == "2026-06-09"
    assert data["dialogue_event"]["ends_on"] == "2026-06-11"  # 2.5 days
    assert data["dialogue_event"]["duration_days"] == 2.5
    assert data["participants"] == {
        "germany": 2,
        "global_south": 2,
        "other_industrialised": 2,  # Chile (graduated) and France
        "total": 6,
    }
    assert services.event_mix(process.dialogue_event).counts == {
        key: value for key, value in data["participants"].items() if key != "total"
    }
    assert [(f["kind"], f["title"]) for f in data["follow_ups"]] == [("virtual", "Online exchange")]
    assert "Test Person" not in response.content.decode()


def test_origins_follow_the_dac_list_of_the_event_day(client, organiser):
    """Chile counts as Global South at a 2017 event and as industrialised at a 2019 one."""
    host = MunicipalityFactory(slug="sample-host-origins")
    before = learning_process(host, datetime.date(2017, 6, 13), title="Before")
    after = learning_process(host, datetime.date(2019, 6, 25), title="After")
    for process in (before, after):
        participants(process, organiser, "CL", "DE", "GH", "FR")
    counts = origin_counts([before.pk, after.pk])
    assert counts[before.pk]["global_south"] == 2 and counts[after.pk]["global_south"] == 1
    for process in (before, after):
        assert counts[process.pk] == services.event_mix(process.dialogue_event).counts


def test_learning_processes_filtered(client):
    host = MunicipalityFactory(slug="sample-host-filters")
    learning_process(
        host, datetime.date(2014, 10, 14), title="Old", theme=ThemeField.GOOD_URBAN_GOVERNANCE
    )
    learning_process(host, datetime.date(2026, 6, 9), title="New")
    titles = lambda **params: [  # noqa: E731
        p["title"] for p in client.get("/api/v1/learning-processes", params).json()
    ]
    assert titles() == ["New", "Old"]
    assert titles(event_until="2026-02-17") == ["Old"]
    assert titles(event_from="2015-01-01") == ["New"]
    assert titles(theme_field="good_urban_governance") == ["Old"]
    assert client.get("/api/v1/learning-processes", {"event_from": "2015-02-30"}).status_code == 400
    assert client.get("/api/v1/learning-processes", {"theme_field": "x"}).status_code == 400


# --- Fixed numbers of queries ----------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 15])
def test_call_lists_run_a_fixed_number_of_queries(
    client, organiser, django_assert_max_num_queries, rows
):
    for number in range(rows):
        make_call(organiser, slug=f"call-{number}")
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/v1/calls").json()) == rows
    token = token_for(organiser)
    with django_assert_max_num_queries(4):  # the token, its last use, the calls
        send(client, "get", "/api/v1/calls", token=token)
    call = make_call(organiser, slug="detail")
    with django_assert_max_num_queries(2):
        assert len(client.get(f"/api/v1/calls/{call.pk}").json()["criteria"]) == 7


@pytest.mark.parametrize("rows", [1, 12])
def test_learning_processes_run_a_fixed_number_of_queries(
    client, organiser, django_assert_max_num_queries, rows
):
    host = MunicipalityFactory(slug="sample-host-queries")
    for number in range(rows):
        process = learning_process(
            host, datetime.date(2015 + number % 11, 6, 1), title=f"P{number}"
        )
        participants(process, organiser, "DE", "GH", "FR")
        services.follow_up_save(
            learning_process=process,
            by=organiser,
            kind=FollowUpKind.PROJECT_WORKSHOP,
            title="Workshop",
            starts_on=process.starts_on + datetime.timedelta(days=90),
        )
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/learning-processes").json()
    assert len(data) == rows
    assert all(p["participants"]["total"] == 3 for p in data)


def test_a_proposal_reads_in_a_bounded_number_of_queries(
    client, call, applicant, token, django_assert_max_num_queries
):
    proposal_id = created(
        client, call, applicant[1], token, actors=actors("GH", "FR", "PE", "AT", "NL")
    )["id"]
    with django_assert_max_num_queries(12):
        assert (
            send(client, "get", f"/api/v1/proposals/{proposal_id}", token=token).status_code == 200
        )


# --- The OpenAPI document ---------------------------------------------------------------------


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_documents_the_calls_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    assert {
        "/api/v1/calls",
        "/api/v1/calls/{call_id}",
        "/api/v1/calls/{call_id}/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/proposals/{proposal_id}/submit",
        "/api/v1/proposals/{proposal_id}/withdraw",
        "/api/v1/learning-processes",
    } <= paths.keys()
    create_op = paths["/api/v1/calls/{call_id}/proposals"]["post"]
    assert {"201", "400", "401", "403", "404", "422"} <= create_op["responses"].keys()
    assert {"ApiTokenAuth", "SessionAuth"} <= {next(iter(s)) for s in create_op["security"]}
    assert {} in paths["/api/v1/calls"]["get"]["security"]  # public: a token is optional
    assert "security" not in paths["/api/v1/learning-processes"]["get"]
    schemas = document["components"]["schemas"]
    assert {"municipality", "actors", "topic_background", "sdgs"} <= set(
        schemas["ProposalIn"]["properties"]
    )
    assert "missing" in schemas["ProposalOut"]["properties"]
    for ref in set(_refs(document)):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
