"""Background jobs of the climate app: reminders about overdue progress reports.

Each recipient gets the e-mail in their language: a contact role in the first working
language of its municipality that the platform speaks (else English, German for German
municipalities), a member in their preferred language. Contact roles with a functional
address are written to first; only when a side has none do its current members get it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from partnerhub.accounts.models import Membership
from partnerhub.reference.models import LANGUAGE_CODES

from .models import ClimatePartnership


def municipality_language(municipality) -> str:
    for code in municipality.languages or []:
        if code in LANGUAGE_CODES:
            return code
    return "de" if municipality.is_german else "en"


def reminder_recipients(climate_partnership: ClimatePartnership) -> list[tuple[str, str]]:
    """(e-mail, language) pairs: contact roles first, members of sides without a contact."""
    partnership = climate_partnership.partnership
    sides = [partnership.german_municipality, *partnership.partners.all()]
    recipients: dict[str, str] = {}
    covered = set()
    for contact in partnership.contacts.select_related("municipality").all():
        if contact.email:
            recipients.setdefault(contact.email, municipality_language(contact.municipality))
            covered.add(contact.municipality_id)
    uncovered = [m.pk for m in sides if m.pk not in covered]
    if uncovered:
        members = (
            Membership.objects.current()
            .filter(municipality_id__in=uncovered, person__is_active=True)
            .select_related("person")
        )
        for membership in members:
            person = membership.person
            if person.email:
                recipients.setdefault(person.email, person.preferred_language)
    return sorted(recipients.items())


@task()
def send_report_reminder(climate_partnership_id: int, year: int) -> int:
    climate = (
        ClimatePartnership.objects.select_related("partnership__german_municipality", "programme")
        .prefetch_related("partnership__partners")
        .filter(pk=climate_partnership_id)
        .first()
    )
    if climate is None:
        return 0
    path = f"{settings.SITE_URL}{reverse('climate:programme', args=[climate.programme.pk])}"
    sent = 0
    for email, language in reminder_recipients(climate):
        with translation.override(language):
            context = {"climate": climate, "year": year, "path": path}
            EmailMessage(
                subject=_("Progress report %(year)s of your climate partnership is due")
                % {"year": year},
                body=render_to_string("climate/email/report_reminder.txt", context),
                to=[email],
            ).send()
        sent += 1
    return sent
