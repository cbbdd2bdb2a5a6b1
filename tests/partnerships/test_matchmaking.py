"""Partner matchmaking in the product (`partnerships.matchmaking`): who may be suggested, the
profiles built from partnerships and proposals, the sentences, and hiding from suggestions.

The world (`matchmaking_world`): a German town with a partner in Ghana (waste management,
municipal services, SDG 11), French and German as working languages, 200,000 inhabitants.
Candidates: a Senegalese city with the same interests through its own partnership (the best
match), a Ghanaian city with nothing but a region in common, and municipalities that must
never appear: one in Chile (not on today's DAC list), a hidden one, the existing partner,
and another German town.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from partnerhub.calls import services as call_services
from partnerhub.calls.models import (
    Decision,
    DialogueEvent,
    EventParticipant,
    LearningProcess,
    Proposal,
    ProposalStatus,
)
from partnerhub.core.models import AuditEvent
from partnerhub.partnerships import matchmaking
from partnerhub.solver import matchmaking as solver
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def partnership(german, partners, *, themes=(), sdgs=()):
    made = PartnershipFactory(german_municipality=german, partners=partners, themes=list(themes))
    made.sdgs.set(sdgs)
    return made


def open_call(organiser, slug="topic-call", theme_fields=("municipal_services",), **fields):
    now = timezone.now()
    return call_services.call_create(
        by=organiser,
        slug=slug,
        title_de=f"Aufruf {slug}",
        title_en=f"Call {slug}",
        deadline=now + datetime.timedelta(days=30),
        opens_at=now - datetime.timedelta(days=1),
        is_published=True,
        theme_fields=list(theme_fields),
        **fields,
    )


def learning_process(host, title, *, theme="municipal_services", sdgs=(), ends_in_days=300):
    today = timezone.localdate()
    process = LearningProcess.objects.create(
        title=title,
        host=host,
        theme_field=theme,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=ends_in_days),
    )
    process.sdgs.set(sdgs)
    DialogueEvent.objects.create(learning_process=process, starts_on=process.starts_on)
    return process


def build_world(own=None):
    """The world of the module docstring; `own` is the asking German town (else a new one)."""
    own = own or MunicipalityFactory(name="Sample Town A", slug="sample-town-a")
    own.languages, own.population = ["de", "fr"], 200_000
    own.save()
    world = {"own": own}
    world["partner"] = PartnerMunicipalityFactory(name="Sample Partner Existing", languages=["fr"])
    partnership(
        own, [world["partner"]], themes=["waste_management", "municipal_services"], sdgs=[11]
    )
    other_german = MunicipalityFactory(name="Sample Town Elsewhere", languages=["fr"])
    world["other_german"] = other_german
    world["senegal"] = PartnerMunicipalityFactory(
        name="Sample Ville Senegal",
        country=country("SN"),
        languages=["fr", "wo"],
        population=250_000,
    )
    partnership(other_german, [world["senegal"]], themes=["waste_management"], sdgs=[11, 1])
    world["ghana"] = PartnerMunicipalityFactory(name="Sample Ghana Plain", languages=["en"])
    world["chile"] = MunicipalityFactory(
        name="Sample Chile Twin", country=country("CL"), languages=["fr"], population=200_000
    )
    partnership(other_german, [world["chile"]], themes=["waste_management"], sdgs=[11])
    world["hidden"] = PartnerMunicipalityFactory(
        name="Sample Hidden", languages=["fr"], population=200_000, hidden_from_suggestions=True
    )
    partnership(other_german, [world["hidden"]], themes=["waste_management"], sdgs=[11])
    return world


def suggested_names(result):
    return [item.municipality.name for item in result.partners]


@pytest.fixture
def organiser():
    return PersonFactory(is_organiser=True, full_name="Test Person Organiser")


@pytest.fixture
def world():
    return build_world()


# --- Who may be suggested -------------------------------------------------------------------


def test_a_german_town_gets_oda_partners_ranked_with_the_issue_explanation(world, organiser):
    result = matchmaking.suggestions_for(world["own"], organiser)
    assert suggested_names(result) == ["Sample Ville Senegal", "Sample Ghana Plain"]
    best = result.partners[0]
    # SDG 11 (2) + waste management (4) + French (6) + 1.25x size (3) + Africa (3) = 18.
    assert best.score == 18
    assert best.explanation == (
        "shares SDG 11 and waste management; both French-speaking; similar in size "
        "(200,000 and 250,000 inhabitants); in Africa, where you already have partners"
    )
    assert result.partners[1].explanation == "in Africa, where you already have partners"
    assert result.candidates_considered == 2  # Senegal and Ghana; everybody else filtered


def test_never_chile_hidden_existing_partners_or_german_towns(world, organiser):
    candidates = set(matchmaking.candidate_municipalities(world["own"]))
    assert candidates == {world["senegal"], world["ghana"]}
    names = suggested_names(matchmaking.suggestions_for(world["own"], organiser))
    for never in ("chile", "hidden", "partner", "other_german", "own"):
        assert world[never].name not in names


def test_eligibility_is_the_dac_list_in_force_on_the_day(world):
    # Chile was on the list for 2017 flows and graduated afterwards (DOMAIN.md).
    on_2017 = set(matchmaking.candidate_municipalities(world["own"], datetime.date(2017, 6, 1)))
    assert world["chile"] in on_2017
    # Before the first list on record nobody is known to be eligible: nobody is suggested.
    assert not matchmaking.candidate_municipalities(world["own"], datetime.date(2005, 1, 1))


def test_a_partner_municipality_gets_german_towns(world, organiser):
    ghana = world["ghana"]
    ghana.languages, ghana.population = ["fr", "en"], 300_000
    ghana.save()
    result = matchmaking.suggestions_for(ghana, organiser)
    # Both German towns work in French and have partners in Africa (6 + 3); Sample Town A
    # also has 200,000 inhabitants to Ghana's 300,000 (1.5x: 3 more points).
    assert suggested_names(result) == ["Sample Town A", "Sample Town Elsewhere"]
    assert [item.score for item in result.partners] == [12, 9]
    assert result.partners[1].explanation == (
        "both French-speaking; already has partners in Africa"
    )
    # The existing partner's German side is never suggested to it.
    partner_result = matchmaking.suggestions_for(world["partner"], organiser)
    assert "Sample Town A" not in suggested_names(partner_result)


def test_a_hidden_municipality_appears_again_once_shown(world, organiser):
    matchmaking.suggestions_visibility_set(municipality=world["hidden"], hidden=False, by=organiser)
    names = suggested_names(matchmaking.suggestions_for(world["own"], organiser))
    assert names[0] == "Sample Hidden"  # same interests, French, same size: 2+4+6+3+3


# --- Profiles from partnerships and proposals ------------------------------------------------


def test_own_proposals_count_but_others_only_when_selected(world, organiser):
    call = open_call(organiser, slug="older-call", theme_fields=["good_urban_governance"])
    own_draft = Proposal.objects.create(
        call=call, municipality=world["own"], title="Open data", theme_field="good_urban_governance"
    )
    own_draft.sdgs.set([16])
    withdrawn = Proposal.objects.create(
        call=call,
        municipality=world["own"],
        title="Withdrawn",
        theme_field="local_economic_development",
        status=ProposalStatus.WITHDRAWN,
    )
    withdrawn.sdgs.set([8])
    profile = matchmaking.suggestions_for(world["own"], organiser).profile
    assert 16 in profile.sdgs and "good_urban_governance" in profile.themes
    assert 8 not in profile.sdgs and "local_economic_development" not in profile.themes

    # Another town's draft on SDG 16 stays private: it is not part of that town's profile
    # as a candidate (reasons are built from profiles), until it is selected and public.
    other = world["other_german"]
    their_draft = Proposal.objects.create(
        call=call, municipality=other, title="Draft", theme_field="good_urban_governance"
    )
    their_draft.sdgs.set([16])
    candidate = matchmaking._interests(world["ghana"].pk)[other.pk]
    assert 16 not in candidate.sdgs and "good_urban_governance" not in candidate.themes
    their_draft.decision = Decision.SELECTED
    their_draft.save()
    candidate = matchmaking._interests(world["ghana"].pk)[other.pk]
    assert 16 in candidate.sdgs and "good_urban_governance" in candidate.themes


def test_calls_and_learning_processes_need_a_shared_theme_or_sdg(world, organiser):
    matching = open_call(organiser, slug="services-call")
    open_call(organiser, slug="economy-call", theme_fields=["local_economic_development"])
    process = learning_process(world["other_german"], "Circular services", sdgs=[11, 12])
    learning_process(world["other_german"], "Finished", ends_in_days=-1)
    learning_process(world["own"], "Our own process", sdgs=[11])
    learning_process(world["other_german"], "Start-ups", theme="local_economic_development")
    result = matchmaking.suggestions_for(world["own"], organiser)
    assert [item.obj for item in result.calls] == [matching]
    assert result.calls[0].explanation == "shares municipal services"
    assert [item.obj for item in result.learning_processes] == [process]
    assert result.learning_processes[0].explanation == "shares SDG 11 and municipal services"


def test_a_learning_process_one_already_takes_part_in_is_not_suggested(world, organiser):
    process = learning_process(world["other_german"], "Circular services", sdgs=[11])
    assert matchmaking.suggestions_for(world["own"], organiser).learning_processes
    EventParticipant.objects.create(
        event=process.dialogue_event,
        full_name="Test Person Delegate",
        municipality=world["own"],
        country=country("DE"),
    )
    assert not matchmaking.suggestions_for(world["own"], organiser).learning_processes


def test_a_learning_process_in_a_language_one_works_in_says_so(world, organiser):
    process = learning_process(world["other_german"], "Circular services")
    process.dialogue_event.working_language = "fr"
    process.dialogue_event.save()
    result = matchmaking.suggestions_for(world["own"], organiser)
    assert result.learning_processes[0].explanation == (
        "shares municipal services; held in French, which you work in"
    )


# --- Sentences -------------------------------------------------------------------------------


def test_explanations_in_other_languages_and_with_many_values():
    reasons = (
        solver.Reason(solver.SHARED_SDGS, (6, 11), 4),
        solver.Reason(solver.SHARED_THEMES, ("waste_management", "energy", "mobility"), 12),
        solver.Reason(solver.SHARED_LANGUAGES, ("en", "fr"), 6),
    )
    assert matchmaking.explain(reasons) == (
        "shares SDG 6, SDG 11, waste management, energy and mobility; "
        "both work in English and French"
    )
    with translation.override("de"):
        german = matchmaking.explain(reasons[1:2])
    assert "Abfallwirtschaft" in german or "Waste management" in german  # capital kept
    assert matchmaking.explain(()) == ""
    odd = (solver.Reason(solver.SHARED_LANGUAGES, ("wo",), 6),)
    assert matchmaking.explain(odd) == "both work in wo"


# --- Hiding from suggestions -----------------------------------------------------------------


def test_members_hide_their_municipality_audited_and_idempotent(world):
    member = PersonFactory(full_name="Test Person Member")
    MembershipFactory(person=member, municipality=world["own"])
    matchmaking.suggestions_visibility_set(municipality=world["own"], hidden=True, by=member)
    world["own"].refresh_from_db()
    assert world["own"].hidden_from_suggestions
    event = AuditEvent.objects.get(action="municipality.suggestions_visibility")
    assert (event.actor, event.from_state, event.to_state) == (member, "shown", "hidden")
    assert event.object_id == str(world["own"].pk)
    # Again: nothing changes, nothing recorded.
    matchmaking.suggestions_visibility_set(municipality=world["own"], hidden=True, by=member)
    assert AuditEvent.objects.filter(action="municipality.suggestions_visibility").count() == 1
    # A hidden municipality still gets its own suggestions.
    assert matchmaking.suggestions_for(world["own"], member).partners


def test_others_may_not_hide_a_municipality(world):
    outsider = PersonFactory(full_name="Test Person Outsider")
    MembershipFactory(person=outsider, municipality=world["other_german"])
    former = PersonFactory(full_name="Test Person Former")
    MembershipFactory(
        person=former, municipality=world["own"], ended_at=datetime.date(2020, 1, 1),
        since=datetime.date(2019, 1, 1),
    )  # fmt: skip
    for person in (outsider, former):
        with pytest.raises(PermissionDenied, match="Only members of the municipality"):
            matchmaking.suggestions_visibility_set(
                municipality=world["own"], hidden=True, by=person
            )
    world["own"].refresh_from_db()
    assert not world["own"].hidden_from_suggestions
    assert not AuditEvent.objects.filter(action="municipality.suggestions_visibility").exists()


def test_the_permission_matrix_of_the_rules(roles):
    expected = {
        "anonymous": False,
        "participant": False,
        "member_own": True,
        "member_other": False,
        "reviewer_conflict": True,
        "organiser": True,
    }
    from tests.permissions import assert_perm_matrix

    for name in (matchmaking.VIEW_PERMISSION, matchmaking.HIDE_PERMISSION):
        assert_perm_matrix(name, roles.municipality_own, expected)
