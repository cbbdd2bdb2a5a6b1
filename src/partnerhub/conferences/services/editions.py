"""Writes on series, editions and interest in hosting."""

__all__ = [
    "edition_create",
    "edition_create_from_interest",
    "hosting_interest_decide",
    "hosting_interest_submit",
    "hosting_interests_export_for_person",
]

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record
from partnerhub.reference.models import Municipality, SdgGoal

from ..dates import DatePrecision
from ..models import (
    ConferenceSeries,
    Edition,
    EditionPart,
    EditionStatus,
    HostingInterest,
    InterestStatus,
)


@transaction.atomic
def edition_create(
    *,
    series: ConferenceSeries,
    number: int,
    parts: Iterable[dict] = (),
    sdgs: Iterable[SdgGoal] = (),
    by=None,
    **fields,
) -> Edition:
    """Create an edition with its parts (dicts of EditionPart fields); all or nothing.

    Part dates are normalised to their precision (first day of the month or year).
    """
    edition = Edition(series=series, number=number, **fields)
    edition.full_clean()
    edition.save()
    for values in parts:
        part = EditionPart(edition=edition, **values)
        part.full_clean()
        part.save()
    edition.sdgs.set(sdgs)
    audit_record(subject=edition, action="edition.created", actor=by, to_state=edition.status)
    return edition


@transaction.atomic
def edition_create_from_interest(*, interest: HostingInterest, by) -> Edition:
    """Lea picks an accepted interest in hosting and creates the edition from it.

    The edition gets the series' next free number, the municipality as host and
    its name as place, one part known only to the year of the interest, and the
    status "planned"; dates, titles and registration are set afterwards. An
    interest becomes at most one edition (`Edition.hosting_interest`), and a
    series has at most one edition in a year of the rotation.
    """
    if not by.has_perm("conferences.add_edition"):
        raise PermissionDenied(_("Only organisers create editions."))
    interest = (
        HostingInterest.objects.select_for_update()
        .select_related("municipality", "series")
        .get(pk=interest.pk)
    )
    if interest.status != InterestStatus.ACCEPTED:
        raise ValidationError(
            _("Only an accepted interest in hosting becomes an edition (this one is %(status)s).")
            % {"status": interest.get_status_display()}
        )
    existing = Edition.objects.filter(hosting_interest=interest).select_related("series").first()
    if existing is not None:
        raise ValidationError(
            _("An edition has already been created from this interest: %(edition)s.")
            % {"edition": existing.display_title}
        )
    series = ConferenceSeries.objects.select_for_update().get(pk=interest.series_id)
    if not series.is_active:
        raise ValidationError(_("This conference series is no longer active."))
    if interest.year < timezone.localdate().year:
        raise ValidationError(
            _("The year of this interest (%(year)s) has passed.") % {"year": interest.year}
        )
    same_year = (
        Edition.objects.filter(series=series, parts__start__year=interest.year)
        .exclude(status=EditionStatus.CANCELLED)
        .select_related("series")
        .first()
    )
    if same_year is not None:
        raise ValidationError(
            _("The series already has an edition in %(year)s: %(edition)s.")
            % {"year": interest.year, "edition": same_year.display_title}
        )
    number = (Edition.objects.filter(series=series).aggregate(last=Max("number"))["last"] or 0) + 1
    municipality = interest.municipality
    edition = edition_create(
        series=series,
        number=number,
        host_municipality=municipality,
        place=municipality.name,
        status=EditionStatus.PLANNED,
        hosting_interest=interest,
        parts=[{"start": datetime.date(interest.year, 1, 1), "precision": DatePrecision.YEAR}],
        by=by,
    )
    audit_record(
        subject=interest,
        action="hosting_interest.edition_created",
        actor=by,
        from_state=InterestStatus.ACCEPTED,
        to_state=InterestStatus.ACCEPTED,
        note=f"edition {series.slug} {number} (id {edition.pk})",
    )
    return edition


@transaction.atomic
def hosting_interest_submit(
    *,
    municipality: Municipality,
    series: ConferenceSeries,
    year: int,
    message: str = "",
    by,
) -> HostingInterest:
    """A municipality (through one of its members, or an organiser) offers to host an edition."""
    if not by.has_perm("conferences.add_hostinginterest", municipality):
        raise PermissionDenied(_("You may express interest only for your own municipality."))
    if not series.is_active:
        raise ValidationError({"series": _("This conference series is no longer active.")})
    this_year = timezone.localdate().year
    if year < this_year:
        raise ValidationError(
            {"year": _("Choose this year or a later one: %(year)s or later.") % {"year": this_year}}
        )
    interest = HostingInterest(
        municipality=municipality, series=series, year=year, message=message, submitted_by=by
    )
    interest.full_clean()
    duplicate = HostingInterest.objects.filter(
        municipality=municipality, series=series, year=year, status=InterestStatus.PENDING
    ).exists()
    if duplicate:
        raise ValidationError(
            _("Your municipality has already expressed interest in this series and year.")
        )
    interest.save()
    audit_record(
        subject=interest,
        action="hosting_interest.submitted",
        actor=by,
        to_state=InterestStatus.PENDING,
    )
    return interest


@transaction.atomic
def hosting_interest_decide(
    *, interest: HostingInterest, accept: bool, by, reason: str = ""
) -> HostingInterest:
    """An organiser accepts or declines a pending interest; a decline needs a reason."""
    if not by.has_perm("conferences.decide_hostinginterest", interest):
        raise PermissionDenied(_("Only organisers accept or decline interest in hosting."))
    interest = HostingInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(
            _("This interest has already been decided (%(status)s).")
            % {"status": interest.get_status_display()}
        )
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Give a reason when you decline.")})
    new_status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.status = new_status
    interest.reason = reason
    interest.decided_by = by
    interest.decided_at = timezone.now()
    interest.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        subject=interest,
        action="hosting_interest.decided",
        actor=by,
        from_state=InterestStatus.PENDING,
        to_state=new_status,
        note=reason,
    )
    return interest


def hosting_interests_export_for_person(person) -> dict:
    """GDPR export: the interests in hosting this person submitted (privacy registry)."""
    interests = HostingInterest.objects.filter(submitted_by=person).select_related(
        "municipality", "series"
    )
    return {
        "submitted": [
            {
                "municipality": interest.municipality.name,
                "series": interest.series.slug,
                "year": interest.year,
                "message": interest.message,
                "status": interest.status,
                "submitted_at": interest.submitted_at.isoformat(),
            }
            for interest in interests
        ]
    }
