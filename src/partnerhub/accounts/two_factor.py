"""Two-factor authentication: TOTP codes (RFC 6238) and one-time recovery codes.

Why our own TOTP and not django-otp: the part we need is thirty lines of
standard-library code (HMAC-SHA1, RFC 4226/6238), and we want recovery codes
stored as hashes only, which django-otp's static tokens do not do (they are
kept in plain text). One device per person, one model each, no extra app or
middleware order to get right. See docs/security.md.

Who must use it: `requires_two_factor(person)` — organisers, reviewers and
everybody with admin access. The session remembers that the second step is done
(`mark_verified`); `core.middleware.TwoFactorMiddleware` sends everybody else
who needs it to the set-up or verification page.

Every write here is one service function in one transaction, with an audit record.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

from django.db import transaction
from django.utils import timezone

from partnerhub.core.services import audit_record

from .models import Person, RecoveryCode, TwoFactorDevice

DIGITS = 6
PERIOD = 30
# Codes of the previous and the next 30 seconds count too (clocks of phones drift).
WINDOW = 1
RECOVERY_CODE_COUNT = 10
ISSUER = "Partnerhub"
SESSION_KEY = "two_factor_verified_person"


def requires_two_factor(person) -> bool:
    """Organisers, reviewers and people with admin access log in with a second factor."""
    if person is None or not getattr(person, "is_authenticated", False):
        return False
    return bool(person.is_organiser or person.is_reviewer or person.is_staff or person.is_superuser)


# --- TOTP ------------------------------------------------------------------------------


def new_secret() -> str:
    """160 random bits in base32 without padding (what authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def code_at(secret: str, step: int) -> str:
    """The HOTP value (RFC 4226) of `secret` for counter `step`."""
    digest = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // PERIOD)


def current_code(secret: str, now: float | None = None) -> str:
    """The code an authenticator app shows now (used by tests and the demo)."""
    return code_at(secret, current_step(now))


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step within the window whose code is `code`, or None."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    step = current_step(now)
    for candidate in range(step - WINDOW, step + WINDOW + 1):
        if hmac.compare_digest(code_at(secret, candidate), code):
            return candidate
    return None


def provisioning_uri(device: TwoFactorDevice) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    label = quote(f"{ISSUER}:{device.person.email}")
    query = urlencode(
        {"secret": device.secret, "issuer": ISSUER, "digits": DIGITS, "period": PERIOD}
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg_data_uri(text: str) -> str:
    """The QR code of `text` as an SVG data URI (an <img>, allowed by img-src data:)."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


# --- Devices ---------------------------------------------------------------------------


def confirmed_device(person) -> TwoFactorDevice | None:
    device = TwoFactorDevice.objects.filter(person=person, confirmed_at__isnull=False).first()
    return device


@transaction.atomic
def device_start(*, person: Person) -> TwoFactorDevice:
    """The person's device; a new unconfirmed one with a fresh secret if there is none.

    The secret stays the same while the set-up page is reloaded (the person may
    have scanned it already). A confirmed device is never replaced here:
    somebody who only knows the password must not be able to swap the second
    factor (an organiser removes a lost one: `device_remove`).
    """
    device = TwoFactorDevice.objects.select_for_update().filter(person=person).first()
    if device is None:
        device = TwoFactorDevice.objects.create(person=person, secret=new_secret())
    return device


@transaction.atomic
def device_confirm(*, device: TwoFactorDevice, code: str) -> list[str] | None:
    """Confirm `device` with a correct code; returns new recovery codes, or None if wrong."""
    device = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
    step = matching_step(device.secret, code)
    if step is None or device.is_confirmed:
        return None
    device.confirmed_at = timezone.now()
    device.last_step = step
    device.save(update_fields=["confirmed_at", "last_step"])
    codes = _replace_recovery_codes(device.person)
    audit_record(subject=device.person, actor=device.person, action="two_factor.enabled")
    return codes


@transaction.atomic
def device_install(*, person: Person, secret: str) -> TwoFactorDevice:
    """A confirmed device with a given secret (demo data and tests; idempotent)."""
    device = TwoFactorDevice.objects.select_for_update().filter(person=person).first()
    if device is not None and device.secret == secret and device.is_confirmed:
        return device  # already so: nothing changes (the demo loads twice)
    device, _created = TwoFactorDevice.objects.update_or_create(
        person=person, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_step": 0}
    )
    return device


@transaction.atomic
def device_remove(*, person: Person, by: Person) -> None:
    """Remove a person's device and recovery codes (an organiser, in the admin, for lost phones).

    The person then sets up a new device at the next log-in.
    """
    TwoFactorDevice.objects.filter(person=person).delete()
    RecoveryCode.objects.filter(person=person).delete()
    audit_record(subject=person, actor=by, action="two_factor.removed")


@transaction.atomic
def verify_code(*, person: Person, code: str) -> bool:
    """True if `code` is the current TOTP code of the person's device (once) or an unused
    recovery code (which is then used up)."""
    device = (
        TwoFactorDevice.objects.select_for_update()
        .filter(person=person, confirmed_at__isnull=False)
        .first()
    )
    if device is None:
        return False
    step = matching_step(device.secret, code)
    if step is not None:
        if step <= device.last_step:
            return False  # the same code again: replayed
        device.last_step = step
        device.save(update_fields=["last_step"])
        return True
    return _use_recovery_code(person, code)


# --- Recovery codes ----------------------------------------------------------------------


def _hash_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()  # 16 chars
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _replace_recovery_codes(person: Person) -> list[str]:
    RecoveryCode.objects.filter(person=person).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(person=person, code_hash=_hash_code(code)) for code in codes
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, person: Person) -> list[str]:
    """New recovery codes (the old ones stop working); shown once."""
    codes = _replace_recovery_codes(person)
    audit_record(subject=person, actor=person, action="two_factor.recovery_codes_renewed")
    return codes


def _use_recovery_code(person: Person, code: str) -> bool:
    if len(code) > 40:
        return False
    updated = RecoveryCode.objects.filter(
        person=person, code_hash=_hash_code(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if updated:
        audit_record(subject=person, actor=person, action="two_factor.recovery_code_used")
    return bool(updated)


def unused_recovery_codes(person: Person) -> int:
    return RecoveryCode.objects.filter(person=person, used_at__isnull=True).count()


# --- Session -----------------------------------------------------------------------------


def mark_verified(request) -> None:
    request.session[SESSION_KEY] = request.user.pk


def is_verified(request) -> bool:
    return request.session.get(SESSION_KEY) == request.user.pk


def needs_second_step(request) -> bool:
    user = getattr(request, "user", None)
    return requires_two_factor(user) and not is_verified(request)
