"""The rules behind every permission: memberships that count, roles, conflicts of interest."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from partnerhub.accounts import predicates
from partnerhub.accounts.models import MembershipRole
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def town():
    return MunicipalityFactory()


@pytest.mark.parametrize(
    ("since", "ended_at", "counts"),
    [
        (TODAY - 100 * DAY, None, True),
        (TODAY - 100 * DAY, TODAY + DAY, True),  # ends tomorrow: still current
        (TODAY - 100 * DAY, TODAY, False),  # ended today
        (TODAY - 100 * DAY, TODAY - 10 * DAY, False),
        (TODAY + DAY, None, False),  # not begun yet
    ],
)
def test_only_current_memberships_count(town, since, ended_at, counts):
    person = PersonFactory()
    MembershipFactory(person=person, municipality=town, since=since, ended_at=ended_at)
    assert predicates.is_member_of_municipality(person, town) is counts
    assert person.has_perm("reference.view_municipality", town)


def test_admin_of_municipality_needs_the_admin_role(town):
    member = MembershipFactory(municipality=town).person
    admin = MembershipFactory(municipality=town, role=MembershipRole.ADMIN).person
    assert not predicates.is_admin_of_municipality(member, town)
    assert predicates.is_admin_of_municipality(admin, town)
    assert not predicates.is_admin_of_municipality(admin, MunicipalityFactory())
    assert admin.has_perm("reference.change_municipality", town)
    assert not member.has_perm("reference.change_municipality", town)


def test_organisation_admins_edit_their_organisation():
    organisation = OrganisationFactory()
    admin = MembershipFactory(
        municipality=None, organisation=organisation, role=MembershipRole.ADMIN
    ).person
    member = MembershipFactory(municipality=None, organisation=organisation).person
    assert admin.has_perm("reference.change_organisation", organisation)
    assert not member.has_perm("reference.change_organisation", organisation)
    assert predicates.is_member_of_organisation(member, organisation)
    # An organisation membership is no municipality membership.
    assert not member.has_perm("partnerships.add_partnership")


def test_partnership_membership_covers_both_sides():
    partner = MunicipalityFactory(name="Sample Partner", slug="sample-partner")
    partnership = PartnershipFactory(partners=[partner])
    german_side = MembershipFactory(municipality=partnership.german_municipality).person
    partner_side = MembershipFactory(municipality=partner).person
    outsider = MembershipFactory().person
    assert predicates.is_member_of_partnership(german_side, partnership)
    assert predicates.is_member_of_partnership(partner_side, partnership)
    assert not predicates.is_member_of_partnership(outsider, partnership)


def test_conflict_of_interest_is_for_reviewers_of_their_own_municipality(town):
    reviewer = PersonFactory(is_reviewer=True)
    MembershipFactory(person=reviewer, municipality=town)
    former = PersonFactory(is_reviewer=True)
    MembershipFactory(person=former, municipality=town, since=TODAY - 900 * DAY, ended_at=TODAY)
    member = MembershipFactory(municipality=town).person
    assert predicates.has_conflict_of_interest(reviewer, town)
    assert not predicates.has_conflict_of_interest(reviewer, MunicipalityFactory())
    assert not predicates.has_conflict_of_interest(former, town)  # only current memberships
    assert not predicates.has_conflict_of_interest(member, town)  # not a reviewer


def test_inactive_people_hold_no_rights(town):
    organiser = PersonFactory(is_organiser=True, is_active=False)
    member = PersonFactory(is_active=False)
    MembershipFactory(person=member, municipality=town)
    partnership = PartnershipFactory(german_municipality=town)
    assert not organiser.has_perm("partnerships.delete_partnership", partnership)
    assert not member.has_perm("partnerships.change_partnership", partnership)


def test_anonymous_people_hold_no_rights(town):
    anonymous = AnonymousUser()
    partnership = PartnershipFactory(german_municipality=town)
    assert anonymous.has_perm("partnerships.view_partnership", partnership)
    assert not anonymous.has_perm("partnerships.change_partnership", partnership)
    assert not predicates.is_member_of_municipality(anonymous, town)
    assert not predicates.is_organiser(anonymous)


def test_memberships_are_loaded_once_per_person(django_assert_num_queries):
    person = PersonFactory()
    towns = [MembershipFactory(person=person).municipality for _ in range(3)]
    partnerships = [PartnershipFactory(german_municipality=town) for town in towns]
    with django_assert_num_queries(1):
        for partnership in partnerships:
            assert person.has_perm("partnerships.change_partnership", partnership)
    # After a change, forget_memberships makes the next question see it.
    new_town = MembershipFactory(person=person).municipality
    assert not predicates.is_member_of_municipality(person, new_town)
    predicates.forget_memberships(person)
    assert predicates.is_member_of_municipality(person, new_town)


def test_prefetched_partners_need_no_query(django_assert_num_queries):
    from partnerhub.partnerships.models import Partnership

    person = PersonFactory()
    partner = MembershipFactory(person=person).municipality
    for _ in range(3):
        PartnershipFactory(partners=[partner])
    partnerships = list(Partnership.objects.prefetch_related("partners"))
    predicates.current_memberships(person)
    with django_assert_num_queries(0):
        assert all(person.has_perm("partnerships.change_partnership", p) for p in partnerships)
