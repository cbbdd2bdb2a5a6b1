"""Writes on calls: create a call with the default criteria, change it, publish it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record

from .. import defaults
from ..models import Call, Criterion

__all__ = ["CALL_FIELDS", "call_create", "call_publish", "call_update"]

# What an organiser may change on a call (its criteria are set when it is created).
CALL_FIELDS = (
    "slug",
    "title_de",
    "title_en",
    "title_fr",
    "title_es",
    "text_de",
    "text_en",
    "text_fr",
    "text_es",
    "eligible_kinds",
    "theme_fields",
    "opens_at",
    "deadline",
    "selection_by",
    "events_from",
    "section_limits",
    "total_limit",
    "max_upload_mb",
    "contact",
    "is_published",
    "is_sample",
)


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


@transaction.atomic
def call_update(*, call: Call, by, **fields) -> Call:
    """Change a call's texts, dates, limits and who may apply; its criteria stay."""
    if not by.has_perm("calls.change_call", call):
        raise PermissionDenied(_("Only organisers change calls."))
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown call fields: {sorted(unknown)}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    was_published = call.is_published
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    call.save()
    audit_record(subject=call, action="call.updated", actor=by)
    if call.is_published != was_published:
        _audit_publication(call, by, was_published)
    return call


@transaction.atomic
def call_publish(*, call: Call, by, published: bool = True) -> Call:
    """Publish a call (the public sees it, members may apply) or take it back."""
    if not by.has_perm("calls.change_call", call):
        raise PermissionDenied(_("Only organisers publish calls."))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.is_published == published:
        return call
    was_published = call.is_published
    call.is_published = published
    call.save(update_fields=["is_published"])
    _audit_publication(call, by, was_published)
    return call


def _audit_publication(call: Call, by, was_published: bool) -> None:
    audit_record(
        subject=call,
        action="call.published" if call.is_published else "call.unpublished",
        actor=by,
        from_state="published" if was_published else "draft",
        to_state="published" if call.is_published else "draft",
    )
