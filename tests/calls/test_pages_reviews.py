"""Review pages: reviewers score (never their own municipality's proposal, others' scores only
after submitting), organisers assign, read the ranking and decide."""

import datetime
import random
import re
from dataclasses import replace
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation

from partnerhub.calls import queries, ranking, services
from partnerhub.calls.forms_reviews import DecisionForm
from partnerhub.calls.models import Criterion, Decision, Proposal, ReviewAssignment
from partnerhub.calls.views import reviews as review_views
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory
from tests.permissions import LOGIN, assert_matrix

from .test_proposals import BEFORE, TEXT, actors, submit_at

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SINCE = datetime.date(2020, 1, 1)
OTHER_REMARK = "Distinctive remark of the second reviewer"


# --- Helpers (plain functions, also used by test_pages_learning) -------------------------


def applicant_of(town, **person):
    """A member of `town` since 2020, so that the membership counts on the call's dates."""
    applicant = PersonFactory(**person)
    MembershipFactory(person=applicant, municipality=town, since=SINCE)
    return applicant


def submitted_proposal(call, town, title="Flood resilience", *, iso2s=("GH", "FR"), **extra):
    applicant = applicant_of(town)
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        proposal = services.proposal_create(
            call=call,
            municipality=town,
            by=applicant,
            title=title,
            theme_field="integrated_urban_development",
            actors=actors(*iso2s),
            **TEXT,
            **extra,
        )
    return submit_at(proposal, applicant, BEFORE)


def reviewer(name="Test Reviewer", town=None, **fields):
    person = PersonFactory(is_reviewer=True, full_name=name, **fields)
    if town is not None:
        MembershipFactory(person=person, municipality=town, since=SINCE)
    return person


def answers(call, scores=(4, 4, 4, 4), votes=(True, True, True), comment=""):
    """POST data for the review form: scores of criteria 1–4, votes on 5–7."""
    data = {"overall_comment": comment}
    criteria = list(call.criteria.order_by("number"))
    scored = iter(scores)
    voted = iter(votes)
    for criterion in criteria:
        if criterion.is_scored:
            data[f"c{criterion.pk}_score"] = str(next(scored))
        else:
            data[f"c{criterion.pk}_passed"] = "yes" if next(voted) else "no"
        data[f"c{criterion.pk}_comment"] = comment
    return data


def service_scores(call, scores=(4, 4, 4, 4), votes=(True, True, True), comment=""):
    result = {}
    scored, voted = iter(scores), iter(votes)
    for criterion in call.criteria.order_by("number"):
        if criterion.is_scored:
            result[criterion.pk] = {"score": next(scored), "comment": comment}
        else:
            result[criterion.pk] = {"passed": next(voted), "comment": comment}
    return result


def submit_review(assignment, scores=(4, 4, 4, 4), votes=(True, True, True), comment=""):
    call = assignment.proposal.call
    return services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=service_scores(call, scores, votes, comment),
        overall_comment=comment,
        submit=True,
    )


# --- Reviewers' pages -----------------------------------------------------------------------


def test_my_reviews_is_for_reviewers(client, roles):
    assert_matrix(
        client,
        reverse("calls:my_reviews"),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 403,
            "member_other": 403,
            "reviewer_conflict": 200,
            "organiser": 403,
        },
    )


def test_only_the_assigned_reviewer_opens_a_review(client, roles, call, organiser):
    proposal = submitted_proposal(call, roles.municipality_other)
    assignment = services.review_assign(
        proposal=proposal, reviewer=roles["reviewer_conflict"], by=organiser
    )
    url = reverse("calls:review", args=[assignment.pk])
    expected = {
        "anonymous": LOGIN,
        "participant": 403,
        "member_own": 403,
        "member_other": 403,
        "reviewer_conflict": 200,
        "organiser": 403,
    }
    assert_matrix(client, url, expected)
    assert_matrix(client, url, {**expected, "reviewer_conflict": 302}, "post", answers(call))


