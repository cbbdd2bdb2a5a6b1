"""The participant's own page by link: status, their data, the follow-up, cancelling.

The link is the capability (Kwame has no account); the page speaks the participant's
language unless the visitor chose one.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from partnerhub.conferences import services
from partnerhub.conferences.models import ParticipantType, RegistrationStatus
from tests.factories import EditionFactory, PartnerMunicipalityFactory, PersonFactory

from .helpers import person_values, submit
from .test_registration_pages_support import EN, member_of_new_town, text

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def page_url(registration, name="conferences:registration_by_token"):
    return reverse(name, args=[registration.access_token])


def partner_delegate(edition=None, *, language="en", **values):
    """A partner delegate registered by a German member (the Kwame of these tests)."""
    member, town = member_of_new_town()
    ghana = PartnerMunicipalityFactory()
    group = submit(
        edition or EditionFactory(),
        member,
        [
            person_values(
                participant_type=ParticipantType.PARTNER_MUNICIPALITY,
                full_name="Test Person Kwame",
                email="kwame@example.org",
                language=language,
                municipality=ghana,
                country=ghana.country,
                **values,
            )
        ],
        german_municipality=town,
        partner_municipality=ghana,
    )
    return group.registrations.get()


def arrival_on(edition, hour=14):
    start = edition.start_date
    return datetime.datetime(start.year, start.month, start.day, hour, 30)


# --- Language ------------------------------------------------------------------------------


def test_page_speaks_the_participants_language(client):
    delegate = partner_delegate(language="fr")
    html = client.get(page_url(delegate)).content.decode()
    assert '<html lang="fr"' in html
    html = client.get(page_url(delegate), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="fr"' in html  # the browser's language does not override it


def test_the_visitors_chosen_language_wins(client):
    delegate = partner_delegate(language="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(page_url(delegate)).content.decode()
    assert '<html lang="en"' in html
    assert "Registration of Test Person Kwame" in html


# --- What the page shows ---------------------------------------------------------------------


def test_page_shows_status_data_and_no_heavy_assets(client):
    delegate = partner_delegate()
    response = client.get(page_url(delegate), **EN)
    assert response["Cache-Control"].startswith("max-age=0")  # never cached: personal data
    html = response.content.decode()
    page = text(response)
    assert "Your place is confirmed." in page
    assert 'name="passport_number"' in html and 'name="nationality"' in html
    assert 'name="arrival_at"' in html and 'type="datetime-local"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<script" not in html and "<img" not in html  # a slow connection loads only CSS
    assert len(response.content) < 60_000


def test_german_delegates_are_not_asked_for_passport_details(client):
    member, town = member_of_new_town()
    registration = submit(
        EditionFactory(), member, [person_values(municipality=town)]
    ).registrations.get()
    html = client.get(page_url(registration), **EN).content.decode()
    assert 'name="diet"' in html
    assert 'name="passport_number"' not in html
    assert "Visa invitation letter" not in html


def test_waiting_list_position_and_no_follow_up_yet(client):
    edition = EditionFactory(capacity=1)
    partner_delegate(edition)
    member, town = member_of_new_town()
    waiting = submit(
        edition,
        member,
        [person_values(municipality=town, full_name="Test Person Waits", language="en")],
    ).registrations.get()
    page = text(client.get(page_url(waiting), **EN))
    assert "you are number 1 on the waiting list" in page
    assert "Travel details" not in page


def test_links_to_other_pages_appear_only_once_they_exist(client):
    delegate = partner_delegate()
    html = client.get(page_url(delegate), **EN).content.decode()
    for name in ("workshop_preferences", "travel_grant"):
        try:
            url = reverse(f"conferences:{name}", args=[delegate.access_token])
        except NoReverseMatch:
            assert f"/{delegate.access_token}/workshops/" not in html
        else:
            assert url in html


# --- Changing one's data -----------------------------------------------------------------------


def test_participant_completes_their_data_with_the_link(client, mailoutbox):
    delegate = partner_delegate()
    response = client.post(
        page_url(delegate, "conferences:registration_update"),
        {
            "full_name": "Test Person Kwame",
            "language": "en",
            "job_title": "Planning department",
            "diet": "vegetarian",
            "diet_note": "",
            "accessibility_needs": "",
            "interpretation_language": "",
            "needs_visa_letter": "on",
            "passport_number": "X1234567",
            "date_of_birth": "1985-03-02",
            "nationality": "GH",
        },
        **EN,
    )
    assert response.status_code == 302 and response["Location"] == page_url(delegate)
    delegate.refresh_from_db()
    assert delegate.diet == "vegetarian" and delegate.passport_number == "X1234567"
    assert delegate.date_of_birth == datetime.date(1985, 3, 2)
    assert delegate.nationality_id == "GH" and delegate.job_title == "Planning department"
    assert "Your details have been saved." in text(client.get(page_url(delegate), **EN))


def test_wrong_data_is_shown_with_the_input_kept(client):
    delegate = partner_delegate()
    response = client.post(
        page_url(delegate, "conferences:registration_update"),
        {
            "full_name": "Test Person Kwame",
            "language": "en",
            "diet": "other",
            "diet_note": "",
            "accessibility_needs": "Needs a quiet room",
        },
        **EN,
    )
    assert response.status_code == 200
    page = text(response)
    assert "Diet, details: Describe the diet." in page
    assert "Needs a quiet room" in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.diet == "" and delegate.accessibility_needs == ""


def test_a_cancelled_registration_cannot_be_changed(client):
    delegate = partner_delegate()
    services.registration_cancel(registration=delegate, by=None, token=delegate.access_token)
    html = client.get(page_url(delegate), **EN).content.decode()
    assert 'name="full_name"' not in html and "Cancel my registration" not in html
    response = client.post(
        page_url(delegate, "conferences:registration_update"),
        {"full_name": "Test Person New", "language": "en"},
        **EN,
    )
    assert response.status_code == 200
    assert "A cancelled or declined registration cannot be changed." in text(response)


# --- The follow-up -------------------------------------------------------------------------


def test_follow_up_is_sent_once_and_then_shown_read_only(client):
    delegate = partner_delegate()
    edition = delegate.edition
    arrival = arrival_on(edition)
    data = {
        "arrival_at": arrival.strftime("%Y-%m-%dT%H:%M"),
        "departure_at": (arrival + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "travel_details": "Flight from Accra",
    }
    url = page_url(delegate, "conferences:registration_follow_up")
    response = client.post(url, data, **EN)
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.follow_up_submitted_at is not None
    assert delegate.travel_details == "Flight from Accra"
    page = text(client.get(page_url(delegate), **EN))
    assert "Flight from Accra" in page and "they can reopen the form for you" in page
    assert 'name="arrival_at"' not in client.get(page_url(delegate)).content.decode()
    again = client.post(url, data, **EN)
    assert again.status_code == 200
    assert "You have already submitted the follow-up form" in text(again)


def test_departure_before_arrival_is_refused_and_kept(client):
    delegate = partner_delegate()
    arrival = arrival_on(delegate.edition)
    response = client.post(
        page_url(delegate, "conferences:registration_follow_up"),
        {
            "arrival_at": arrival.strftime("%Y-%m-%dT%H:%M"),
            "departure_at": (arrival - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "travel_details": "By train",
        },
        **EN,
    )
    assert response.status_code == 200
    assert "Departure cannot be before arrival." in text(response)
    assert "By train" in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.follow_up_submitted_at is None


def test_follow_up_before_confirmation_is_refused(client):
    edition = EditionFactory(is_moderated=True)
    delegate = partner_delegate(edition)
    assert delegate.status == S.PENDING
    response = client.post(
        page_url(delegate, "conferences:registration_follow_up"), {"travel_details": "x"}, **EN
    )
    assert "The follow-up form opens once your place is confirmed." in text(response)


def test_garbage_in_the_follow_up_is_a_form_error(client):
    delegate = partner_delegate()
    response = client.post(
        page_url(delegate, "conferences:registration_follow_up"),
        {"arrival_at": "tomorrow-ish", "departure_at": "9999-99-99T99:99"},
        **EN,
    )
    assert response.status_code == 200
    assert "Enter a valid date/time." in text(response)


# --- Cancelling ---------------------------------------------------------------------------------


def test_cancel_asks_first_then_frees_the_place_for_the_waiting_list(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory(capacity=1)
    delegate = partner_delegate(edition)
    member, town = member_of_new_town()
    waiting = submit(
        edition,
        member,
        [person_values(municipality=town, full_name="Test Person Next", email="next@example.org")],
    ).registrations.get()
    assert waiting.status == S.WAITLISTED
    url = page_url(delegate, "conferences:registration_cancel")
    confirm = client.get(url, **EN)
    assert "Do you really want to cancel the registration of Test Person Kwame" in text(confirm)
    delegate.refresh_from_db()
    assert delegate.status == S.CONFIRMED  # asking changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, **EN)
    assert response.status_code == 302 and response["Location"] == page_url(delegate)
    delegate.refresh_from_db()
    waiting.refresh_from_db()
    assert delegate.status == S.CANCELLED
    assert waiting.status == S.CONFIRMED
    assert any(m.to == ["next@example.org"] for m in mailoutbox)
    assert any(m.to == ["kwame@example.org"] for m in mailoutbox)
    page = text(client.get(page_url(delegate), **EN))
    assert "Your registration is cancelled." in page
    assert "This registration is cancelled." in page


def test_cancelling_twice_says_so(client):
    delegate = partner_delegate()
    url = page_url(delegate, "conferences:registration_cancel")
    client.post(url)
    response = client.post(url, follow=True, **EN)
    assert "This registration is already cancelled." in text(response)


def test_the_registering_person_may_use_the_page_logged_in(client):
    delegate = partner_delegate()
    client.force_login(delegate.group.submitted_by)
    response = client.post(page_url(delegate, "conferences:registration_cancel"))
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.status == S.CANCELLED


def test_somebody_else_logged_in_still_needs_only_the_link(client):
    """Being logged in as an unrelated person neither helps nor hurts."""
    delegate = partner_delegate()
    client.force_login(PersonFactory())
    assert client.get(page_url(delegate)).status_code == 200
