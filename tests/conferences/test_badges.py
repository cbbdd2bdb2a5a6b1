"""Name badges, check-in codes at the registration desk, certificates of attendance."""

import datetime

import pytest
from django.core import signing
from django.template.loader import render_to_string
from django.utils import timezone

from partnerhub.conferences import badges, services
from partnerhub.conferences.models import Edition, Registration, RegistrationStatus
from partnerhub.core.models import AuditEvent
from partnerhub.reference.models import SdgGoal
from tests.factories import EditionFactory

from .test_organiser import EN, build_world

S = RegistrationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roles):
    return build_world(organiser=roles["organiser"])


def past_world(roles, **kwargs):
    """An edition that ended a week ago (its registrations were made while it was open)."""
    start = timezone.localdate() - datetime.timedelta(days=9)
    return build_world(organiser=roles["organiser"], start=start, **kwargs)


# --- Check-in codes ------------------------------------------------------------------------


def test_check_in_code_is_signed_and_holds_no_token(world):
    registration = world.get("Test Person Alpha One")
    code = badges.check_in_code(registration)
    assert registration.access_token not in code
    assert badges.registration_pk_from_code(code) == registration.pk
    assert badges.registration_pk_from_code(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert badges.registration_pk_from_code("nonsense") is None
    assert badges.registration_pk_from_code(signing.dumps(registration.pk)) is None  # other salt
    forged = signing.dumps("x", salt=badges.CHECK_IN_SALT)
    assert badges.registration_pk_from_code(forged) is None


def test_check_in_with_the_code_once(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Partner One")
    url = world.url("check_in_code", badges.check_in_code(registration))
    response = client.get(url, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Test Person Partner One" in html and "Sample Partner City" in html
    assert ">Check in</button>" in html
    response = client.post(url, follow=True, **EN)
    assert "Test Person Partner One is checked in." in response.content.decode()
    registration.refresh_from_db()
    first = registration.checked_in_at
    assert first is not None
    assert "Already checked in" in response.content.decode()
    response = client.post(url, follow=True, **EN)
    assert "was already checked in" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at == first
    assert AuditEvent.objects.filter(action="registration.checked_in").count() == 1


def test_tampered_code_is_refused_clearly(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Partner One")
    code = badges.check_in_code(registration)
    for bad in (code[:-2] + "xx", "MQ", "1", "%20"):
        response = client.get(world.url("check_in_code", bad), **EN)
        assert response.status_code == 404
        assert "This code is not valid" in response.content.decode()
        assert client.post(world.url("check_in_code", bad)).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_code_of_another_edition_checks_nobody_in(client, world):
    client.force_login(world.organiser)
    other = build_world(organiser=world.organiser, edition=EditionFactory(number=555))
    stranger = other.get("Test Person Beta")
    url = world.url("check_in_code", badges.check_in_code(stranger))
    response = client.post(url, **EN)
    assert response.status_code == 404
    assert "This badge is for another conference" in response.content.decode()
    assert other.edition.display_title in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_code_of_a_person_without_a_confirmed_place(client, roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    client.force_login(world.organiser)
    waiting = world.get("Test Person Civil")
    assert waiting.status == S.WAITLISTED
    url = world.url("check_in_code", badges.check_in_code(waiting))
    html = client.get(url, **EN).content.decode()
    assert "No confirmed place" in html and ">Check in</button>" not in html
    response = client.post(url, follow=True, **EN)
    assert "has no confirmed place" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_check_in_desk_lists_and_searches_confirmed_people(client, roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    client.force_login(world.organiser)
    response = client.get(world.url("check_in"), **EN)
    listed = [registration.full_name for registration, _path in response.context["rows"]]
    assert len(listed) == 5 and "Test Person Civil" not in listed  # on the waiting list
    assert "0 of 5 confirmed participants are checked in." in response.content.decode()
    response = client.get(world.url("check_in"), {"q": "partner"}, **EN)
    rows = response.context["rows"]
    assert [r.full_name for r, _path in rows] == [
        "Test Person Partner One",
        "Test Person Partner Two",
    ]
    # The desk's button posts to the code page and comes back to the search.
    _registration, path = rows[0]
    back = world.url("check_in") + "?q=partner"
    response = client.post(path, {"next": back})
    assert response["Location"] == back
    html = client.get(back, **EN).content.decode()
    assert "1 of 5 confirmed participants are checked in." in html
    response = client.get(world.url("check_in"), {"q": "x" * 400}, **EN)
    assert response.status_code == 200


# --- Badges --------------------------------------------------------------------------------


def test_badges_pdf_of_confirmed_people_matching_the_filters(client, roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    client.force_login(world.organiser)
    response = client.get(world.url("badges"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(world.url("badges"), {"status": "waitlisted"}, follow=True, **EN)
    assert "No confirmed participant matches the filters" in response.content.decode()


def test_badge_html_has_the_names_and_a_qr_code_without_the_token(world):
    registrations = list(Registration.objects.filter(edition=world.edition).order_by("id"))
    context = badges.badges_context(world.edition, registrations)
    pages = context["pages"]
    assert len(pages) == 1 and len(pages[0]) == 3 and all(len(row) == 2 for row in pages[0])
    html = render_to_string("conferences/pdf/badges.html", context)
    for registration in registrations:
        assert registration.full_name in html
        assert registration.access_token not in html
    assert "Sample Partner City" in html and "Ghana" in html
    assert "Representative of a partner municipality" in html
    assert world.edition.display_title in html
    assert html.count('src="data:image/svg+xml') == len(registrations)
    badge = badges.badge_for(world.edition, registrations[0])
    assert registrations[0].access_token not in badge.qr_content
    assert badge.qr_content.endswith(
        world.url("check_in_code", badges.check_in_code(registrations[0]))
    )


def test_badges_fill_pages_of_eight(world):
    registration = world.get("Test Person Beta")
    pages = badges.badge_pages(world.edition, [registration] * 9)
    assert len(pages) == 2
    assert sum(1 for row in pages[0] for badge in row if badge) == 8
    assert pages[1] == [[pages[1][0][0], None]]


# --- Certificates --------------------------------------------------------------------------


def test_certificate_available_only_after_the_last_day_and_if_checked_in(client, roles):
    world = build_world(organiser=roles["organiser"])  # a year ahead
    registration = world.get("Test Person Alpha One")
    services.registration_check_in(registration=registration, by=world.organiser)
    url = f"/conferences/registration/{registration.access_token}/certificate.pdf"
    response = client.get(url, **EN)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "will be available after the conference" in html
    last_day = badges.edition_last_day(world.edition)
    assert (last_day + datetime.timedelta(days=1)).strftime("%Y") in html


def test_certificate_after_the_conference(client, roles):
    world = past_world(roles)
    checked_in = world.get("Test Person Partner One")
    services.registration_check_in(registration=checked_in, by=world.organiser)
    url = f"/conferences/registration/{checked_in.access_token}/certificate.pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    absent = world.get("Test Person Partner Two")
    response = client.get(f"/conferences/registration/{absent.access_token}/certificate.pdf", **EN)
    assert response.status_code == 200
    assert "not checked in at the registration desk" in response.content.decode()
    assert client.get("/conferences/registration/wrong-token/certificate.pdf").status_code == 404


def test_certificate_availability_rules(world):
    registration = world.get("Test Person Alpha One")
    last_day = badges.edition_last_day(world.edition)
    assert not badges.certificate_availability(registration, today=last_day).available
    registration.checked_in_at = timezone.now()
    assert not badges.certificate_availability(registration, today=last_day).available
    after = last_day + datetime.timedelta(days=1)
    assert badges.certificate_availability(registration, today=after).available
    Edition.objects.filter(pk=world.edition.pk).update(status="cancelled")
    registration.edition.refresh_from_db()
    assert not badges.certificate_availability(registration, today=after).available


def test_organisers_download_certificates_of_those_checked_in(client, roles):
    world = past_world(roles)
    client.force_login(world.organiser)
    response = client.get(world.url("certificates"), follow=True, **EN)
    assert "No checked-in participant matches the filters" in response.content.decode()
    for name in ("Test Person Alpha One", "Test Person Partner One"):
        services.registration_check_in(registration=world.get(name), by=world.organiser)
    response = client.get(world.url("certificates"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_certificate_is_in_the_participants_language(world):
    edition = world.edition
    edition.title_fr = "Conférence de test"
    edition.title_de = "Testkonferenz"
    edition.guiding_question_fr = "Question directrice de test ?"
    edition.save()
    edition.sdgs.set([SdgGoal.objects.get(number=11)])
    french = world.get("Test Person Partner One")
    german = world.get("Test Person Alpha One")
    context = badges.certificates_context(
        edition, [french, german], today=datetime.date(2030, 9, 15)
    )
    html = render_to_string("conferences/pdf/certificate.html", context)
    french_page, german_page = html.split('<section class="certificate"')[1:]
    assert 'lang="fr"' in french_page and 'lang="de"' in german_page
    assert "Test Person Partner One" in french_page and "Sample Partner City" in french_page
    assert "Conférence de test" in french_page and "Question directrice de test ?" in french_page
    assert "septembre" in french_page  # the date of issue, in French
    assert "ODD 11" in french_page  # an existing translation: "SDG" in French
    assert SdgGoal.objects.get(number=11).short_title_fr in french_page
    assert "Testkonferenz" in german_page and "September 2030" in german_page
    assert french.access_token not in html