def test_a_forced_assignment_to_the_reviewers_own_municipality_is_refused(client, roles, call):
    """The services never create it; even a row written behind their back opens no door."""
    own = submitted_proposal(call, roles.municipality_own, title="Our own city's topic")
    forced = ReviewAssignment.objects.create(proposal=own, reviewer=roles["reviewer_conflict"])
    url = reverse("calls:review", args=[forced.pk])
    everybody_refused = {
        "anonymous": LOGIN,
        "participant": 403,
        "member_own": 403,
        "member_other": 403,
        "reviewer_conflict": 403,
        "organiser": 403,
    }
    assert_matrix(client, url, everybody_refused)
    assert_matrix(client, url, everybody_refused, "post", {**answers(call), "action": "submit"})
    forced.refresh_from_db()
    assert forced.submitted_at is None and not forced.scores.exists()

    client.force_login(roles["reviewer_conflict"])
    page = client.get(reverse("calls:my_reviews"), **EN)
    assert "Our own city&#x27;s topic" not in page.text and "Our own city" not in page.text
    assert queries.reviewer_assignments(roles["reviewer_conflict"]) == []


@pytest.fixture
def weber_world(call, organiser):
    """Dr. Weber's afternoon: two proposals to score, none of her own city's."""
    her_city, town_a, town_b = (MunicipalityFactory() for _ in range(3))
    weber = reviewer("Test Reviewer Weber", town=her_city)
    colleague = reviewer("Test Reviewer Colleague")
    first = submitted_proposal(call, town_a, "Heat action plans")
    second = submitted_proposal(call, town_b, "Circular waste services", has_municipal_support=True)
    own = submitted_proposal(call, her_city, "Her own city's proposal")
    services.reviews_assign_automatically(call=call, by=organiser, per_proposal=2)
    return {
        "weber": weber,
        "colleague": colleague,
        "first": first,
        "second": second,
        "own": own,
        "mine": {a.proposal_id: a for a in ReviewAssignment.objects.filter(reviewer=weber)},
        "theirs": {a.proposal_id: a for a in ReviewAssignment.objects.filter(reviewer=colleague)},
    }


def test_the_list_shows_the_assigned_proposals_with_progress_and_next(client, weber_world):
    world = weber_world
    assert set(world["mine"]) == {world["first"].pk, world["second"].pk}
    client.force_login(world["weber"])
    page = client.get(reverse("calls:my_reviews"), **EN).text
    assert "Heat action plans" in page and "Circular waste services" in page
    assert "Her own city" not in page
    assert "You have submitted 0 of 2 reviews." in page
    assert "to do" in page

    first = world["mine"][world["first"].pk]
    client.post(
        reverse("calls:review", args=[first.pk]),
        {**answers(world["first"].call, scores=(3, 3, 3, 3)), "action": "save"},
        **EN,
    )
    page = client.get(reverse("calls:my_reviews"), **EN).text
    assert "draft" in page
    review_page = client.get(reverse("calls:review", args=[first.pk]), **EN).text
    second = world["mine"][world["second"].pk]
    assert reverse("calls:review", args=[second.pk]) in review_page  # "next proposal"
    assert "Next proposal: Circular waste services" in review_page


def test_the_others_scores_appear_only_after_submitting(client, weber_world):
    world = weber_world
    proposal = world["first"]
    submit_review(world["theirs"][proposal.pk], scores=(1, 2, 1, 2), comment=OTHER_REMARK)
    mine = world["mine"][proposal.pk]
    url = reverse("calls:review", args=[mine.pk])
    client.force_login(world["weber"])

    before = client.get(url, **EN)
    assert before.status_code == 200
    assert OTHER_REMARK not in before.text
    assert "Other reviewer 1" not in before.text
    assert "data-comparison" not in before.text

    response = client.post(
        url, {**answers(proposal.call, comment="My view"), "action": "submit"}, **EN
    )
    assert response.status_code == 302
    after = client.get(url, **EN).text
    assert OTHER_REMARK in after
    assert "Other reviewer 1" in after
    assert "You submitted your review" in after
    assert "1.50" in after  # the colleague's weighted score: (1 + 2 + 1 + 2) / 4
    mine.refresh_from_db()
    assert mine.is_submitted
    assert mine.scores.get(criterion__number=1).score == 4


