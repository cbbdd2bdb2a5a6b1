"""Writes about people: profile changes, GDPR export and erasure.

Every function here is the one place its operation happens; views, the
admin, the API and management commands all call these. Each checks the
permission of the acting person (`by`) itself, so no caller can forget it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import AuditEvent
from partnerhub.core.services import audit_record

from . import privacy
from .models import ApiToken, Membership, Person
from .predicates import forget_memberships, is_organiser, is_self
from .queries import person_memberships

EXPORT_FORMAT = "partnerhub-person-export/1"
PROFILE_FIELDS = ("full_name", "email", "preferred_language", "job_title")


def _require(by: Person, perm: str, person: Person) -> None:
    if not by.has_perm(perm, person):
        raise PermissionDenied(_("You may not do this for this person."))


def person_update_profile(
    *,
    person: Person,
    by: Person,
    full_name: str,
    email: str,
    preferred_language: str,
    job_title: str = "",
) -> Person:
    """Change the fields a person keeps up to date themselves.

    Validates like the model does (unique e-mail ignoring case, language
    choices), so a bad value raises ValidationError here whatever the caller.
    """
    _require(by, "accounts.change_person", person)
    person.full_name = full_name.strip()
    person.email = Person.objects.normalize_email(email)
    person.preferred_language = preferred_language
    person.job_title = job_title.strip()
    try:
        person.full_clean(exclude=["password"])
    except ValidationError:
        person.refresh_from_db(fields=PROFILE_FIELDS)  # the caller's object stays as stored
        raise
    person.save(update_fields=list(PROFILE_FIELDS))
    return person


# --- Export ------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _body(body) -> dict[str, Any] | None:
    if body is None:
        return None
    return {"id": body.pk, "name": body.name, "slug": body.slug, "country": body.country_id}


def _audit_event(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": _iso(event.at),
        "action": event.action,
        "object_type": f"{event.content_type.app_label}.{event.content_type.model}",
        "object_id": event.object_id,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
    }


def person_export_data(*, person: Person) -> dict[str, Any]:
    """Everything the platform holds about `person`, JSON-ready (GDPR art. 15 and 20).

    The core parts come from this app; every part registered in `privacy`
    is added under its key. The password hash is left out on purpose: it is
    a secret, not information about the person.
    """
    events = AuditEvent.objects.select_related("content_type").order_by("at", "id")
    person_type = ContentType.objects.get_for_model(Person)
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "email": person.email,
            "full_name": person.full_name,
            "preferred_language": person.preferred_language,
            "job_title": person.job_title,
            "is_active": person.is_active,
            "date_joined": _iso(person.date_joined),
            "last_login": _iso(person.last_login),
            "erased_at": _iso(person.erased_at),
        },
        "roles": [str(role) for role in person.platform_roles],
        "memberships": [
            {
                "municipality": _body(membership.municipality),
                "organisation": _body(membership.organisation),
                "role": membership.role,
                "department": membership.department,
                "since": _iso(membership.since),
                "ended_at": _iso(membership.ended_at),
            }
            for membership in person_memberships(person=person)
        ],
        "audit_events": [_audit_event(event) for event in events.filter(actor=person)],
        "audit_events_about_person": [
            _audit_event(event)
            for event in events.filter(content_type=person_type, object_id=str(person.pk))
        ],
    }
    for part in privacy.parts():
        if part.exporter is not None:
            data[part.key] = part.exporter(person)
    return data


def person_export(*, person: Person, by: Person) -> dict[str, Any]:
    """The export of `person` for `by`, recorded in the audit trail (who saw whose data)."""
    _require(by, "accounts.export_person", person)
    data = person_export_data(person=person)
    audit_record(subject=person, action="person.exported", actor=by)
    return data


# --- Erasure -----------------------------------------------------------------


def _scrub_admin_log(*, person: Person, old_identifiers: list[str]) -> None:
    """Remove the person's name and address from the admin's change history.

    Django's admin log stores `str(obj)` of what was changed, so entries about
    the person (and their memberships, whose text contains the person) would
    keep the name after erasure. The entries stay, with the erased label.
    """
    from django.contrib.admin.models import LogEntry

    types = ContentType.objects.get_for_models(Person, Membership)
    membership_ids = [str(pk) for pk in person.memberships.values_list("pk", flat=True)]
    entries = LogEntry.objects.filter(
        Q(content_type=types[Person], object_id=str(person.pk))
        | Q(content_type=types[Membership], object_id__in=membership_ids)
    )
    # change_message is JSON: look for the escaped form ("\\u00fc") as well.
    replacements = {}
    for value in filter(None, old_identifiers):
        replacements[value] = person.full_name
        replacements[json.dumps(value)[1:-1]] = json.dumps(person.full_name)[1:-1]
    for entry in entries:
        object_repr, change_message = entry.object_repr, entry.change_message
        for old, new in replacements.items():
            object_repr = object_repr.replace(old, new)
            change_message = change_message.replace(old, new)
        if (object_repr, change_message) != (entry.object_repr, entry.change_message):
            entry.object_repr, entry.change_message = object_repr, change_message
            entry.save(update_fields=["object_repr", "change_message"])


@transaction.atomic
def person_erase(*, person: Person, by: Person) -> Person:
    """Anonymise `person` (GDPR art. 17) and keep everything statistics count.

    The row stays, so memberships, audit events and other apps' records keep
    pointing at it; only personal data goes. Memberships are ended today and
    kept. Registered erasers run first (they may need the e-mail address).
    The unusable password changes the session hash and the person becomes
    inactive, so every session of theirs ends at its next request, wherever
    it is; the caller of a self-erasure also calls `logout(request)`.
    """
    _require(by, "accounts.erase_person", person)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    person.refresh_from_db()
    if person.is_erased:
        raise ValidationError(_("This person has already been erased."), code="already_erased")

    for part in privacy.parts():
        if part.eraser is not None:
            part.eraser(person)

    today = timezone.localdate()
    still_open = person.memberships.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=today))
    ended = still_open.filter(since__lte=today).update(ended_at=today)
    # Memberships that had not begun yet end on their first day (never before it).
    ended += still_open.filter(since__gt=today).update(ended_at=F("since"))

    old_identifiers = [person.full_name, person.email]
    with translation.override(settings.LANGUAGE_CODE):
        person.full_name = gettext("Erased person")
    _scrub_admin_log(person=person, old_identifiers=old_identifiers)
    person.email = f"erased-{person.pk}@erased.invalid"
    person.job_title = ""
    person.set_unusable_password()
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.is_organiser = False
    person.is_reviewer = False
    person.last_login = None
    person.erased_at = timezone.now()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    forget_memberships(person)

    audit_record(
        subject=person,
        action="person.erased",
        actor=by,
        to_state="erased",
        note=f"memberships ended: {ended}",
    )
    return person


# --- Personal API tokens -------------------------------------------------------

API_TOKEN_MARK = "phk_"  # marks Partnerhub API tokens, so that secret scanners can find leaks
API_TOKEN_PREFIX_LENGTH = len(API_TOKEN_MARK) + 8
API_TOKEN_MAX_ACTIVE = 20
# last_used_at is written at most this often per token, not on every request.
API_TOKEN_LAST_USED_EVERY = datetime.timedelta(minutes=5)


def _api_token_hash(secret: str) -> str:
    """SHA-256 of the secret: the secret is 256 random bits, so no salt or slow hash is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, person: Person, by: Person, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with its secret, which is shown only this once.

    Only the person creates their own tokens (an organiser cannot act in
    somebody's name this way); the database keeps only a hash of the secret.
    """
    if not (is_self(by, person) and person.is_active and not person.is_erased):
        raise PermissionDenied(_("You can create API tokens only for yourself."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the program that uses it.")})
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if person.api_tokens.filter(revoked_at__isnull=True).count() >= API_TOKEN_MAX_ACTIVE:
        raise ValidationError(
            _("You have %(count)s active tokens already; revoke one before creating another.")
            % {"count": API_TOKEN_MAX_ACTIVE}
        )
    secret = API_TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        person=person,
        name=name,
        prefix=secret[:API_TOKEN_PREFIX_LENGTH],
        secret_hash=_api_token_hash(secret),
    )
    token.full_clean()
    token.save()
    audit_record(subject=token, action="api_token.created", actor=by, to_state="active")
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Person) -> ApiToken:
    """Revoke a token at once: the person themself, or an organiser (e.g. after a leak)."""
    if not (is_self(by, token.person) or is_organiser(by)):
        raise PermissionDenied(_("You may not revoke this token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        subject=token, action="api_token.revoked", actor=by, from_state="active", to_state="revoked"
    )
    return token


def api_token_authenticate(secret: str) -> Person | None:
    """The active person a presented secret belongs to, or None (unknown, revoked, erased).

    Notes when the token was last used (at most every few minutes, one UPDATE).
    """
    if not secret or not secret.startswith(API_TOKEN_MARK) or len(secret) > 200:
        return None
    # The hash is unique: no ordering (the model's would sort by the person's name).
    token = (
        ApiToken.objects.select_related("person")
        .filter(secret_hash=_api_token_hash(secret), revoked_at__isnull=True)
        .order_by()
        .first()
    )
    if token is None:
        return None
    person = token.person
    if not person.is_active or person.is_erased:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return person


def api_tokens_revoke_for_person(person: Person) -> None:
    """Eraser for the privacy registry: an erased person's tokens stop working for good."""
    person.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_export_for_person(person: Person) -> dict:
    """Exporter for the privacy registry: the tokens' names and dates, never their hashes."""
    return {
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in person.api_tokens.order_by("created_at", "id")
        ]
    }
