"""Reads: registration as a person sees it.

* `registration_box`: what the edition page says about registering, and the
  visitor's own registrations for the edition (no personal data of others);
* `registrations_visible_to`: the registrations a person may see ("My
  registrations"): candidates are selected in one query (their own, the ones
  they submitted, those of the municipalities they act for), then every one is
  checked with the permission `conferences.view_registration`;
* the choices of the registration form: German municipalities the person may
  register for, partner municipalities (the partners of those municipalities'
  partnerships first) with whether each may be invited (`eligibility`), and
  organisations;
* waiting-list positions, computed for many registrations in one query.

Every function runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import current_memberships, is_organiser
from partnerhub.partnerships.models import Partnership, PartnershipStatus
from partnerhub.reference.models import Country, Municipality, Organisation

from ..eligibility import Eligibility, partner_eligibility_by_country
from ..models import (
    ACTIVE_STATUSES,
    Edition,
    EditionPart,
    EditionStatus,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from ..services.registration import places_left

__all__ = [
    "MunicipalityGroup",
    "RegistrationBox",
    "edition_registrations_of",
    "german_municipalities_for",
    "germany",
    "group_registrations_visible_to",
    "is_registered",
    "organisations_for",
    "partner_eligibilities",
    "partner_municipality_groups",
    "partnership_between",
    "registration_box",
    "registration_by_token",
    "registrations_by_edition",
    "registrations_visible_to",
    "viewable_registrations",
    "with_waiting_positions",
]

VIEW = "conferences.view_registration"


# --- Waiting list -------------------------------------------------------------------


def with_waiting_positions(registrations: list[Registration]) -> list[Registration]:
    """Set `waiting_position` (1, 2 …, or None) on each registration; one query at most.

    The order is the one in which `services.promote_from_waiting_list` gives
    free places: by time of registration, then id.
    """
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    for registration in registrations:
        registration.waiting_position = None
    if not waiting:
        return registrations
    editions = {r.edition_id for r in waiting}
    queue = (
        Registration.objects.filter(edition_id__in=editions, status=RegistrationStatus.WAITLISTED)
        .order_by("edition_id", "created_at", "id")
        .values_list("edition_id", "id")
    )
    positions, counters = {}, defaultdict(int)
    for edition_id, registration_id in queue:
        counters[edition_id] += 1
        positions[registration_id] = counters[edition_id]
    for registration in waiting:
        registration.waiting_position = positions.get(registration.pk)
    return registrations


# --- What a person may see -----------------------------------------------------------


def _edition_parts() -> Prefetch:
    return Prefetch("edition__parts", queryset=EditionPart.objects.order_by("start", "id"))


def _concerning(person) -> Q:
    """The rule of `conferences.view_registration` for non-organisers, as one filter.

    The registered person, whoever submitted the form, and members of the
    participant's municipality or of the German municipality that registered
    them. Tests compare it with the permission for every role.
    """
    municipality_ids = list(current_memberships(person).municipalities)
    condition = Q(person=person) | Q(group__submitted_by=person)
    if municipality_ids:
        condition |= Q(municipality_id__in=municipality_ids)
        condition |= Q(group__german_municipality_id__in=municipality_ids)
    return condition


def viewable_registrations(person) -> QuerySet[Registration]:
    """Every registration the person may view (organisers: all), as one queryset."""
    if not _is_active_person(person):
        return Registration.objects.none()
    if is_organiser(person):  # the predicate of manage_registrations, without a query
        return Registration.objects.all()
    return Registration.objects.filter(_concerning(person))


def _is_active_person(person) -> bool:
    return person is not None and person.is_authenticated and person.is_active


def _candidates(person) -> QuerySet[Registration] | None:
    """Registrations that concern the person, in one query (None for nobody)."""
    if not _is_active_person(person):
        return None
    return (
        Registration.objects.filter(_concerning(person))
        .select_related(
            "edition__series", "group", "municipality__country", "organisation", "country"
        )
        .prefetch_related(_edition_parts())
        .order_by("edition_id", "created_at", "id")
    )


def registrations_visible_to(person, *, edition: Edition | None = None) -> list[Registration]:
    """The registrations the person may see (permission `view_registration`), with positions."""
    candidates = _candidates(person)
    if candidates is None:
        return []
    if edition is not None:
        candidates = candidates.filter(edition=edition)
    visible = [r for r in candidates if person.has_perm(VIEW, r)]
    return with_waiting_positions(visible)


@dataclass
class EditionRegistrations:
    edition: Edition
    registrations: list[Registration] = field(default_factory=list)


def registrations_by_edition(person) -> list[EditionRegistrations]:
    """ "My registrations": grouped by edition, the newest edition first."""
    groups: dict[int, EditionRegistrations] = {}
    for registration in registrations_visible_to(person):
        entry = groups.setdefault(
            registration.edition_id, EditionRegistrations(edition=registration.edition)
        )
        entry.registrations.append(registration)

    def newest_first(entry: EditionRegistrations):
        start = entry.edition.start_date
        return (start is not None, start.toordinal() if start else 0, entry.edition.pk)

    return sorted(groups.values(), key=newest_first, reverse=True)


def edition_registrations_of(edition: Edition, person) -> list[Registration]:
    """The person's visible registrations for one edition (for the edition page)."""
    return registrations_visible_to(person, edition=edition)