def test_pass_fail_criteria_are_prefilled_from_the_data(client, weber_world):
    world = weber_world
    assignment = world["mine"][world["second"].pk]  # declared municipal support
    client.force_login(world["weber"])
    response = client.get(reverse("calls:review", args=[assignment.pk]), **EN)
    form = response.context["form"]
    criteria = {c.number: c for c in world["second"].call.criteria.all()}
    assert form[f"c{criteria[5].pk}_passed"].value() == "yes"  # two countries, one in the South
    assert form[f"c{criteria[6].pk}_passed"].value() == "no"  # follow-up not declared
    assert form[f"c{criteria[7].pk}_passed"].value() == "yes"
    assert response.text.count("Checked from the data:") == 3
    assert form[f"c{criteria[1].pk}_score"].value() is None  # people score criteria 1–4


def test_submitting_an_incomplete_review_keeps_the_input_and_explains(client, weber_world):
    world = weber_world
    assignment = world["mine"][world["first"].pk]
    call = world["first"].call
    data = answers(call, comment="Half done")
    first_criterion = call.criteria.get(number=1)
    data[f"c{first_criterion.pk}_score"] = ""
    second_criterion = call.criteria.get(number=2)
    data[f"c{second_criterion.pk}_score"] = "5"
    client.force_login(world["weber"])
    response = client.post(
        reverse("calls:review", args=[assignment.pk]), {**data, "action": "submit"}, **EN
    )
    assert response.status_code == 200
    assert "Score every criterion before you submit." in response.text
    assert response.context["form"][f"c{second_criterion.pk}_score"].value() == "5"
    assert "Half done" in response.text
    assignment.refresh_from_db()
    assert not assignment.is_submitted


