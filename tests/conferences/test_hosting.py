"""Interest in hosting: who may offer for which municipality, who decides, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerhub.conferences.models import ConferenceSeries, HostingInterest
from partnerhub.conferences.services import hosting_interest_decide, hosting_interest_submit
from partnerhub.core.models import AuditEvent
from tests.factories import PartnerMunicipalityFactory
from tests.permissions import LOGIN, ROLES, assert_matrix, assert_perm_matrix

pytestmark = pytest.mark.django_db

ORGANISER_ONLY = {role: role == "organiser" for role in ROLES}


@pytest.fixture
def series(db):
    return ConferenceSeries.objects.create(slug="asia", region="asia", title_de="Asien")


def test_who_may_offer_to_host_for_which_municipality(roles):
    own = {
        "anonymous": False,
        "participant": False,
        "member_own": True,
        "member_other": False,
        "reviewer_conflict": True,
        "organiser": True,
    }
    assert_perm_matrix("conferences.add_hostinginterest", roles.municipality_own, own)


def test_who_decides_and_sees_the_planner(roles, series):
    interest = HostingInterest.objects.create(
        municipality=roles.municipality_own, series=series, year=2030
    )
    assert_perm_matrix("conferences.decide_hostinginterest", interest, ORGANISER_ONLY)
    assert_perm_matrix("conferences.view_rotation", None, ORGANISER_ONLY)


def test_rotation_page_matrix(client, roles):
    forbidden = dict.fromkeys(ROLES, 403)
    assert_matrix(
        client,
        reverse("conferences:rotation"),
        {**forbidden, "anonymous": LOGIN, "organiser": 200},
    )


def test_hosting_page_matrix(client, roles):
    assert_matrix(
        client,
        reverse("conferences:hosting_interest"),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 200,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )


def test_a_member_offers_only_for_their_own_municipality(client, roles, series):
    client.force_login(roles["member_other"])
    url = reverse("conferences:hosting_interest")
    data = {"municipality": roles.municipality_own.pk, "series": series.pk, "year": 2030}
    response = client.post(url, data)
    assert response.status_code == 200  # the form again: not one of their municipalities
    assert not HostingInterest.objects.exists()
    data["municipality"] = roles.municipality_other.pk
    response = client.post(url, {**data, "message": "We would like to."})
    assert response.status_code == 302
    interest = HostingInterest.objects.get()
    assert interest.municipality == roles.municipality_other
    assert interest.submitted_by == roles["member_other"]
    assert AuditEvent.objects.filter(action="hosting_interest.submitted").count() == 1


def test_the_service_refuses_other_municipalities_past_years_and_partners(roles, series):
    with pytest.raises(PermissionDenied):
        hosting_interest_submit(
            municipality=roles.municipality_own, series=series, year=2030, by=roles["member_other"]
        )
    with pytest.raises(ValidationError, match="this year or a later one"):
        hosting_interest_submit(
            municipality=roles.municipality_own, series=series, year=2019, by=roles["member_own"]
        )
    with pytest.raises(ValidationError, match="Only German municipalities host"):
        hosting_interest_submit(
            municipality=PartnerMunicipalityFactory(),
            series=series,
            year=2030,
            by=roles["organiser"],
        )
    hosting_interest_submit(
        municipality=roles.municipality_own, series=series, year=2030, by=roles["member_own"]
    )
    with pytest.raises(ValidationError, match="already expressed interest"):
        hosting_interest_submit(
            municipality=roles.municipality_own, series=series, year=2030, by=roles["member_own"]
        )


def test_only_organisers_decide_and_a_decline_needs_a_reason(roles, series):
    interest = HostingInterest.objects.create(
        municipality=roles.municipality_own, series=series, year=2030
    )
    with pytest.raises(PermissionDenied):
        hosting_interest_decide(interest=interest, accept=True, by=roles["member_own"])
    with pytest.raises(ValidationError, match="Give a reason when you decline"):
        hosting_interest_decide(interest=interest, accept=False, by=roles["organiser"], reason=" ")
    decided = hosting_interest_decide(interest=interest, accept=True, by=roles["organiser"])
    assert decided.status == "accepted" and decided.decided_by == roles["organiser"]
    with pytest.raises(ValidationError, match="already been decided"):
        hosting_interest_decide(interest=interest, accept=False, by=roles["organiser"], reason="x")


def test_organiser_declines_on_the_planner_page_and_it_is_audited(client, roles, series):
    interest = HostingInterest.objects.create(
        municipality=roles.municipality_own, series=series, year=2030
    )
    url = reverse("conferences:interest_decide", args=[interest.pk])
    assert_matrix(
        client,
        url,
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 403,
            "member_other": 403,
            "reviewer_conflict": 403,
            "organiser": 302,
        },
        method="post",
        data={"decision": "decline", "reason": ""},
    )
    interest.refresh_from_db()
    assert interest.status == "pending"  # the organiser's decline without a reason was refused
    client.force_login(roles["organiser"])
    client.post(url, {"decision": "decline", "reason": "Another city hosts in 2030."})
    interest.refresh_from_db()
    assert interest.status == "declined" and interest.reason == "Another city hosts in 2030."
    event = AuditEvent.objects.get(action="hosting_interest.decided")
    assert (event.actor, event.from_state, event.to_state) == (
        roles["organiser"],
        "pending",
        "declined",
    )
    assert event.note == "Another city hosts in 2030."
    assert event.subject == interest
