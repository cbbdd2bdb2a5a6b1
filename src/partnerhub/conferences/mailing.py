"""E-mail from the organisers to a group of participants (e.g. "all confirmed from Ghana").

The organisers write the subject and text in German and English (French and
Spanish if they like); every recipient gets the version in their registration's
language, else English, else German. `{name}` in the text becomes the
recipient's name. Sending is one background job per recipient, started only
when the transaction commits (`core.jobs.enqueue`), so a slow mail server never
holds up the page and one failing address does not stop the others. A person
without an e-mail address is written to through whoever registered them, as
for every other conference e-mail (`tasks._recipients`). The sending itself is
recorded in the edition's audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from partnerhub.core.jobs import enqueue
from partnerhub.core.services import audit_record

from .models import Edition, Registration
from .tasks import _recipients, registration_link

__all__ = [
    "FALLBACK_LANGUAGES",
    "REQUIRED_LANGUAGES",
    "group_mail_message",
    "group_mail_preview",
    "group_mail_send",
    "mail_language",
    "personalise",
    "send_group_mail",
]

REQUIRED_LANGUAGES = ("de", "en")
OPTIONAL_LANGUAGES = ("fr", "es")
FALLBACK_LANGUAGES = ("en", "de")
NAME_PLACEHOLDER = "{name}"


def mail_language(language: str, available: Iterable[str]) -> str:
    """The recipient's language if the mail has it, else English, else German."""
    available = set(available)
    for code in (language, *FALLBACK_LANGUAGES):
        if code in available:
            return code
    return next(iter(sorted(available)), "en")


def personalise(text: str, registration: Registration) -> str:
    """Put the recipient's name in place of `{name}` (nothing else in the text is touched)."""
    return text.replace(NAME_PLACEHOLDER, registration.full_name)


def group_mail_message(
    registration: Registration, subjects: dict[str, str], bodies: dict[str, str]
) -> EmailMessage | None:
    """The e-mail for one recipient, or None when nobody can be reached for them."""
    recipients = _recipients(registration)
    if not recipients:
        return None
    language = mail_language(registration.language, subjects)
    with translation.override(language):
        body = render_to_string(
            "conferences/email/group_mail.txt",
            {
                "registration": registration,
                "edition": registration.edition,
                "text": personalise(bodies[language], registration),
                "link": registration_link(registration),
                "for_someone_else": not registration.email,
            },
        )
    subject = " ".join(personalise(subjects[language], registration).split())
    return EmailMessage(subject=subject, body=body, to=recipients)


def group_mail_preview(recipients, subjects: dict, bodies: dict, sample_size: int = 5) -> dict:
    """What the first recipients would get, and how many cannot be reached at all."""
    sample = []
    for registration in recipients[:sample_size]:
        message = group_mail_message(registration, subjects, bodies)
        sample.append(
            {
                "registration": registration,
                "to": message.to if message else [],
                "language": mail_language(registration.language, subjects),
                "subject": message.subject if message else "",
                "body": message.body if message else "",
            }
        )
    unreachable = sum(1 for registration in recipients if not _recipients(registration))
    return {"sample": sample, "first": sample[0] if sample else None, "unreachable": unreachable}


@task()
def send_group_mail(registration_id: int, subjects: dict, bodies: dict) -> bool:
    registration = (
        Registration.objects.select_related("edition__series", "group__submitted_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    message = group_mail_message(registration, subjects, bodies)
    if message is None:
        return False
    message.send()
    return True


def _check_texts(subjects: dict[str, str], bodies: dict[str, str]) -> tuple[dict, dict]:
    subjects = {code: (text or "").strip() for code, text in subjects.items()}
    bodies = {code: (text or "").strip() for code, text in bodies.items()}
    errors = {}
    for code in REQUIRED_LANGUAGES:
        if not subjects.get(code):
            errors[f"subject_{code}"] = _("A subject in this language is required.")
        if not bodies.get(code):
            errors[f"body_{code}"] = _("A text in this language is required.")
    for code in OPTIONAL_LANGUAGES:
        if bool(subjects.get(code)) != bool(bodies.get(code)):
            errors[f"body_{code}"] = _("Give both subject and text for this language, or neither.")
    for code, subject in subjects.items():
        if "\n" in subject or "\r" in subject:
            errors[f"subject_{code}"] = _("The subject must be a single line.")
    unknown = set(subjects) | set(bodies)
    unknown -= {*REQUIRED_LANGUAGES, *OPTIONAL_LANGUAGES}
    if unknown:
        raise ValueError(f"Unknown languages: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    languages = [code for code in (*REQUIRED_LANGUAGES, *OPTIONAL_LANGUAGES) if subjects.get(code)]
    return {c: subjects[c] for c in languages}, {c: bodies[c] for c in languages}


@transaction.atomic
def group_mail_send(
    *,
    edition: Edition,
    by,
    registrations: Iterable[Registration],
    subjects: dict[str, str],
    bodies: dict[str, str],
    description: str = "",
) -> int:
    """Send one e-mail per registration (in the background); return how many were queued.

    `registrations` must belong to the edition; `description` (e.g. the filters
    used) goes into the audit trail with the number of recipients.
    """
    if by is None or not by.has_perm("conferences.manage_registrations"):
        raise PermissionDenied(_("Only organisers write to participants."))
    subjects, bodies = _check_texts(subjects, bodies)
    ids = [r.pk for r in registrations if r.edition_id == edition.pk]
    if not ids:
        raise ValidationError(
            _("No registration matches the filters: nobody would get this e-mail.")
        )
    for pk in ids:
        enqueue(send_group_mail, pk, subjects, bodies)
    note = f"{subjects.get('en', '')}"
    if description:
        note = f"{note}\n{description}"
    audit_record(
        subject=edition,
        action="edition.group_mail",
        actor=by,
        to_state=str(len(ids)),
        note=note,
    )
    return len(ids)