@pytest.mark.parametrize("bad", ["6", "-1", "four", "3.5"])
def test_a_score_outside_0_to_5_is_a_message_not_a_500(client, weber_world, bad):
    world = weber_world
    assignment = world["mine"][world["first"].pk]
    data = answers(world["first"].call)
    data[f"c{world['first'].call.criteria.get(number=3).pk}_score"] = bad
    client.force_login(world["weber"])
    response = client.post(
        reverse("calls:review", args=[assignment.pk]), {**data, "action": "save"}, **EN
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not assignment.scores.exists()


def test_a_submitted_review_cannot_be_changed_through_the_page(client, weber_world):
    world = weber_world
    assignment = submit_review(world["mine"][world["first"].pk], scores=(2, 2, 2, 2))
    client.force_login(world["weber"])
    response = client.post(
        reverse("calls:review", args=[assignment.pk]),
        {**answers(world["first"].call, scores=(5, 5, 5, 5)), "action": "save"},
        **EN,
        follow=True,
    )
    assert "already submitted" in response.text
    assert assignment.scores.get(criterion__number=1).score == 2


def test_unknown_review_is_404(client, roles):
    client.force_login(roles["reviewer_conflict"])
    assert client.get(reverse("calls:review", args=[999999])).status_code == 404


# --- The organisers' review board -------------------------------------------------------------

ORGANISER_ONLY = {
    "anonymous": LOGIN,
    "participant": 403,
    "member_own": 403,
    "member_other": 403,
    "reviewer_conflict": 403,
    "organiser": 200,
}


def test_organiser_pages_matrix(client, roles, call):
    proposal = submitted_proposal(call, roles.municipality_other)
    assert_matrix(client, reverse("calls:review_board", args=[call.slug]), ORGANISER_ONLY)
    assert_matrix(client, reverse("calls:ranking", args=[call.slug]), ORGANISER_ONLY)
    posts = {**ORGANISER_ONLY, "organiser": 302}
    assert_matrix(
        client,
        reverse("calls:reviews_assign_automatically", args=[call.slug]),
        posts,
        "post",
        {"auto-per_proposal": "1"},
    )
    assert_matrix(
        client,
        reverse("calls:proposal_decide", args=[call.slug, proposal.pk]),
        posts,
        "post",
        {f"decide-{proposal.pk}-decision": "reserve", f"decide-{proposal.pk}-reason": "Wait."},
    )


def test_unknown_call_is_404(client, roles):
    client.force_login(roles["organiser"])
    assert client.get(reverse("calls:review_board", args=["no-such-call"])).status_code == 404
    assert client.get(reverse("calls:ranking", args=["no-such-call"])).status_code == 404


def test_assigning_by_hand_refuses_a_conflict_with_the_services_message(client, roles, call):
    own = submitted_proposal(call, roles.municipality_own, "Our own topic")
    conflicted = roles["reviewer_conflict"]
    free = reviewer("Test Reviewer Free")
    client.force_login(roles["organiser"])
    url = reverse("calls:review_assign", args=[call.slug, own.pk])
    response = client.post(url, {f"assign-{own.pk}-reviewer": str(conflicted.pk)}, **EN)
    assert response.status_code == 200
    assert "a conflict of interest" in response.text
    assert "(acts for the applicant)" in response.text
    form = next(row["form"] for row in response.context["rows"] if row["proposal"].pk == own.pk)
    assert form["reviewer"].value() == str(conflicted.pk)  # input kept
    assert not own.assignments.exists()

    response = client.post(url, {f"assign-{own.pk}-reviewer": str(free.pk)}, **EN)
    assert response.status_code == 302
    assert list(own.assignments.values_list("reviewer_id", flat=True)) == [free.pk]
    response = client.post(url, {f"assign-{own.pk}-reviewer": "nonsense"}, **EN)
    assert response.status_code == 200
    assert "Choose a reviewer from the pool" in response.text


def test_automatic_assignment_reports_who_could_not_be_filled(client, roles, call):
    own = submitted_proposal(call, roles.municipality_own, "Our own topic")
    other = submitted_proposal(call, roles.municipality_other, "Their topic")
    free = reviewer("Test Reviewer Free")  # with reviewer_conflict: two reviewers in all
    client.force_login(roles["organiser"])
    url = reverse("calls:reviews_assign_automatically", args=[call.slug])
    response = client.post(url, {"auto-per_proposal": "2"}, follow=True, **EN)
    assert "3 assignments made." in response.text
    assert "“Our own topic” (Sample Town A): 1 reviewer missing" in response.text
    assert set(own.assignments.values_list("reviewer_id", flat=True)) == {free.pk}
    assert other.assignments.count() == 2

    response = client.post(url, {"auto-per_proposal": "0"}, **EN)
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.text
    board = client.get(reverse("calls:review_board", args=[call.slug]), **EN).text
    assert "Test Reviewer Free" in board and "Unassign" in board


def test_unassigning_and_the_submitted_review_that_stays(client, roles, call, organiser):
    proposal = submitted_proposal(call, roles.municipality_other)
    first, second = reviewer("Test Reviewer One"), reviewer("Test Reviewer Two")
    open_one = services.review_assign(proposal=proposal, reviewer=first, by=organiser)
    done = submit_review(services.review_assign(proposal=proposal, reviewer=second, by=organiser))
    client.force_login(roles["organiser"])
    response = client.post(
        reverse("calls:review_unassign", args=[call.slug, open_one.pk]), follow=True, **EN
    )
    assert "Test Reviewer One no longer reviews" in response.text
    assert not ReviewAssignment.objects.filter(pk=open_one.pk).exists()
    response = client.post(
        reverse("calls:review_unassign", args=[call.slug, done.pk]), follow=True, **EN
    )
    assert "A submitted review cannot be withdrawn" in response.text
    assert ReviewAssignment.objects.filter(pk=done.pk).exists()


# --- Ranking and decisions ---------------------------------------------------------------------


@pytest.fixture
def ranked_call(call, organiser, roles):
    """Three proposals: three reviews (one an outlier), one review, none; criterion 1 weighs 2."""
    Criterion.objects.filter(call=call, number=1).update(weight=2)
    towns = [MunicipalityFactory() for _ in range(3)]
    strong = submitted_proposal(call, towns[0], "Strong topic")
    single = submitted_proposal(call, towns[1], "Single review topic")
    waiting = submitted_proposal(call, towns[2], "Waiting topic")
    people = [reviewer(f"Test Reviewer {letter}") for letter in "ABCD"]
    plan = {
        people[0]: (strong, (5, 4, 4, 3), (True, True, True)),  # 21 / 5 = 4.2
        people[1]: (strong, (2, 2, 3, 3), (True, True, False)),  # 12 / 5 = 2.4
        people[2]: (strong, (4, 4, 4, 4), (True, True, False)),  # 4.0
        people[3]: (single, (3, 3, 3, 3), (True, False, False)),  # 3.0
    }
    for person, (proposal, scores, votes) in plan.items():
        assignment = services.review_assign(proposal=proposal, reviewer=person, by=organiser)
        submit_review(assignment, scores, votes, comment=f"Comment of {person.full_name}")
    services.review_assign(proposal=waiting, reviewer=people[0], by=organiser)
    return {"strong": strong, "single": single, "waiting": waiting, "people": people}


def ranked(call):
    """Every figure of every proposal of the call, in the order of the ranking."""
    page = queries.ranking_for(call)
    return [row.item for row in queries.ranking_rows(page, page.placed)]


def test_ranking_figures_against_hand_computed_values(client, roles, call, ranked_call):
    items = ranked(call)
    order = [(item.proposal.title, item.rank) for item in items]
    assert order == [("Strong topic", 1), ("Single review topic", 2), ("Waiting topic", None)]
    strong, single, waiting = items
    assert strong.mean == pytest.approx(10.6 / 3)
    assert strong.spread.stdev == pytest.approx(0.80554, abs=1e-5)
    assert (strong.spread.low, strong.spread.high) == (pytest.approx(2.4), pytest.approx(4.2))
    assert [r.review.reviewer for r in strong.outliers] == ["Test Reviewer B"]
    assert (single.mean, single.spread.stdev) == (3.0, 0.0)
    assert (waiting.submitted, waiting.assigned, waiting.mean) == (0, 1, None)
    results = {r.criterion.number: r for r in strong.pass_fail}
    assert (results[5].auto, results[5].met, results[5].not_met) == (True, 3, 0)
    assert (results[7].auto, results[7].met, results[7].not_met) == (False, 1, 2)

    client.force_login(roles["organiser"])
    html = client.get(reverse("calls:ranking", args=[call.slug]), **EN).text
    assert "data-mean>3.53<" in html
    assert "data-stdev>0.81<" in html
    assert "data-range>2.40–4.20<" in html
    assert "data-reviews>3 / 3<" in html
    assert "data-reviews>0 / 1<" in html
    assert "-1.70" in html and "outlier" in html
    assert "Comment of Test Reviewer B" in html


def test_the_auto_checks_of_the_ranking_agree_with_the_service(call, ranked_call, roles):
    mixed = submitted_proposal(call, roles.municipality_other, "Mixed", iso2s=("GH", "PE"))
    ranked_call["waiting"].actors.exclude(country_id="GH").delete()  # now only one country
    items = ranked(call)
    proposals = [ranked_call[key] for key in ("strong", "single", "waiting")] + [mixed]
    for proposal in (Proposal.objects.get(pk=p.pk) for p in proposals):
        item = next(i for i in items if i.proposal.id == proposal.pk)
        for criterion in call.criteria.all():
            assert item.proposal.auto_checks[criterion.pk] == services.auto_check(
                criterion, proposal
            )
    waiting = next(i for i in items if i.proposal.id == ranked_call["waiting"].pk)
    assert next(r.auto for r in waiting.pass_fail if r.criterion.number == 5) is False


def test_the_ranking_runs_a_fixed_number_of_queries(
    client, roles, call, organiser, ranked_call, django_assert_max_num_queries
):
    client.force_login(roles["organiser"])
    url = reverse("calls:ranking", args=[call.slug])
    # session, person, call; ranking_for: criteria, proposals, scores, reviews; ranking_rows
    # for the page shown: proposals, their actors, the DAC list
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    more = [submitted_proposal(call, MunicipalityFactory(), f"More {n}") for n in range(4)]
    for proposal in more:
        for person in ranked_call["people"][:2]:
            submit_review(services.review_assign(proposal=proposal, reviewer=person, by=organiser))
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_board_and_the_reviewers_list_run_few_queries(
    client, roles, call, ranked_call, django_assert_max_num_queries
):
    client.force_login(roles["organiser"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("calls:review_board", args=[call.slug])).status_code == 200
    client.force_login(ranked_call["people"][0])
    with django_assert_max_num_queries(4):
        assert client.get(reverse("calls:my_reviews")).status_code == 200


def test_deciding_from_the_ranking_tells_the_applicant(
    client, roles, call, ranked_call, mailoutbox, django_capture_on_commit_callbacks
):
    strong = ranked_call["strong"]
    strong.created_by.preferred_language = "en"
    strong.created_by.save()
    client.force_login(roles["organiser"])
    url = reverse("calls:proposal_decide", args=[call.slug, strong.pk])
    prefix = f"decide-{strong.pk}"

    response = client.post(url, {f"{prefix}-decision": "selected", f"{prefix}-reason": "  "}, **EN)
    assert response.status_code == 200
    assert "This field is required." in response.text
    strong.refresh_from_db()
    assert strong.decision == ""

    response = client.post(url, {f"{prefix}-decision": "maybe", f"{prefix}-reason": "Hm"}, **EN)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Hm</textarea>" in response.text  # input kept

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {f"{prefix}-decision": "selected", f"{prefix}-reason": "A strong, innovative topic."},
            **EN,
        )
    assert response.status_code == 302
    strong.refresh_from_db()
    assert (strong.decision, strong.decided_by) == (Decision.SELECTED, roles["organiser"])
    assert "A strong, innovative topic." in mailoutbox[-1].body
    assert mailoutbox[-1].to == [strong.created_by.email]
    page = client.get(reverse("calls:ranking", args=[call.slug]), **EN).text
    assert "Start the learning process" in page
    assert reverse("calls:learning_process_create", args=[call.slug, strong.pk]) in page


def test_a_withdrawn_or_unknown_proposal_cannot_be_decided(client, roles, call):
    client.force_login(roles["organiser"])
    url = reverse("calls:proposal_decide", args=[call.slug, 999999])
    assert client.post(url, {"decide-999999-decision": "selected"}).status_code == 404


# --- Pages of the long lists (issue 7: 2,000 proposals) --------------------------------------


@pytest.fixture
def one_per_page(monkeypatch):
    """One row a page, so that three proposals make three pages."""
    monkeypatch.setattr(review_views, "PER_PAGE", 1)
    monkeypatch.setattr(review_views, "RANKING_PER_PAGE", 1)


def titles_in(html: str, titles) -> list[str]:
    """Which of `titles` are rows of the page's list (row headers that link to the proposal)."""
    rows = re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', html)
    return [title for title in titles if title in rows]


@pytest.fixture
def weber_three(weber_world, organiser):
    """Dr. Weber with three proposals (in the list's order: Circular, Heat, Water); one done."""
    world = weber_world
    third = submitted_proposal(world["first"].call, MunicipalityFactory(), "Water for schools")
    services.review_assign(proposal=third, reviewer=world["weber"], by=organiser)
    submit_review(world["mine"][world["second"].pk])  # Circular waste services
    return world


WEBER_TITLES = ("Circular waste services", "Heat action plans", "Water for schools")


def test_the_reviewers_list_pages_keep_the_progress_over_all(client, weber_three, one_per_page):
    world = weber_three
    client.force_login(world["weber"])
    url = reverse("calls:my_reviews")
    pages = [client.get(url, {"page": number}, **EN) for number in (1, 2, 3)]
    assert [titles_in(page.text, WEBER_TITLES) for page in pages] == [
        ["Circular waste services"],
        ["Heat action plans"],
        ["Water for schools"],
    ]
    heat = world["mine"][world["first"].pk]
    for page in pages:
        assert "You have submitted 1 of 3 reviews." in page.text
        assert "Next proposal to score: Heat action plans" in page.text  # the first open one
        assert reverse("calls:review", args=[heat.pk]) in page.text
    assert 'href="/calls/reviews/?page=2" rel="next"' in pages[0].text
    assert "Page 2 of 3" in pages[1].text and 'rel="prev"' in pages[1].text


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("abc", 1), ("0", 1), ("-5", 1), ("", 1), ("2.5", 1), ("999", 3), ("9" * 40, 3), ("3", 3)],
)
def test_a_bad_page_number_shows_the_nearest_page(client, weber_three, one_per_page, asked, shown):
    client.force_login(weber_three["weber"])
    response = client.get(reverse("calls:my_reviews"), {"page": asked}, **EN)
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert f"Page {shown} of 3" in response.text


