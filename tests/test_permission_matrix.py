"""Who may open which accounts page, and who holds which permission, for every role."""

import pytest
from django.urls import reverse

from partnerhub.accounts.models import MembershipRole
from partnerhub.accounts.predicates import has_conflict_of_interest
from tests.factories import MembershipFactory, PartnershipFactory, PersonFactory
from tests.permissions import (
    ADMIN_LOGIN,
    LOGIN,
    ROLES,
    assert_matrix,
    assert_perm_matrix,
)

pytestmark = pytest.mark.django_db

EVERYBODY_LOGGED_IN = {role: 200 for role in ROLES if role != "anonymous"}
ORGANISER_ONLY = {role: role == "organiser" for role in ROLES}


def everybody(value):
    return dict.fromkeys(ROLES, value)


# --- Pages ---------------------------------------------------------------------


def test_profile_page(client, roles):
    assert_matrix(client, reverse("accounts:profile"), {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN})


def test_export_download(client, roles):
    assert_matrix(client, reverse("accounts:export"), {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN})


def test_erase_page(client, roles):
    assert_matrix(client, reverse("accounts:erase"), {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN})


def test_erase_with_wrong_password_is_refused_for_everybody(client, roles):
    """POSTing a wrong password shows the form again (200) and erases nobody."""
    assert_matrix(
        client,
        reverse("accounts:erase"),
        {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN},
        method="post",
        data={"password": "not the password"},
    )
    assert not any(p.is_erased for p in roles.people.values() if p is not None)


def test_login_page(client, roles):
    logged_in = {role: 302 for role in ROLES if role != "anonymous"}
    assert_matrix(client, reverse("accounts:login"), {"anonymous": 200, **logged_in})


def test_logout_needs_post(client, roles):
    assert_matrix(client, reverse("accounts:logout"), everybody(405))


@pytest.mark.parametrize("url_name", ["admin:index", "admin:accounts_person_changelist"])
def test_admin_is_for_organisers(client, roles, url_name):
    expected = dict.fromkeys(ROLES, ADMIN_LOGIN)
    expected["organiser"] = 200
    assert_matrix(client, reverse(url_name), expected)


def test_admin_person_page_is_for_organisers(client, roles):
    url = reverse("admin:accounts_person_change", args=[roles["member_own"].pk])
    expected = dict.fromkeys(ROLES, ADMIN_LOGIN)
    expected["organiser"] = 200
    assert_matrix(client, url, expected)


# --- Rules -----------------------------------------------------------------------


def test_change_partnership_of_own_municipality(roles):
    partnership = PartnershipFactory(german_municipality=roles.municipality_own)
    assert_perm_matrix(
        "partnerships.change_partnership",
        partnership,
        {
            "anonymous": False,
            "participant": False,
            "member_own": True,
            "member_other": False,
            "reviewer_conflict": True,
            "organiser": True,
        },
    )


def test_change_partnership_of_other_municipality(roles):
    partnership = PartnershipFactory(german_municipality=roles.municipality_other)
    assert_perm_matrix(
        "partnerships.change_partnership",
        partnership,
        {
            "anonymous": False,
            "participant": False,
            "member_own": False,
            "member_other": True,
            "reviewer_conflict": False,
            "organiser": True,
        },
    )


def test_change_partnership_from_the_partner_side(roles):
    """Members of a partner municipality keep the partnership up to date too."""
    partnership = PartnershipFactory(partners=[roles.municipality_other])
    assert_perm_matrix(
        "partnerships.change_partnership",
        partnership,
        {
            "anonymous": False,
            "participant": False,
            "member_own": False,
            "member_other": True,
            "reviewer_conflict": False,
            "organiser": True,
        },
    )


