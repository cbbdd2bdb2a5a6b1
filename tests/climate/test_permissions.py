"""The six-role matrix for every climate permission and every climate page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.climate import services
from partnerhub.climate.models import Direction
from tests.factories import PartnerMunicipalityFactory
from tests.permissions import LOGIN, assert_matrix, assert_perm_matrix

from .conftest import adopt, fill_version, make_world

pytestmark = pytest.mark.django_db

EVERYBODY = dict.fromkeys(
    ("anonymous", "participant", "member_own", "member_other", "reviewer_conflict", "organiser"),
    True,
)
PARTNERS_AND_ORGANISERS = {
    "anonymous": False,
    "participant": False,
    "member_own": True,
    "member_other": False,
    "reviewer_conflict": True,
    "organiser": True,
}
PARTNERS_ONLY = {**PARTNERS_AND_ORGANISERS, "organiser": False}
ORGANISERS_ONLY = {**dict.fromkeys(PARTNERS_AND_ORGANISERS, False), "organiser": True}


@pytest.fixture
def own(roles):
    """A climate partnership whose German side is the matrix's own municipality."""
    return make_world(german_municipality=roles.municipality_own)


def test_draft_versions(own):
    draft = services.programme_start(climate_partnership=own.climate, by=own.german)
    assert_perm_matrix("climate.view_version", draft, PARTNERS_AND_ORGANISERS)
    assert_perm_matrix("climate.edit_programme", draft, PARTNERS_AND_ORGANISERS)
    assert_perm_matrix("climate.view_drafts", draft.programme, PARTNERS_AND_ORGANISERS)
    assert_perm_matrix("climate.approve_german_side", draft, PARTNERS_ONLY)
    assert_perm_matrix("climate.approve_partner_side", draft, dict.fromkeys(EVERYBODY, False))
    assert_perm_matrix("climate.adopt_programme", draft, PARTNERS_AND_ORGANISERS)


def test_the_partner_side_approves_for_the_partner_side(roles):
    world = make_world(partner_municipality=roles.municipality_own)
    draft = services.programme_start(climate_partnership=world.climate, by=world.german)
    assert_perm_matrix("climate.approve_partner_side", draft, PARTNERS_ONLY)
    assert_perm_matrix("climate.approve_german_side", draft, dict.fromkeys(EVERYBODY, False))
    # Adoption is recorded by the German side or an organiser, not by the partner side.
    assert_perm_matrix("climate.adopt_programme", draft, ORGANISERS_ONLY)


def test_adopted_versions_are_public(own):
    version = adopt(own)
    assert_perm_matrix("climate.view_version", version, EVERYBODY)
    assert_perm_matrix("climate.report_progress", version.programme, PARTNERS_AND_ORGANISERS)


def test_reports_public_once_submitted(own):
    version = adopt(own)
    report = services.report_start(programme=version.programme, year=2013, by=own.german)
    assert_perm_matrix("climate.view_report", report, PARTNERS_AND_ORGANISERS)
    services.report_save(report=report, by=own.german, narrative="Done.")
    report = services.report_submit(report=report, by=own.german)
    assert_perm_matrix("climate.view_report", report, EVERYBODY)


def test_secondments_and_project(own):
    assert_perm_matrix("climate.request_secondment", own.climate, PARTNERS_ONLY)
    secondment = services.secondment_request(
        climate_partnership=own.climate,
        by=own.german,
        direction=Direction.GERMAN_TO_PARTNER,
        purpose="Advice",
        expert_role="Energy manager",
        start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2014, 1, 10),
    )
    assert_perm_matrix("climate.view_secondment", secondment, PARTNERS_AND_ORGANISERS)
    assert_perm_matrix("climate.report_secondment", secondment, PARTNERS_ONLY)
    assert_perm_matrix("climate.decide_secondment", secondment, ORGANISERS_ONLY)
    assert_perm_matrix("climate.manage_project", None, ORGANISERS_ONLY)


# --- Pages ---------------------------------------------------------------------------------

PUBLIC = dict.fromkeys(PARTNERS_AND_ORGANISERS, 200)
PARTNER_PAGE = {
    "anonymous": LOGIN,
    "participant": 403,
    "member_own": 200,
    "member_other": 403,
    "reviewer_conflict": 200,
    "organiser": 200,
}
ORGANISER_PAGE = {**PARTNER_PAGE, "member_own": 403, "reviewer_conflict": 403}
DRAFT_ONLY = {
    "anonymous": 404,
    "participant": 404,
    "member_own": 200,
    "member_other": 404,
    "reviewer_conflict": 200,
    "organiser": 200,
}