def test_the_reviewers_list_filters_open_and_submitted(client, weber_three, one_per_page):
    client.force_login(weber_three["weber"])
    url = reverse("calls:my_reviews")

    def shown(**params):
        pages = []
        for number in (1, 2, 3):
            html = client.get(url, {**params, "page": number}, **EN).text
            pages.append(titles_in(html, WEBER_TITLES))
        return pages

    assert shown(show="open") == [
        ["Heat action plans"],
        ["Water for schools"],
        ["Water for schools"],
    ]
    assert shown(show="submitted") == [["Circular waste services"]] * 3
    assert shown(show="nonsense") == shown() == [[title] for title in WEBER_TITLES]
    html = client.get(url, {"show": "open"}, **EN).text
    assert "Open (2)" in html and "Submitted (1)" in html and "All (3)" in html
    assert 'href="/calls/reviews/?show=open&amp;page=2" rel="next"' in html  # the filter is kept
    assert "You have submitted 1 of 3 reviews." in html


def test_a_filter_without_rows_says_so(client, weber_world):
    client.force_login(weber_world["weber"])
    response = client.get(reverse("calls:my_reviews"), {"show": "submitted"}, **EN)
    assert "No review matches this filter." in response.text
    assert "You have submitted 0 of 2 reviews." in response.text


