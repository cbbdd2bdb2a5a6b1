"""The project, its phases and which partnerships take part."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record
from partnerhub.partnerships.models import Partnership

from ..models import ClimatePartnership, ProjectPhase


def _require_organiser(by) -> None:
    # by=None: the demo loader and management commands, which act as the system.
    if by is not None and not by.has_perm("climate.manage_project"):
        raise PermissionDenied(_("Only organisers change the climate partnerships project."))


def check_joined_year(phase: ProjectPhase, joined_year: int) -> None:
    """A partnership joins a phase in its start year or later."""
    if joined_year < phase.start_year:
        raise ValidationError(
            {"joined_year": [_("The phase starts in %(year)s.") % {"year": phase.start_year}]}
        )


@transaction.atomic
def climate_partnership_add(
    *, partnership: Partnership, phase: ProjectPhase, joined_year: int, is_sample=False, by=None
) -> ClimatePartnership:
    """A partnership (of any kind) joins the project in a phase."""
    _require_organiser(by)
    if ClimatePartnership.objects.filter(partnership=partnership).exists():
        raise ValidationError(_("This partnership already takes part in the project."))
    check_joined_year(phase, joined_year)
    climate = ClimatePartnership(
        partnership=partnership, phase=phase, joined_year=joined_year, is_sample=is_sample
    )
    climate.full_clean()
    climate.save()
    audit_record(
        subject=climate, action="climate.partnership_joined", actor=by, to_state=str(phase)
    )
    return climate
