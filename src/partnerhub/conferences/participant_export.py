"""The participant list as a table for accounting and logistics (CSV or Excel).

`core.exports.table_response` writes the file and defuses cells that a
spreadsheet would run as formulas; this module only says which columns there
are and what goes in them. Headers and values (participant type, status, yes/no)
are in the organiser's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Registration

COLUMNS = (
    gettext_lazy("Number"),
    gettext_lazy("Name"),
    gettext_lazy("E-mail"),
    gettext_lazy("Language"),
    gettext_lazy("Participant type"),
    gettext_lazy("Function or department"),
    gettext_lazy("Municipality or organisation"),
    gettext_lazy("Country"),
    gettext_lazy("Region"),
    gettext_lazy("Status"),
    gettext_lazy("Registered"),
    gettext_lazy("Diet"),
    gettext_lazy("Diet, details"),
    gettext_lazy("Accessibility needs"),
    gettext_lazy("Interpretation into"),
    gettext_lazy("Visa invitation letter"),
    gettext_lazy("Arrival"),
    gettext_lazy("Departure"),
    gettext_lazy("Travel details"),
    gettext_lazy("Checked in"),
    gettext_lazy("Joint registration"),
    gettext_lazy("Partner municipality"),
    gettext_lazy("Registration form"),
    gettext_lazy("Registered by"),
)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def partner_side(registration: Registration):
    """For a joint registration, the municipality on the other side of the partnership."""
    group = registration.group
    if not group.is_joint:
        return None
    if registration.municipality_id == group.partner_municipality_id:
        return group.german_municipality
    return group.partner_municipality


def headers() -> list[str]:
    return [str(column) for column in COLUMNS]


def row(registration: Registration) -> list:
    group = registration.group
    submitter = group.submitted_by
    partner = partner_side(registration)
    return [
        registration.pk,
        registration.full_name,
        registration.email,
        registration.get_language_display(),
        registration.get_participant_type_display(),
        registration.job_title,
        str(registration.body or ""),
        registration.country.name,
        registration.country.get_region_display(),
        registration.get_status_display(),
        registration.created_at,
        registration.get_diet_display() if registration.diet else "",
        registration.diet_note,
        registration.accessibility_needs,
        registration.get_interpretation_language_display()
        if registration.interpretation_language
        else "",
        _yes_no(registration.needs_visa_letter),
        registration.arrival_at,
        registration.departure_at,
        registration.travel_details,
        registration.checked_in_at,
        _yes_no(group.is_joint),
        str(partner or ""),
        group.pk,
        submitter.email if submitter else "",
    ]


def rows(registrations: Iterable[Registration]) -> Iterable[list]:
    return (row(registration) for registration in registrations)
