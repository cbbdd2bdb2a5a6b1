"""The visa invitation letter: for confirmed partner delegates who asked for one and whose
passport details are complete; in English, then in the participant's language."""

import datetime
import re

import pytest
from django.urls import reverse

from partnerhub.conferences import letters
from partnerhub.conferences.models import ParticipantType
from tests.factories import EditionFactory, PartnerMunicipalityFactory, country

from .helpers import person_values, submit
from .test_registration_pages_support import EN, member_of_new_town, text

pytestmark = pytest.mark.django_db

PASSPORT = {
    "passport_number": "X1234567",
    "date_of_birth": datetime.date(1985, 3, 2),
}


def delegate(edition=None, *, language="en", needs_visa_letter=True, details=True):
    member, town = member_of_new_town()
    ghana = PartnerMunicipalityFactory(name="Sample Coast City")
    values = person_values(
        participant_type=ParticipantType.PARTNER_MUNICIPALITY,
        full_name="Test Person Kwame",
        email="kwame@example.org",
        language=language,
        municipality=ghana,
        country=ghana.country,
        needs_visa_letter=needs_visa_letter,
    )
    group = submit(
        edition or EditionFactory(),
        member,
        [values],
        german_municipality=town,
        partner_municipality=ghana,
    )
    registration = group.registrations.get()
    if details:
        for name, value in PASSPORT.items():
            setattr(registration, name, value)
        registration.nationality = country("GH")
        registration.save()
    return registration


def letter_url(registration):
    return reverse("conferences:visa_letter", args=[registration.access_token])


def page_url(registration):
    return reverse("conferences:registration_by_token", args=[registration.access_token])


def test_confirmed_delegate_downloads_the_letter(client):
    registration = delegate()
    page = client.get(
        reverse("conferences:registration_by_token", args=[registration.access_token])
    )
    assert letter_url(registration) in page.content.decode()
    response = client.get(letter_url(registration))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert letters.reference_number(registration) in response["Content-Disposition"]


def test_letter_states_who_is_invited_to_what(settings):
    registration = delegate(language="fr")
    html = letters.visa_letter_html(registration)
    english = html[: html.index('lang="fr"')]
    for fact in (
        "Test Person Kwame",
        "X1234567",
        "Ghana",
        "2 March 1985",
        "Sample Coast City",
        registration.edition.display_title,
        registration.edition.place_display,
        letters.reference_number(registration),
        "To the Embassy or Consulate of the Federal Republic of Germany",
        "is invited as a delegate of the partner municipality Sample Coast City (Ghana)",
        "The conference team",
    ):
        assert fact in english, fact
    assert re.search(r'<section class="version" lang="fr">', html)  # then the French version
    assert html.count('<section class="version"') == 2
    assert "static:img/favicon.svg" in html  # only the project's own static files


@pytest.mark.parametrize(("language", "versions"), [("en", 1), ("de", 2), ("es", 2)])
def test_letter_languages(language, versions):
    html = letters.visa_letter_html(delegate(language=language))
    assert html.count('<section class="version"') == versions


def test_letter_names_no_real_person_as_signatory():
    html = letters.visa_letter_html(delegate())
    signature = html[html.index('class="signature"') :]
    assert "The conference team" in signature


def test_no_letter_before_the_place_is_confirmed(client):
    registration = delegate(EditionFactory(is_moderated=True))
    response = client.get(letter_url(registration), **EN)
    assert response.status_code == 302
    page = text(client.get(response["Location"], **EN))
    assert "The letter is issued once your place is confirmed." in page
    with pytest.raises(ValueError):
        letters.visa_letter_pdf(registration)


def test_no_letter_without_passport_details(client):
    registration = delegate(details=False)
    page = client.get(
        reverse("conferences:registration_by_token", args=[registration.access_token]), **EN
    )
    assert letter_url(registration) not in page.content.decode()
    assert "Fill in your passport number, date of birth, nationality first." in text(page)
    response = client.get(letter_url(registration), **EN)
    assert response.status_code == 302
    assert not response.content.startswith(b"%PDF")


def test_no_letter_for_who_did_not_ask_or_is_no_partner_delegate(client):
    assert client.get(letter_url(delegate(needs_visa_letter=False))).status_code == 404
    member, town = member_of_new_town()
    german = submit(EditionFactory(), member, [person_values(municipality=town)])
    assert client.get(letter_url(german.registrations.get())).status_code == 404


def test_no_letter_after_cancelling(client):
    from partnerhub.conferences import services

    registration = delegate()
    services.registration_cancel(
        registration=registration, by=None, token=registration.access_token
    )
    assert client.get(letter_url(registration)).status_code == 302