def _client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_pages_of_a_draft_programme(own):
    draft = services.programme_start(climate_partnership=own.climate, by=own.german)
    fill_version(draft, own.german)
    pk = draft.programme.pk
    target = draft.targets.get()
    assert_matrix(_client, reverse("climate:overview"), PUBLIC)
    assert_matrix(_client, reverse("climate:programme", args=[pk]), DRAFT_ONLY)
    assert_matrix(_client, reverse("climate:versions", args=[pk]), DRAFT_ONLY)
    assert_matrix(_client, reverse("climate:version", args=[pk, 1]), DRAFT_ONLY)
    assert_matrix(_client, reverse("climate:pdf", args=[pk, 1]), DRAFT_ONLY)
    assert_matrix(_client, reverse("climate:xlsx", args=[pk, 1]), DRAFT_ONLY)
    edit = {**DRAFT_ONLY, "anonymous": LOGIN}
    assert_matrix(_client, reverse("climate:edit", args=[pk]), edit)
    for kind in ("field", "target", "measure"):
        assert_matrix(_client, reverse("climate:item_add", args=[pk, kind]), edit)
    assert_matrix(_client, reverse("climate:item_edit", args=[pk, "target", target.pk]), edit)
    assert_matrix(_client, reverse("climate:item_delete", args=[pk, "target", target.pk]), edit)


def test_pages_of_an_adopted_programme(own):
    version = adopt(own)
    pk = version.programme.pk
    report = services.report_start(programme=version.programme, year=2013, by=own.german)
    for name, args in (
        ("climate:programme", [pk]),
        ("climate:versions", [pk]),
        ("climate:version", [pk, 1]),
        ("climate:pdf", [pk, 1]),
        ("climate:xlsx", [pk, 1]),
    ):
        assert_matrix(_client, reverse(name, args=args), PUBLIC)
    # The report is not submitted yet: partners and organisers only.
    assert_matrix(_client, reverse("climate:report", args=[pk, 2013]), DRAFT_ONLY)
    assert_matrix(_client, reverse("climate:report_start", args=[pk]), PARTNER_PAGE)
    assert_matrix(
        _client,
        reverse("climate:report_edit", args=[pk, 2013]),
        {**PARTNER_PAGE, "participant": 404, "member_other": 404},
    )
    services.report_save(report=report, by=own.german, narrative="Done.")
    services.report_submit(report=report, by=own.german)
    assert_matrix(_client, reverse("climate:report", args=[pk, 2013]), PUBLIC)
    # No open draft: the edit page does not exist for those who may edit.
    assert_matrix(
        _client,
        reverse("climate:edit", args=[pk]),
        {**PARTNER_PAGE, "member_own": 404, "reviewer_conflict": 404, "organiser": 404},
    )


def test_organiser_and_secondment_pages(own):
    secondment = services.secondment_request(
        climate_partnership=own.climate,
        by=own.german,
        direction=Direction.GERMAN_TO_PARTNER,
        purpose="Advice",
        expert_role="Energy manager",
        start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2014, 1, 10),
    )
    assert_matrix(_client, reverse("climate:overdue"), ORGANISER_PAGE)
    assert_matrix(_client, reverse("climate:secondments"), ORGANISER_PAGE)
    assert_matrix(
        _client,
        reverse("climate:secondment", args=[secondment.pk]),
        {**PARTNER_PAGE, "participant": 404, "member_other": 404},
    )
    assert_matrix(
        _client,
        reverse("climate:secondment_request", args=[own.climate.pk]),
        {**PARTNER_PAGE, "organiser": 403},
    )


def test_post_actions_matrix(own):
    """Approve, adopt, new version, start, remind, decide: refused for everybody who may not."""
    draft = services.programme_start(climate_partnership=own.climate, by=own.german)
    fill_version(draft, own.german)
    pk = draft.programme.pk
    other = PartnerMunicipalityFactory()
    assert other.pk  # an unrelated municipality exists; its people are not in the matrix
    assert_matrix(
        _client,
        reverse("climate:approve", args=[pk]),
        {
            **DRAFT_ONLY,
            "anonymous": LOGIN,
            "organiser": 403,
            "member_own": 302,
            "reviewer_conflict": 302,
        },
        method="post",
        data={"side": "german"},
    )
    assert_matrix(
        _client,
        reverse("climate:remind", args=[own.climate.pk]),
        {**ORGANISER_PAGE, "organiser": 302},
        method="post",
        data={},
    )
    assert_matrix(
        _client,
        reverse("climate:start", args=[own.climate.pk]),
        {**PARTNER_PAGE, "member_own": 302, "reviewer_conflict": 302, "organiser": 302},
        method="post",
        data={},
    )
