"""Building blocks for the registration page tests (no tests here): POST data, people."""

import re
import uuid

from django.urls import reverse

from partnerhub.accounts.consent import current_consent_text
from partnerhub.conferences.models import ParticipantType
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

GERMAN_DEFAULTS = {
    "participant_type": ParticipantType.GERMAN_MUNICIPALITY,
    "full_name": "",
    "email": "",
    "job_title": "",
    "language": "de",
    "diet": "",
    "diet_note": "",
    "accessibility_needs": "",
    "interpretation_language": "",
}
PARTNER_DEFAULTS = {
    "full_name": "",
    "email": "",
    "job_title": "",
    "language": "en",
    "diet": "",
    "diet_note": "",
    "accessibility_needs": "",
    "interpretation_language": "",
}


def register_url(edition) -> str:
    return reverse("conferences:register", args=[edition.series.slug, edition.number])


def form_data(
    *,
    german=(),
    partner=(),
    key=None,
    consent=True,
    german_municipality=None,
    partner_municipality=None,
    extra_rows=1,
    **fields,
) -> dict:
    """The POST of the delegation form, as a browser sends it (empty rows included)."""
    data = {
        "submission_key": key or uuid.uuid4().hex,
        "consent_version": current_consent_text().version,
        "german_municipality": getattr(german_municipality, "pk", german_municipality) or "",
        "partner_municipality": getattr(partner_municipality, "pk", partner_municipality) or "",
    }
    if consent:
        data["consent"] = "on"
    for prefix, rows, defaults in (
        ("german", german, GERMAN_DEFAULTS),
        ("partner", partner, PARTNER_DEFAULTS),
    ):
        rows = [*rows, *([{}] * extra_rows)]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "30"
        for index, row in enumerate(rows):
            for name, value in {**defaults, **row}.items():
                if value is True:
                    value = "on"
                elif value is False:
                    continue
                data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value)
    data.update(fields)
    return data


def member_of_new_town(**person):
    """A person who acts for a new German municipality, and that municipality."""
    town = MunicipalityFactory()
    member = PersonFactory(**person)
    MembershipFactory(person=member, municipality=town)
    return member, town


def text(response) -> str:
    """The page's text without tags, whitespace collapsed (for wording checks)."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