def group_registrations_visible_to(pk: int, person) -> tuple[RegistrationGroup | None, list]:
    """A submitted form and those of its registrations the person may see (with positions)."""
    group = (
        RegistrationGroup.objects.select_related(
            "edition__series", "german_municipality", "partner_municipality__country"
        )
        .prefetch_related(_edition_parts())
        .filter(pk=pk)
        .first()
    )
    if group is None:
        return None, []
    registrations = list(
        group.registrations.select_related("municipality", "organisation", "country").order_by(
            "created_at", "id"
        )
    )
    visible = []
    for registration in registrations:
        registration.group = group  # the predicates read group.submitted_by_id
        registration.edition = group.edition
        if person.has_perm(VIEW, registration):
            visible.append(registration)
    return group, with_waiting_positions(visible)


def is_registered(edition: Edition, person) -> bool:
    """Whether the person (by account or e-mail address) holds an active registration."""
    if person is None or not person.is_authenticated:
        return False
    condition = Q(person=person)
    if person.email:
        condition |= Q(email__iexact=person.email)
    return (
        Registration.objects.filter(edition=edition, status__in=ACTIVE_STATUSES)
        .filter(condition)
        .exists()
    )


def registration_by_token(token: str) -> Registration | None:
    """The registration whose link this is (the token is the capability), or None."""
    if not token or len(token) > 64:
        return None
    registration = (
        Registration.objects.select_related(
            "edition__series",
            "edition__host_municipality",
            "group__submitted_by",
            "municipality__country",
            "organisation",
            "country",
            "nationality",
        )
        .prefetch_related(_edition_parts())
        .filter(access_token=token)
        .first()
    )
    if registration is not None:
        with_waiting_positions([registration])
    return registration


# --- The edition page's box -------------------------------------------------------------


@dataclass
class RegistrationBox:
    """What the edition page says about registering.

    `state` is one of "open", "opens_later", "not_yet_open" (open, before the
    window), "closed" (by status or after the window), "held", "cancelled",
    "unknown" (planned in a past year: the sources do not say).
    """

    edition: Edition
    state: str
    opens_at: object = None
    closes_at: object = None
    is_moderated: bool = False
    capacity: int | None = None
    places_left: int | None = None
    register_url: str = ""
    my_registrations_url: str = ""
    registrations: list[Registration] = field(default_factory=list)
    may_register_when_closed: bool = False

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def shows_places(self) -> bool:
        return self.state in ("open", "not_yet_open") and self.capacity is not None


def _state(edition: Edition, now=None) -> str:
    now = now or timezone.now()
    if edition.registration_is_open(now):
        return "open"
    status = edition.status
    if status == EditionStatus.REGISTRATION_OPEN:
        opens = edition.registration_opens_at
        return "not_yet_open" if opens and now < opens else "closed"
    if status == EditionStatus.REGISTRATION_CLOSED:
        return "closed"
    if status == EditionStatus.HELD:
        return "held"
    if status == EditionStatus.CANCELLED:
        return "cancelled"
    if edition.outcome_unknown:
        return "unknown"
    return "opens_later"


