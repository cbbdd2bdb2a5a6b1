"""Writes on calls: create a call with the default criteria."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record

from .. import defaults
from ..models import Call, Criterion

__all__ = ["call_create"]


@transaction.atomic
def call_create(*, by, criteria=defaults.CRITERIA_2026, **fields) -> Call:
    """A call with the 2026 defaults (who may apply, theme fields, limits, seven criteria)."""
    if not by.has_perm("calls.add_call"):
        raise PermissionDenied(_("Only organisers create calls."))
    fields.setdefault("eligible_kinds", defaults.GERMAN_MUNICIPAL_BODIES)
    fields.setdefault("theme_fields", defaults.ALL_THEME_FIELDS)
    fields.setdefault("section_limits", defaults.SECTION_LIMITS)
    fields.setdefault("total_limit", defaults.TOTAL_LIMIT)
    call = Call(**fields)
    call.full_clean()
    call.save()
    for number, (title_de, title_en, kind, auto_check) in enumerate(criteria, start=1):
        Criterion.objects.create(
            call=call,
            number=number,
            title_de=title_de,
            title_en=title_en,
            kind=kind,
            auto_check=auto_check,
        )
    audit_record(subject=call, action="call.created", actor=by)
    return call
