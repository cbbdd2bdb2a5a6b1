"""Invariants of people and memberships that the database itself keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from partnerhub.accounts.models import Membership, Person, PlatformRole
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_ignoring_case():
    PersonFactory(email="one@example.org")
    with pytest.raises(IntegrityError):
        Person.objects.bulk_create([Person(email="ONE@example.org", full_name="Test Person 2")])


def test_model_validation_lower_cases_and_reports_duplicates():
    PersonFactory(email="one@example.org")
    person = Person(email="One@Example.org", full_name="Test Person 3")
    with pytest.raises(ValidationError):
        person.full_clean(exclude=["password"])
    assert person.email == "one@example.org"


def test_natural_key_ignores_case():
    person = PersonFactory(email="natural@example.org")
    assert Person.objects.get_by_natural_key("NATURAL@example.org") == person


def test_platform_roles_in_fixed_order():
    person = PersonFactory(is_reviewer=True, is_organiser=True, is_staff=True)
    assert person.platform_roles == [
        PlatformRole.ORGANISER,
        PlatformRole.REVIEWER,
        PlatformRole.ADMIN_ACCESS,
    ]


def test_membership_is_in_one_body_only():
    with pytest.raises(IntegrityError):
        MembershipFactory(municipality=None)


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(since=datetime.date(2020, 1, 1), ended_at=datetime.date(2019, 1, 1))


def test_one_open_membership_per_municipality():
    membership = MembershipFactory()
    duplicate = Membership(person=membership.person, municipality=membership.municipality)
    with translation.override("en"), pytest.raises(ValidationError, match="already a member"):
        duplicate.full_clean()
    with translation.override("de"), pytest.raises(ValidationError, match="bereits Mitglied"):
        duplicate.full_clean()
    # After the first one ended, the person may join again.
    membership.ended_at = membership.since
    membership.save()
    duplicate.full_clean()
    duplicate.save()


def test_current_memberships_query():
    today = datetime.date(2025, 6, 1)
    town = MunicipalityFactory()
    current = MembershipFactory(municipality=town, since=datetime.date(2020, 1, 1))
    MembershipFactory(
        municipality=town, since=datetime.date(2020, 1, 1), ended_at=datetime.date(2025, 6, 1)
    )
    MembershipFactory(municipality=town, since=datetime.date(2025, 7, 1))
    assert list(Membership.objects.current(on=today)) == [current]
