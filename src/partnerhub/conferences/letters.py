"""The visa invitation letter for a partner delegate (an A4 PDF).

Who gets one: a delegate of a partner municipality who asked for it, whose
place is confirmed, once their passport number, date of birth and nationality
are filled in. The letter is written by the organiser (signed "The conference
team", never a person's name) to the German embassy or consulate, in English
(the language consulates read), followed by the participant's own language
when that is French, Spanish or German.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerhub.core.pdf import render_pdf

from .models import Registration, RegistrationStatus

TEMPLATE = "conferences/pdf/visa_letter.html"
SECOND_LANGUAGES = ("fr", "es", "de")


def visa_letter_offered(registration: Registration) -> bool:
    """A partner delegate who asked for a letter (whether or not it can be issued yet)."""
    return registration.is_partner_delegate and registration.needs_visa_letter


def visa_letter_missing(registration: Registration) -> list[str]:
    """What stands between the participant and their letter, in the active language."""
    if not visa_letter_offered(registration):
        return [_("Visa invitation letters are issued for partner delegates who ask for one.")]
    missing = []
    if registration.status != RegistrationStatus.CONFIRMED:
        missing.append(_("The letter is issued once your place is confirmed."))
    details = {
        "passport_number": registration.passport_number.strip(),
        "date_of_birth": registration.date_of_birth,
        "nationality": registration.nationality_id,
    }
    labels = {
        "passport_number": _("passport number"),
        "date_of_birth": _("date of birth"),
        "nationality": _("nationality"),
    }
    absent = [str(labels[name]) for name, value in details.items() if not value]
    if absent:
        missing.append(_("Fill in your %(details)s first.") % {"details": ", ".join(absent)})
    return missing


def visa_letter_available(registration: Registration) -> bool:
    return visa_letter_offered(registration) and not visa_letter_missing(registration)


def reference_number(registration: Registration) -> str:
    """Stable and unique per registration, e.g. PH-AFRICA-6-000042."""
    edition = registration.edition
    return f"PH-{edition.series.slug.upper()}-{edition.number}-{registration.pk:06d}"


def letter_languages(registration: Registration) -> list[str]:
    languages = ["en"]
    if registration.language in SECOND_LANGUAGES:
        languages.append(registration.language)
    return languages


def visa_letter_filename(registration: Registration) -> str:
    return f"visa-invitation-{reference_number(registration)}.pdf"


def _context(registration: Registration) -> dict:
    municipality = registration.municipality
    return {
        "registration": registration,
        "edition": registration.edition,
        "municipality": municipality,
        "country": municipality.country if municipality else registration.country,
        "reference": reference_number(registration),
        "today": timezone.localdate(),
        "languages": letter_languages(registration),
    }


def visa_letter_html(registration: Registration) -> str:
    """The letter as HTML (what the PDF is made of)."""
    with translation.override("en"):
        return render_to_string(TEMPLATE, _context(registration))


def visa_letter_pdf(registration: Registration) -> bytes:
    """The letter as PDF bytes; only for a registration with `visa_letter_available`."""
    if not visa_letter_available(registration):
        raise ValueError("No visa invitation letter can be issued for this registration.")
    with translation.override("en"):
        return render_pdf(TEMPLATE, _context(registration))