RANKED_TITLES = ("Strong topic", "Single review topic", "Waiting topic")


def test_the_ranking_pages_keep_the_ranks_of_the_whole_ranking(
    client, roles, call, ranked_call, one_per_page
):
    client.force_login(roles["organiser"])
    url = reverse("calls:ranking", args=[call.slug])
    pages = [client.get(url, {"page": number}, **EN).text for number in (1, 2, 3)]
    assert [titles_in(page, RANKED_TITLES) for page in pages] == [[t] for t in RANKED_TITLES]
    assert "2. Single review topic" in pages[1]
    assert "data-mean>3.00<" in pages[1] and "data-reviews>1 / 1<" in pages[1]
    assert "data-stdev>0.81<" in pages[0] and "-1.70" in pages[0]  # spread and outlier
    assert "data-reviews>0 / 1<" in pages[2]
    for asked, number in (("x", 1), ("-1", 1), ("400", 3)):
        response = client.get(url, {"page": asked}, **EN)
        assert response.status_code == 200
        assert response.context["page_obj"].number == number


def test_the_ranking_filters_by_decision(client, roles, call, ranked_call, organiser, one_per_page):
    services.proposal_decide(
        proposal=ranked_call["strong"], decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    client.force_login(roles["organiser"])
    url = reverse("calls:ranking", args=[call.slug])
    selected = client.get(url, {"decision": "selected"}, **EN).text
    assert titles_in(selected, RANKED_TITLES) == ["Strong topic"]
    assert "1. Strong topic" in selected
    undecided = [client.get(url, {"decision": "undecided", "page": n}, **EN).text for n in (1, 2)]
    assert [titles_in(page, RANKED_TITLES) for page in undecided] == [
        ["Single review topic"],
        ["Waiting topic"],
    ]
    assert "2. Single review topic" in undecided[0]  # its rank in the whole ranking
    assert "undecided (2)" in undecided[0] and "selected (1)" in undecided[0]
    assert "all (3)" in undecided[0] and "not selected (0)" in undecided[0]
    assert f'href="{url}?decision=undecided&amp;page=2" rel="next"' in undecided[0]
    decide = reverse("calls:proposal_decide", args=[call.slug, ranked_call["single"].pk])
    assert f'action="{decide}?decision=undecided"' in undecided[0]  # back to the filter
    rejected = client.get(url, {"decision": "rejected"}, **EN).text
    assert "No proposal has this decision." in rejected
    everything = client.get(url, {"decision": "<script>"}, **EN)
    assert everything.status_code == 200 and everything.context["page_obj"].paginator.count == 3


def decide(client, call, proposal, query="", **fields):
    prefix = f"decide-{proposal.pk}"
    url = reverse("calls:proposal_decide", args=[call.slug, proposal.pk]) + query
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(url, data, **EN)


def test_after_a_decision_the_organiser_lands_on_the_page_that_holds_it(
    client, roles, call, ranked_call, one_per_page
):
    client.force_login(roles["organiser"])
    ranking = reverse("calls:ranking", args=[call.slug])
    waiting, single = ranked_call["waiting"], ranked_call["single"]

    response = decide(client, call, waiting, decision="reserve", reason="Wait for reviews.")
    assert response.status_code == 302
    assert response.url == f"{ranking}?page=3#proposal-{waiting.pk}"

    # Deciding from "undecided": the proposal leaves the filter; back to it in the whole ranking.
    response = decide(client, call, single, "?decision=undecided", decision="reserve", reason="R")
    assert response.url == f"{ranking}?page=2#proposal-{single.pk}"

    # Still in the filter: back to the filtered page that holds it.
    response = decide(client, call, waiting, "?decision=reserve", decision="reserve", reason="S")
    assert response.url == f"{ranking}?decision=reserve&page=2#proposal-{waiting.pk}"
    page = client.get(response.url, **EN).text
    assert titles_in(page, RANKED_TITLES) == ["Waiting topic"]


def test_a_decision_with_errors_shows_the_page_that_holds_the_proposal(
    client, roles, call, ranked_call, one_per_page
):
    client.force_login(roles["organiser"])
    waiting = ranked_call["waiting"]
    response = decide(client, call, waiting, "?page=1", decision="maybe", reason="Kept text")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert titles_in(response.text, RANKED_TITLES) == ["Waiting topic"]
    assert "Select a valid choice" in response.text
    assert "Kept text</textarea>" in response.text
    ranking = reverse("calls:ranking", args=[call.slug])
    assert f'href="{ranking}?page=2" rel="prev"' in response.text  # links lead to the ranking


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"decide-7-decision": "maybe", "decide-7-reason": ""},
        {"decide-7-decision": "rejected", "decide-7-reason": "<b>Too vague</b>"},
    ],
)
def test_the_written_out_decision_fields_equal_djangos_rendering(data):
    """The ranking writes the decision form out (fast); it must be Django's markup."""
    translation.activate("en")
    form = DecisionForm(data, prefix="decide-7", initial={"decision": "reserve", "reason": "Hm"})
    form.is_valid()
    fast = render_to_string("calls/reviews/_decision_fields.html", {"form": form})
    django = render_to_string("accounts/includes/form_fields.html", {"form": form})
    assert parse_html(fast) == parse_html(django)


