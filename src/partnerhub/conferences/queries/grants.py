"""Reads: travel grants and the budget of an edition, the export for accounting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from ..models import (
    Edition,
    GrantStatus,
    Registration,
    TravelGrantApplication,
    TravelGrantLine,
)

__all__ = [
    "TravelBudget",
    "travel_budget",
    "travel_grant_applications",
    "travel_grant_export",
    "travel_grant_of",
]

ZERO = Decimal("0")


@dataclass(frozen=True)
class TravelBudget:
    """The budget (None: not set), what decisions committed, and what still waits."""

    budget: Decimal | None
    committed: Decimal
    requested_undecided: Decimal
    undecided: int
    decided: int
    withdrawn: int

    @property
    def available(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def shortfall(self) -> Decimal:
        """How much the undecided requests exceed what is available (0 if they fit)."""
        available = self.available or ZERO
        return max(self.requested_undecided - available, ZERO)


def travel_budget(edition: Edition) -> TravelBudget:
    """The budget figures of an edition (2 queries)."""
    amounts = TravelGrantLine.objects.filter(application__registration__edition=edition).aggregate(
        committed=Sum("approved_amount", filter=Q(application__status=GrantStatus.DECIDED)),
        requested=Sum("requested_amount", filter=Q(application__status=GrantStatus.SUBMITTED)),
    )
    counts = TravelGrantApplication.objects.filter(registration__edition=edition).aggregate(
        undecided=Count("pk", filter=Q(status=GrantStatus.SUBMITTED)),
        decided=Count("pk", filter=Q(status=GrantStatus.DECIDED)),
        withdrawn=Count("pk", filter=Q(status=GrantStatus.WITHDRAWN)),
    )
    return TravelBudget(
        budget=edition.travel_budget,
        committed=amounts["committed"] or ZERO,
        requested_undecided=amounts["requested"] or ZERO,
        **counts,
    )


def travel_grant_applications(edition: Edition) -> list[TravelGrantApplication]:
    """The applications of an edition, undecided first, with person and lines (2 queries)."""
    order = {GrantStatus.SUBMITTED: 0, GrantStatus.DECIDED: 1, GrantStatus.WITHDRAWN: 2}
    applications = list(
        TravelGrantApplication.objects.filter(registration__edition=edition)
        .select_related(
            "registration__municipality", "registration__country", "decided_by", "submitted_by"
        )
        .prefetch_related("lines")
        .order_by("submitted_at", "id")
    )
    applications.sort(key=lambda application: order.get(application.status, 3))
    return applications


def travel_grant_of(registration: Registration) -> TravelGrantApplication | None:
    """The person's application with its lines, or None (2 queries)."""
    return (
        TravelGrantApplication.objects.filter(registration=registration)
        .prefetch_related("lines")
        .first()
    )


def travel_grant_export(edition: Edition) -> tuple[list[str], list[list]]:
    """For accounting: one row per line of every application (headers, rows; 1 query)."""
    headers = [
        _("Edition"),
        _("Application"),
        _("Person"),
        _("Municipality"),
        _("Country"),
        _("Category"),
        _("Requested (EUR)"),
        _("Approved (EUR)"),
        _("Status"),
        _("Decided at"),
    ]
    lines = (
        TravelGrantLine.objects.filter(application__registration__edition=edition)
        .select_related(
            "application__registration__municipality", "application__registration__country"
        )
        .order_by("application__submitted_at", "application_id", "category")
    )
    title = edition.display_title
    rows = [
        [
            title,
            line.application_id,
            line.application.registration.full_name,
            str(line.application.registration.municipality or ""),
            line.application.registration.country.name,
            line.get_category_display(),
            line.requested_amount,
            line.approved_amount,
            line.application.get_status_display(),
            line.application.decided_at,
        ]
        for line in lines
    ]
    return headers, rows
