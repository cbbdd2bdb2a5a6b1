"""Every object-level permission rule of the platform, in one place.

The predicates here are combined into named permissions in each app's
`rules.py` (`accounts.change_person`, `partnerships.change_partnership` …);
code asks `person.has_perm("partnerships.change_partnership", partnership)`
and never repeats a rule inline. Templates use `{% load rules %}` and
`{% has_perm … as can_edit %}` the same way.

Why membership look-ups are cached on the person object: a list page asks
the same question for many objects. The first predicate that needs the
person's memberships loads all of their *current* memberships in one query
and keeps them on the instance (`_partnerhub_memberships`), so a page runs a
fixed number of queries whatever the number of rows. The request loads a new
person object for every request, so the cache lives exactly one request;
code that changes memberships and asks again with the same instance calls
`forget_memberships(person)`.

Only current memberships count (`Membership.objects.current()`): somebody who
left a municipality no longer acts for it. A reviewer's conflict of interest
is, for now, a *current* membership of the municipality under review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules

from .models import Membership, MembershipRole

_CACHE_ATTRIBUTE = "_partnerhub_memberships"


@dataclass(frozen=True)
class CurrentMemberships:
    """A person's current memberships as {body id: role}, one dict per kind of body."""

    municipalities: dict[int, str] = field(default_factory=dict)
    organisations: dict[int, str] = field(default_factory=dict)


def _is_person(user) -> bool:
    """Logged in and active: inactive (or erased) people hold no rights at all."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def current_memberships(person) -> CurrentMemberships:
    """The person's current memberships, loaded once per person object (one query)."""
    if not _is_person(person):
        return CurrentMemberships()
    cached = getattr(person, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = CurrentMemberships()
        rows = (
            Membership.objects.current()
            .filter(person=person)
            .values_list("municipality_id", "organisation_id", "role")
        )
        for municipality_id, organisation_id, role in rows:
            if municipality_id is not None:
                cached.municipalities[municipality_id] = role
            else:
                cached.organisations[organisation_id] = role
        setattr(person, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(person) -> None:
    """Drop the cached memberships, after changing them, before asking again."""
    if person is not None and hasattr(person, _CACHE_ATTRIBUTE):
        delattr(person, _CACHE_ATTRIBUTE)


def _pk(obj) -> int | None:
    return getattr(obj, "pk", None)


# --- Platform roles ---------------------------------------------------------


@rules.predicate
def is_person(user) -> bool:
    """Any active, logged-in person (a participant with or without memberships)."""
    return _is_person(user)


@rules.predicate
def is_organiser(user) -> bool:
    """Staff of the service agency running the programmes."""
    return _is_person(user) and bool(getattr(user, "is_organiser", False))


@rules.predicate
def is_reviewer(user) -> bool:
    """Member of the pool of reviewers for calls."""
    return _is_person(user) and bool(getattr(user, "is_reviewer", False))


@rules.predicate
def is_self(user, person) -> bool:
    """The person the object is about is the one asking."""
    return _is_person(user) and person is not None and _pk(person) == user.pk


# --- Memberships -------------------------------------------------------------


@rules.predicate
def is_member_of_municipality(user, municipality) -> bool:
    """Currently acts for this municipality, in any role."""
    if municipality is None:
        return False
    return _pk(municipality) in current_memberships(user).municipalities


@rules.predicate
def is_admin_of_municipality(user, municipality) -> bool:
    """Currently administers this municipality's presence on the platform."""
    if municipality is None:
        return False
    role = current_memberships(user).municipalities.get(_pk(municipality))
    return role == MembershipRole.ADMIN


@rules.predicate
def is_member_of_organisation(user, organisation) -> bool:
    if organisation is None:
        return False
    return _pk(organisation) in current_memberships(user).organisations


@rules.predicate
def is_admin_of_organisation(user, organisation) -> bool:
    if organisation is None:
        return False
    role = current_memberships(user).organisations.get(_pk(organisation))
    return role == MembershipRole.ADMIN


@rules.predicate
def is_member_of_any_municipality(user) -> bool:
    """Acts for at least one municipality (German or partner) today."""
    return bool(current_memberships(user).municipalities)


@rules.predicate
def is_member_of_partnership(user, partnership) -> bool:
    """Member of the German municipality or of any partner municipality.

    Uses `partnership.partners.all()`, so a list that prefetches `partners`
    asks no further query per row.
    """
    if partnership is None:
        return False
    municipality_ids = current_memberships(user).municipalities
    if not municipality_ids:
        return False
    if partnership.german_municipality_id in municipality_ids:
        return True
    return any(partner.pk in municipality_ids for partner in partnership.partners.all())


@rules.predicate
def has_conflict_of_interest(user, municipality) -> bool:
    """A reviewer must not judge anything of a municipality they act for."""
    return bool(is_reviewer(user) and is_member_of_municipality(user, municipality))


# --- Conference registrations ------------------------------------------------


@rules.predicate
def is_registrant(user, registration) -> bool:
    """The registered person themself, or the person who submitted their registration form."""
    if registration is None or not _is_person(user):
        return False
    return user.pk in (registration.person_id, registration.group.submitted_by_id)


@rules.predicate
def acts_for_registration(user, registration) -> bool:
    """Member of the participant's municipality, or of the German municipality that registered them.

    A municipality sees and changes its own registrations, never another's.
    """
    if registration is None:
        return False
    municipality_ids = current_memberships(user).municipalities
    return bool(
        municipality_ids
        and (
            registration.municipality_id in municipality_ids
            or registration.group.german_municipality_id in municipality_ids
        )
    )
