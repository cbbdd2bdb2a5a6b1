"""Writes shared by every app."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def actor_or_none(by):
    """The person who acts, for a foreign key: None for the system or an anonymous visitor."""
    return by if by is not None and by.is_authenticated else None


def audit_record(*, subject, action: str, actor=None, from_state="", to_state="", note=""):
    """Add one entry to the audit trail for `subject` and return it."""
    return AuditEvent.objects.create(
        actor=actor_or_none(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        from_state=str(from_state),
        to_state=str(to_state),
        note=note,
    )