def test_view_add_delete_partnership(roles):
    partnership = PartnershipFactory(german_municipality=roles.municipality_own)
    assert_perm_matrix("partnerships.view_partnership", partnership, everybody(True))
    assert_perm_matrix(
        "partnerships.add_partnership",
        None,
        {
            "anonymous": False,
            "participant": False,
            "member_own": True,
            "member_other": True,
            "reviewer_conflict": True,
            "organiser": True,
        },
    )
    assert_perm_matrix("partnerships.delete_partnership", partnership, ORGANISER_ONLY)


def test_reviewer_conflict_of_interest(roles):
    """Only the reviewer who acts for municipality A has a conflict there, and none in B."""
    expected = {role: role == "reviewer_conflict" for role in ROLES}
    assert_perm_matrix(has_conflict_of_interest, roles.municipality_own, expected)
    assert_perm_matrix(has_conflict_of_interest, roles.municipality_other, everybody(False))


def test_municipality_permissions(roles):
    municipality = roles.municipality_own
    assert_perm_matrix("reference.view_municipality", municipality, everybody(True))
    # Plain members do not edit their municipality's record; organisers do.
    assert_perm_matrix("reference.change_municipality", municipality, ORGANISER_ONLY)
    MembershipFactory(
        person=roles["participant"], municipality=municipality, role=MembershipRole.ADMIN
    )
    expected = {**ORGANISER_ONLY, "participant": True}
    assert_perm_matrix("reference.change_municipality", municipality, expected)
    assert_perm_matrix("reference.change_municipality", roles.municipality_other, ORGANISER_ONLY)


def test_person_permissions(roles):
    """A person sees and changes only themselves; organisers everybody."""
    person = roles["member_own"]
    self_or_organiser = {role: role in ("member_own", "organiser") for role in ROLES}
    for perm in (
        "accounts.view_person",
        "accounts.change_person",
        "accounts.export_person",
        "accounts.erase_person",
    ):
        assert_perm_matrix(perm, person, self_or_organiser)
    assert_perm_matrix("accounts.delete_person", person, everybody(False))
    assert_perm_matrix("accounts.change_membership", None, ORGANISER_ONLY)


# --- The helpers themselves --------------------------------------------------------


def test_matrix_fails_when_a_role_is_missing(client, roles):
    incomplete = {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN}
    del incomplete["reviewer_conflict"]
    with pytest.raises(AssertionError, match="missing roles: reviewer_conflict"):
        assert_matrix(client, reverse("accounts:profile"), incomplete)


def test_perm_matrix_fails_when_a_role_is_missing_or_unknown(roles):
    with pytest.raises(AssertionError, match="missing roles: organiser"):
        assert_perm_matrix(
            "partnerships.view_partnership", None, {r: True for r in ROLES if r != "organiser"}
        )
    with pytest.raises(AssertionError, match="unknown roles: superhero"):
        assert_perm_matrix(
            "partnerships.view_partnership", None, {**everybody(True), "superhero": True}
        )


def test_matrix_lists_every_mismatch(client, roles):
    wrong = {"anonymous": 200, **EVERYBODY_LOGGED_IN, "organiser": 403}
    with pytest.raises(AssertionError) as failure:
        assert_matrix(client, reverse("accounts:profile"), wrong)
    message = str(failure.value)
    assert "2 role(s) differ" in message
    assert "anonymous: expected 200, got 302 → /account/login/?next=/account/" in message
    assert "organiser: expected 403, got 200" in message


def test_perm_matrix_lists_every_mismatch(roles):
    with pytest.raises(AssertionError) as failure:
        assert_perm_matrix("partnerships.delete_partnership", None, everybody(True))
    assert "5 role(s) differ" in str(failure.value)


def test_matrix_accepts_a_client_factory(roles):
    from django.test import Client

    assert_matrix(Client, reverse("accounts:profile"), {"anonymous": LOGIN, **EVERYBODY_LOGGED_IN})


def test_an_extra_person_does_not_change_the_roles(roles):
    """Sanity: the roles are exactly the six documented people."""
    PersonFactory()
    assert set(roles.people) == set(ROLES)
    assert roles["anonymous"] is None
    assert roles["organiser"].is_staff and roles["organiser"].is_organiser