def registration_box(edition, person) -> RegistrationBox:
    """What the edition page shows about registering; the person's own registrations only."""
    state = _state(edition)
    box = RegistrationBox(
        edition=edition,
        state=state,
        opens_at=edition.registration_opens_at,
        closes_at=edition.registration_closes_at,
        is_moderated=edition.is_moderated,
        capacity=edition.capacity,
        register_url=reverse("conferences:register", args=[edition.series.slug, edition.number]),
        my_registrations_url=reverse("conferences:my_registrations"),
    )
    if box.shows_places:
        box.places_left = places_left(edition)
    if person is not None and person.is_authenticated:
        box.registrations = registrations_visible_to(person, edition=edition)
        box.may_register_when_closed = state not in ("open", "held", "cancelled") and bool(
            person.has_perm("conferences.manage_registrations")
        )
    return box


# --- Choices of the registration form -------------------------------------------------------


def germany() -> Country:
    return Country.objects.get(pk="DE")


def german_municipalities_for(person) -> QuerySet[Municipality]:
    """German municipalities the person may register for (organisers: all)."""
    german = Municipality.objects.filter(country_id="DE").order_by("name")
    if is_organiser(person):
        return german
    return german.filter(pk__in=list(current_memberships(person).municipalities))


def organisations_for(person) -> QuerySet[Organisation]:
    """Organisations the person may register civil-society actors for (organisers: all)."""
    organisations = Organisation.objects.select_related("country").order_by("name")
    if is_organiser(person):
        return organisations
    return organisations.filter(pk__in=list(current_memberships(person).organisations))


@dataclass(frozen=True)
class MunicipalityGroup:
    """A labelled group of partner municipalities for the form's select (an optgroup)."""

    label: str
    municipalities: tuple[Municipality, ...]
    is_partnership: bool = False


def partner_municipality_groups(german_ids) -> list[MunicipalityGroup]:
    """Non-German municipalities: first the partners of these German municipalities'
    partnerships (ended partnerships left out), one group per German municipality,
    then every other one (two queries)."""
    german_ids = list(german_ids)
    municipalities = list(
        Municipality.objects.exclude(country_id="DE").select_related("country").order_by("name")
    )
    by_id = {m.pk: m for m in municipalities}
    partnerships = (
        Partnership.objects.filter(german_municipality_id__in=german_ids)
        .exclude(status=PartnershipStatus.ENDED)
        .select_related("german_municipality")
        .prefetch_related("partners")
        .order_by("german_municipality__name", "id")
        if german_ids
        else []
    )
    groups: dict[int, tuple[str, list[Municipality]]] = {}
    listed: set[int] = set()
    for partnership in partnerships:
        german = partnership.german_municipality
        label, members = groups.setdefault(
            german.pk, (_("Partners of %(municipality)s") % {"municipality": german.name}, [])
        )
        for partner in partnership.partners.all():
            if partner.pk in by_id and partner.pk not in {m.pk for m in members}:
                members.append(by_id[partner.pk])
                listed.add(partner.pk)
    result = [
        MunicipalityGroup(label=label, municipalities=tuple(members), is_partnership=True)
        for label, members in groups.values()
        if members
    ]
    others = tuple(m for m in municipalities if m.pk not in listed)
    if others:
        label = _("Other municipalities") if result else _("Municipalities outside Germany")
        result.append(MunicipalityGroup(label=label, municipalities=others))
    return result


def partner_eligibilities(edition: Edition, municipalities) -> dict[int, Eligibility]:
    """Whether each municipality may come as a partner to the edition, with reasons.

    One question to `eligibility` for all their countries together.
    """
    municipalities = list(municipalities)
    by_country = partner_eligibility_by_country(
        edition=edition, countries={m.country for m in municipalities}
    )
    return {m.pk: by_country[m.country.iso2] for m in municipalities}


def partnership_between(german: Municipality | None, partner: Municipality | None):
    """The (not ended) partnership of these two municipalities, if there is one."""
    if german is None or partner is None:
        return None
    return (
        Partnership.objects.filter(german_municipality=german, partners=partner)
        .exclude(status=PartnershipStatus.ENDED)
        .order_by("id")
        .first()
    )