def test_placing_all_and_evaluating_a_page_gives_the_full_ranking():
    """What the ranking page does (place 2,000 from the counted reviews only, evaluate the 50
    shown) gives exactly what ranking every proposal with every figure gives."""
    rng = random.Random(7)
    criteria = [
        ranking.CriterionData(id=1, number=1, title="A", scored=True, weight=2.0),
        ranking.CriterionData(id=2, number=2, title="B", scored=True),
        ranking.CriterionData(id=3, number=3, title="C", scored=False, has_auto_check=True),
    ]

    def review(number):
        submitted = rng.random() < 0.7
        scores = {1: rng.choice([None, 0, 3, 5]), 2: rng.randint(0, 5)}
        return ranking.ReviewData(
            id=number,
            reviewer=f"R{number}",
            submitted=submitted,
            scores=scores,
            votes={3: rng.choice([True, False, None])},
            comment="c",
        )

    full = [
        ranking.ProposalData(
            id=pk,
            title=rng.choice(["Equal title", f"Topic {pk}"]),
            reviews=[review(pk * 10 + n) for n in range(rng.randint(0, 4))],
            auto_checks={3: rng.choice([True, False, None])},
        )
        for pk in range(1, 301)
    ]

    def counted_only(proposal):  # as queries.ranking_for reads it: submitted reviews' scores
        reviews = [r for r in proposal.reviews if r.submitted]
        return replace(
            proposal,
            reviews=[replace(r, reviewer="", votes={}, comment="") for r in reviews],
            auto_checks={},
        )

    counted = [counted_only(proposal) for proposal in full]
    by_id = {proposal.id: proposal for proposal in full}
    placed = ranking.place(counted, criteria)
    assert [(p.proposal.id, p.rank, p.mean) for p in placed] == [
        (item.proposal.id, item.rank, item.mean) for item in ranking.rank(full, criteria)
    ]
    page = placed[100:150]
    shown = [ranking.evaluate(by_id[p.proposal.id], criteria, rank=p.rank) for p in page]
    assert shown == ranking.rank(full, criteria)[100:150]
