"""Name badges, check-in codes and certificates of attendance (PDF).

The QR code on a badge opens the organisers' check-in page for that person on a
staff phone. It holds a *signed* code of the registration's primary key, never
the registration's `access_token`: that token opens the participant's own page,
where their data can be changed and their registration cancelled, and a badge
is worn in public. The signature (salt `conferences.check-in`) means nobody can
make up a code for somebody else; the check-in page itself is for organisers
only.

Certificates are written in the participant's language (`registration.language`)
and are available to the participant once the edition's last day is over, and
only if they were checked in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.pdf import render_pdf

from .dates import period_end
from .models import Edition, EditionStatus, Registration

CHECK_IN_SALT = "conferences.check-in"
BADGES_PER_PAGE = 8  # 2 columns × 4 rows on A4, cut along the dashed lines
BADGE_COLUMNS = 2


# --- Check-in codes ---------------------------------------------------------------


def check_in_code(registration: Registration) -> str:
    """The signed code printed (as a QR code) on the badge; it does not reveal the token."""
    return signing.dumps(registration.pk, salt=CHECK_IN_SALT)


def registration_pk_from_code(code: str) -> int | None:
    """The registration's primary key, or None for a code that was not signed by us."""
    try:
        value = signing.loads(code, salt=CHECK_IN_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_in_path(edition: Edition, registration: Registration) -> str:
    return reverse(
        "conferences:check_in_code",
        args=[edition.series.slug, edition.number, check_in_code(registration)],
    )


def check_in_url(edition: Edition, registration: Registration) -> str:
    """The absolute address the badge's QR code opens (SITE_URL: phones are not on localhost)."""
    return f"{settings.SITE_URL}{check_in_path(edition, registration)}"


def qr_data_uri(content: str) -> str:
    """A QR code as an SVG data: URI (WeasyPrint and browsers show it without a file)."""
    return segno.make(content, error="m").svg_data_uri(scale=4, border=2, dark="#000")


# --- Badges --------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    name: str
    body: str
    country: str
    participant_type: str
    qr: str  # data: URI of the QR code
    qr_content: str  # what the QR code encodes (for tests and the alt text)

    @property
    def name_size(self) -> str:
        """Long names get a smaller type, so that they fit beside the QR code."""
        if len(self.name) > 40:
            return "small"
        if len(self.name) > 22 or max(map(len, self.name.split() or [""])) > 13:
            return "medium"
        return "large"


def badge_for(edition: Edition, registration: Registration) -> Badge:
    content = check_in_url(edition, registration)
    return Badge(
        name=registration.full_name,
        body=str(registration.body or ""),
        country=registration.country.name,
        participant_type=registration.get_participant_type_display(),
        qr=qr_data_uri(content),
        qr_content=content,
    )


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def badge_pages(edition: Edition, registrations) -> list[list[list[Badge | None]]]:
    """Pages of rows of badges (2 per row, 8 per page); empty places are None."""
    badges = [badge_for(edition, registration) for registration in registrations]
    pages = []
    for chunk in _chunks(badges, BADGES_PER_PAGE):
        padded = list(chunk) + [None] * (-len(chunk) % BADGE_COLUMNS)
        pages.append(_chunks(padded, BADGE_COLUMNS))
    return pages


def badges_context(edition: Edition, registrations) -> dict:
    return {"edition": edition, "pages": badge_pages(edition, registrations)}


def badges_pdf(edition: Edition, registrations) -> bytes:
    return render_pdf("conferences/pdf/badges.html", badges_context(edition, registrations))


# --- Certificates of attendance ------------------------------------------------------


def edition_last_day(edition: Edition) -> datetime.date | None:
    """The last day the edition's parts cover (end of the month or year at that precision)."""
    parts = edition.ordered_parts
    if not parts:
        return None
    return max(period_end(part.start, part.end, part.precision) for part in parts)


@dataclass(frozen=True)
class CertificateAvailability:
    """Whether there is a certificate; if not, why, and from which day there will be one."""

    available: bool
    reason: str = ""
    available_from: datetime.date | None = None


def certificate_availability(
    registration: Registration, today: datetime.date | None = None
) -> CertificateAvailability:
    """Whether the participant may download their certificate, and if not, why and when."""
    today = today or timezone.localdate()
    edition = registration.edition
    if edition.status == EditionStatus.CANCELLED:
        return CertificateAvailability(False, _("This edition has been cancelled."))
    last_day = edition_last_day(edition)
    if last_day is None:
        return CertificateAvailability(
            False, _("The dates of this edition are not known yet, so there is no certificate yet.")
        )
    available_from = last_day + datetime.timedelta(days=1)
    if registration.checked_in_at is None:
        if today < available_from:
            return CertificateAvailability(
                False,
                _(
                    "Certificates of attendance are issued after the conference to participants "
                    "who were checked in at the registration desk."
                ),
                available_from,
            )
        return CertificateAvailability(
            False,
            _(
                "There is no certificate for this registration: it was not checked in at the "
                "registration desk. If you took part, please contact the organisers."
            ),
        )
    if today < available_from:
        return CertificateAvailability(
            False,
            _("Your certificate of attendance will be available after the conference."),
            available_from,
        )
    return CertificateAvailability(True, available_from=available_from)


@dataclass(frozen=True)
class Certificate:
    registration: Registration
    language: str
    issued_on: datetime.date


def certificates_context(edition: Edition, registrations, today=None) -> dict:
    """One page per registration, each in that person's language (`{% language %}`)."""
    issued_on = today or timezone.localdate()
    return {
        "edition": edition,
        "sdgs": list(edition.sdgs.all()),
        "last_day": edition_last_day(edition),
        "certificates": [
            Certificate(registration=r, language=r.language or "en", issued_on=issued_on)
            for r in registrations
        ],
    }


def certificates_pdf(edition: Edition, registrations, today=None) -> bytes:
    return render_pdf(
        "conferences/pdf/certificate.html", certificates_context(edition, registrations, today)
    )
