"""The permission matrix: people in every role, and checks that cover all of them at once.

Why: "a municipality sees its own drafts only" is only true if every page and
every rule is tried by every kind of person, including the ones who must be
turned away. Listing the expectation for every role in one dict makes a
forgotten role a failing test, not a silent gap.

Roles (`ROLES`):

* anonymous          not logged in
* participant        logged in, no membership, no platform role
* member_own         member of municipality A ("own")
* member_other       member of municipality B ("other")
* reviewer_conflict  reviewer who is a member of municipality A
* organiser          organiser with admin access (is_staff)

Usage (the `roles` fixture builds the people; tests/conftest.py loads this
module as a plugin, so every test can ask for `roles`):

    def test_profile_page(client, roles):
        assert_matrix(client, reverse("accounts:profile"), {
            "anonymous": LOGIN, "participant": 200, "member_own": 200,
            "member_other": 200, "reviewer_conflict": 200, "organiser": 200,
        })

    def test_change_partnership(roles):
        partnership = PartnershipFactory(german_municipality=roles.municipality_own)
        assert_perm_matrix("partnerships.change_partnership", partnership, {
            "anonymous": False, "participant": False, "member_own": True,
            "member_other": False, "reviewer_conflict": True, "organiser": True,
        })
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import resolve_url
from django.test import Client

from partnerhub.accounts.models import MembershipRole, Person
from partnerhub.accounts.predicates import forget_memberships
from partnerhub.reference.models import Municipality
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory

ROLES: tuple[str, ...] = (
    "anonymous",
    "participant",
    "member_own",
    "member_other",
    "reviewer_conflict",
    "organiser",
)


@dataclass(frozen=True)
class Redirect:
    """Expect a redirect whose target path is `to` (a URL, a URL name or a setting's value)."""

    to: str

    @property
    def path(self) -> str:
        return resolve_url(self.to)

    def matches(self, response) -> bool:
        if response.status_code not in (301, 302, 303, 307, 308):
            return False
        return response.headers.get("Location", "").split("?")[0] == self.path

    def __str__(self) -> str:
        return f"redirect to {self.path}"


LOGIN = Redirect(settings.LOGIN_URL)  # login_required sends anonymous people here
ADMIN_LOGIN = Redirect("admin:login")  # the admin sends everybody without admin access here

Outcome = int | Redirect


@dataclass
class Roles:
    """The people of the matrix and the two municipalities they belong to."""

    municipality_own: Municipality
    municipality_other: Municipality
    people: dict[str, Person | None]

    def __getitem__(self, role: str) -> Person | None:
        return self.people[role]

    def user(self, role: str):
        """The person, or an AnonymousUser for "anonymous" (for has_perm calls)."""
        person = self.people[role]
        return AnonymousUser() if person is None else person


def build_roles(
    *,
    municipality_own: Municipality | None = None,
    municipality_other: Municipality | None = None,
) -> Roles:
    """Create one person per role (needs database access)."""
    own = municipality_own or MunicipalityFactory(name="Sample Town A", slug="sample-town-a")
    other = municipality_other or MunicipalityFactory(name="Sample Town B", slug="sample-town-b")
    member_own = PersonFactory(full_name="Test Person Member A")
    member_other = PersonFactory(full_name="Test Person Member B")
    reviewer = PersonFactory(full_name="Test Person Reviewer A", is_reviewer=True)
    MembershipFactory(person=member_own, municipality=own, role=MembershipRole.MEMBER)
    MembershipFactory(person=member_other, municipality=other, role=MembershipRole.MEMBER)
    MembershipFactory(person=reviewer, municipality=own, role=MembershipRole.MEMBER)
    people: dict[str, Person | None] = {
        "anonymous": None,
        "participant": PersonFactory(full_name="Test Person Participant"),
        "member_own": member_own,
        "member_other": member_other,
        "reviewer_conflict": reviewer,
        "organiser": PersonFactory(
            full_name="Test Person Organiser", is_organiser=True, is_staff=True
        ),
    }
    return Roles(municipality_own=own, municipality_other=other, people=people)


_active: list[Roles] = []


@pytest.fixture(name="roles")
def roles_fixture(db) -> Roles:
    """One person per role of the matrix; the helpers below use them by default."""
    world = build_roles()
    _active.append(world)
    yield world
    _active.remove(world)


def _roles_or_active(roles_: Roles | None) -> Roles:
    if roles_ is not None:
        return roles_
    if not _active:
        raise RuntimeError("No roles: use the `roles` fixture or pass roles=build_roles().")
    return _active[-1]


def _check_complete(expected: Mapping[str, Any]) -> None:
    """Every role must be listed: a forgotten role is an untested door."""
    missing = [role for role in ROLES if role not in expected]
    unknown = sorted(set(expected) - set(ROLES))
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing roles: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown roles: {', '.join(unknown)}")
        raise AssertionError(
            f"The expectation must list every role exactly ({'; '.join(parts)}). "
            f"Roles: {', '.join(ROLES)}."
        )


def _describe(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code} → {location}" if location else str(response.status_code)


def _matches(outcome: Outcome, response) -> bool:
    if isinstance(outcome, Redirect):
        return outcome.matches(response)
    return response.status_code == outcome


def assert_matrix(
    client_factory_or_client: Client | Callable[[], Client],
    url: str,
    expected: Mapping[str, Outcome],
    method: str = "get",
    data: Any = None,
    *,
    roles: Roles | None = None,
    **request_kwargs: Any,
) -> None:
    """Request `url` as every role and compare the outcome with `expected[role]`.

    An outcome is an HTTP status (200, 403, 404, 405 …) or a `Redirect`
    (`LOGIN`, `ADMIN_LOGIN`). Every mismatch is collected and reported
    together. A client passed in is logged out between roles and at the end;
    a factory makes a fresh client per role.
    """
    _check_complete(expected)
    world = _roles_or_active(roles)
    mismatches = []
    for role in ROLES:
        if isinstance(client_factory_or_client, Client):
            client = client_factory_or_client
            client.logout()
        else:
            client = client_factory_or_client()
        person = world[role]
        if person is not None:
            client.force_login(person)
        send = getattr(client, method.lower())
        response = send(url, data, **request_kwargs) if data is not None else send(url)
        if not _matches(expected[role], response):
            mismatches.append(f"  {role}: expected {expected[role]}, got {_describe(response)}")
        client.logout()
    if mismatches:
        raise AssertionError(
            f"{method.upper()} {url}: {len(mismatches)} role(s) differ:\n" + "\n".join(mismatches)
        )


def assert_perm_matrix(
    perm: str | Callable[..., bool],
    obj: Any,
    expected: Mapping[str, bool],
    *,
    roles: Roles | None = None,
) -> None:
    """Ask `perm` (a permission name or a rules predicate) about `obj` for every role."""
    _check_complete(expected)
    world = _roles_or_active(roles)
    mismatches = []
    for role in ROLES:
        user = world.user(role)
        forget_memberships(user)  # memberships may have changed since the last question
        if isinstance(perm, str):
            allowed = user.has_perm(perm, obj)
        elif isinstance(perm, rules.Predicate):
            allowed = perm.test(user, obj)
        else:
            allowed = perm(user, obj)
        if bool(allowed) != expected[role]:
            mismatches.append(f"  {role}: expected {expected[role]}, got {bool(allowed)}")
    if mismatches:
        name = perm if isinstance(perm, str) else getattr(perm, "name", repr(perm))
        raise AssertionError(
            f"{name} on {obj!r}: {len(mismatches)} role(s) differ:\n" + "\n".join(mismatches)
        )
