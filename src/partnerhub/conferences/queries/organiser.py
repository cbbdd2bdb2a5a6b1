"""Reads: the organisers' participant list, its filters, the dashboard figures, check-in.

Every page built on these runs a fixed number of queries whatever the number of
registrations: the list loads what each row shows with `select_related`, the
counts are one aggregate query, the filter choices one query each.

The partnership filter, in the words of the registration model: a *joint
registration* is a form in which a German delegation registered together with
its partner municipality's delegation (`RegistrationGroup.is_joint`); a German
municipality "with a partner" is a representative of a German municipality in
such a form, one "without" a representative in any other form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from partnerhub.core.models import AuditEvent
from partnerhub.reference.models import Country, Municipality

from ..models import (
    ACTIVE_STATUSES,
    Edition,
    EditionPart,
    ParticipantType,
    Registration,
    RegistrationStatus,
)

__all__ = [
    "PARTNERSHIP_FILTERS",
    "STATUS_ACTIVE",
    "EditionCounts",
    "check_in_list",
    "edition_counts",
    "edition_for_organisers",
    "mail_recipients",
    "participant_countries",
    "participant_detail",
    "participant_for_check_in",
    "participant_municipalities",
    "participants",
    "registration_audit_events",
    "registration_for_certificate",
]

S = RegistrationStatus
STATUS_ACTIVE = "active"  # a status filter value: awaiting approval, confirmed or waiting

JOINT = Q(group__german_municipality__isnull=False, group__partner_municipality__isnull=False)
NOT_JOINT = Q(group__german_municipality__isnull=True) | Q(group__partner_municipality__isnull=True)
GERMAN_REPRESENTATIVE = Q(participant_type=ParticipantType.GERMAN_MUNICIPALITY)
PARTNERSHIP_FILTERS = {
    "joint": JOINT,
    "german_with_partner": GERMAN_REPRESENTATIVE & JOINT,
    "german_without_partner": GERMAN_REPRESENTATIVE & NOT_JOINT,
}


def edition_for_organisers(series: str, number: int) -> Edition | None:
    """The edition with its series, parts and SDGs (3 queries)."""
    return (
        Edition.objects.select_related("series", "host_municipality")
        .prefetch_related(_parts(), "sdgs")
        .filter(series__slug=series, number=number)
        .first()
    )


def _parts() -> Prefetch:
    return Prefetch("parts", queryset=EditionPart.objects.order_by("start", "id"))


def _with_row_data(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related(
        "country",
        "municipality",
        "organisation",
        "group__german_municipality",
        "group__partner_municipality",
        "group__submitted_by",
    )


def participants(
    edition: Edition,
    *,
    q: str = "",
    participant_type: str = "",
    country: str = "",
    status: str = "",
    region: str = "",
    partnership: str = "",
    municipality: int | None = None,
) -> QuerySet[Registration]:
    """The edition's registrations matching the filters (all of them when none is given).

    Values are expected to be valid already (the filter form checks them); an
    unknown `partnership` or `status` value filters nothing rather than failing.
    """
    registrations = Registration.objects.filter(edition=edition)
    if q.strip():
        for word in q.split():
            registrations = registrations.filter(
                Q(full_name__icontains=word) | Q(email__icontains=word)
            )
    if participant_type:
        registrations = registrations.filter(participant_type=participant_type)
    if country:
        registrations = registrations.filter(country_id=country)
    if status == STATUS_ACTIVE:
        registrations = registrations.filter(status__in=ACTIVE_STATUSES)
    elif status:
        registrations = registrations.filter(status=status)
    if region:
        registrations = registrations.filter(country__region=region)
    if partnership in PARTNERSHIP_FILTERS:
        registrations = registrations.filter(PARTNERSHIP_FILTERS[partnership])
    if municipality:
        registrations = registrations.filter(municipality_id=municipality)
    return _with_row_data(registrations).order_by(Lower("full_name"), "id")


def participant_countries(edition: Edition) -> list[Country]:
    """The countries the edition's participants come from (for the filter), one query."""
    return list(
        Country.objects.filter(conference_registrations__edition=edition)
        .distinct()
        .order_by("name_en")
    )


def participant_municipalities(edition: Edition) -> list[Municipality]:
    """The municipalities the edition's participants come for (for the filter), one query."""
    return list(
        Municipality.objects.filter(conference_registrations__edition=edition)
        .select_related("country")
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class EditionCounts:
    total: int
    pending: int
    confirmed: int
    waitlisted: int
    cancelled: int
    declined: int
    checked_in: int
    capacity: int | None

    @property
    def active(self) -> int:
        return self.pending + self.confirmed + self.waitlisted

    @property
    def places_taken(self) -> int:
        return self.confirmed

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)


def edition_counts(edition: Edition, registrations: QuerySet | None = None) -> EditionCounts:
    """Registrations by status and how many are checked in, in one aggregate query."""
    registrations = registrations if registrations is not None else edition.registrations.all()
    figures = registrations.order_by().aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=S.PENDING)),
        confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=S.WAITLISTED)),
        cancelled=Count("id", filter=Q(status=S.CANCELLED)),
        declined=Count("id", filter=Q(status=S.DECLINED)),
        checked_in=Count("id", filter=Q(status=S.CONFIRMED, checked_in_at__isnull=False)),
    )
    return EditionCounts(capacity=edition.capacity, **figures)


def participant_detail(edition: Edition, pk: int) -> Registration | None:
    return (
        _with_row_data(Registration.objects.filter(edition=edition, pk=pk))
        .select_related(
            "person",
            "consent_text",
            "nationality",
            "group__partnership",
            "group__eligibility_overridden_by",
        )
        .first()
    )


def registration_audit_events(registration: Registration) -> QuerySet[AuditEvent]:
    """The registration's audit trail, oldest first, with who acted."""
    content_type = ContentType.objects.get_for_model(Registration)
    return (
        AuditEvent.objects.filter(content_type=content_type, object_id=str(registration.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


def check_in_list(edition: Edition, q: str = "") -> QuerySet[Registration]:
    """Confirmed participants for the registration desk, by name, optionally searched."""
    return participants(edition, q=q, status=S.CONFIRMED)


def participant_for_check_in(pk: int) -> Registration | None:
    """The registration a check-in code names (of any edition: the page says which)."""
    return (
        Registration.objects.select_related(
            "edition__series", "country", "municipality", "organisation"
        )
        .filter(pk=pk)
        .first()
    )


def registration_for_certificate(token: str) -> Registration | None:
    """The registration behind a participant's link, with what the certificate shows."""
    if not token:
        return None
    return (
        Registration.objects.select_related(
            "edition__series", "country", "municipality", "organisation"
        )
        .prefetch_related(
            Prefetch("edition__parts", queryset=EditionPart.objects.order_by("start", "id")),
            "edition__sdgs",
        )
        .filter(access_token=token)
        .first()
    )


def mail_recipients(edition: Edition, **filters) -> list[Registration]:
    """Whom an e-mail to the filtered group goes to.

    Cancelled and declined registrations only when the status filter asks for
    them. Each row carries the edition already loaded (with its parts), so the
    preview renders without a query per recipient.
    """
    registrations = participants(edition, **filters)
    if not filters.get("status"):
        registrations = registrations.filter(status__in=ACTIVE_STATUSES)
    recipients = list(registrations)
    for registration in recipients:
        registration.edition = edition
    return recipients
