"""The organisers' tools for an edition: dashboard, participant list, actions, export.

`build_world()` registers a small, known set of people that the other organiser
tests (badges, statistics, group mail) use too:

* a joint registration of Sample Town Alpha (DE) with its partner in Ghana: two
  German representatives (German, English) and two partner delegates (French;
  one of them without an e-mail address);
* Sample Town Beta (DE) on its own: one representative (Spanish);
* a civil-society actor (German).
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnerhub.conferences import services
from partnerhub.conferences.models import (
    Edition,
    ParticipantType,
    Registration,
    RegistrationStatus,
)
from partnerhub.core.models import AuditEvent
from tests.factories import (
    EditionFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
    SeriesFactory,
)
from tests.permissions import LOGIN, assert_matrix

from .helpers import person_values, submit

S = RegistrationStatus
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "anonymous": LOGIN,
    "participant": 403,
    "member_own": 403,
    "member_other": 403,
    "reviewer_conflict": 403,
}


def only_organisers(outcome=200) -> dict:
    return {**FORBIDDEN, "organiser": outcome}


@dataclass
class World:
    edition: Edition
    organiser: object
    submitter: object
    alpha: object
    beta: object
    partner: object

    def get(self, name: str) -> Registration:
        return Registration.objects.get(edition=self.edition, full_name=name)

    def url(self, name: str, *args) -> str:
        return reverse(
            f"conferences:{name}", args=[self.edition.series.slug, self.edition.number, *args]
        )


def build_world(*, organiser=None, edition=None, **edition_kwargs) -> World:
    organiser = organiser or PersonFactory(full_name="Test Person Organiser", is_organiser=True)
    edition = edition or EditionFactory(**edition_kwargs)
    submitter = PersonFactory(full_name="Test Person Submitter")
    alpha = MunicipalityFactory(name="Sample Town Alpha")
    beta = MunicipalityFactory(name="Sample Town Beta")
    partner = PartnerMunicipalityFactory(name="Sample Partner City")  # Ghana
    MembershipFactory(person=submitter, municipality=alpha)
    beta_member = PersonFactory(full_name="Test Person Beta Member")
    MembershipFactory(person=beta_member, municipality=beta)
    partner_values = {
        "participant_type": ParticipantType.PARTNER_MUNICIPALITY,
        "municipality": partner,
        "country": partner.country,
        "language": "fr",
    }
    submit(
        edition,
        submitter,
        [
            person_values(
                full_name="Test Person Alpha One", email="alpha1@example.org", municipality=alpha
            ),
            person_values(
                full_name="Test Person Alpha Two",
                email="alpha2@example.org",
                municipality=alpha,
                language="en",
                diet="vegan",
            ),
            person_values(
                full_name="Test Person Partner One", email="partner1@example.org", **partner_values
            ),
            person_values(full_name="Test Person Partner Two", email="", **partner_values),
        ],
        german_municipality=alpha,
        partner_municipality=partner,
    )
    submit(
        edition,
        beta_member,
        [
            person_values(
                full_name="Test Person Beta",
                email="beta1@example.org",
                municipality=beta,
                language="es",
            )
        ],
        german_municipality=beta,
    )
    submit(
        edition,
        submitter,
        [
            person_values(
                participant_type=ParticipantType.CIVIL_SOCIETY,
                full_name="Test Person Civil",
                email="civil@example.org",
                organisation=OrganisationFactory(name="Sample Association Gamma"),
            )
        ],
    )
    return World(edition, organiser, submitter, alpha, beta, partner)


@pytest.fixture
def world(roles):
    return build_world(organiser=roles["organiser"])


def names(response) -> list[str]:
    return [r.full_name for r in response.context["registrations"]]


# --- Permissions ------------------------------------------------------------------


def test_every_organiser_page_is_for_organisers_only(client, world):
    registration = world.get("Test Person Alpha One")
    for name, args in [
        ("edition_manage", ()),
        ("participants", ()),
        ("participant", (registration.pk,)),
        ("participants_export", ("csv",)),
        ("participants_export", ("xlsx",)),
        ("participants_mail", ()),
        ("check_in", ()),
        ("statistics", ()),
    ]:
        assert_matrix(client, world.url(name, *args), only_organisers())


def test_pdf_downloads_are_for_organisers_only(client, world):
    registration = world.get("Test Person Alpha One")
    services.registration_check_in(registration=registration, by=world.organiser)
    assert_matrix(client, world.url("badges"), only_organisers())
    assert_matrix(client, world.url("certificates"), only_organisers())


def test_check_in_code_page_is_for_organisers_only(client, world):
    from partnerhub.conferences.badges import check_in_code

    code = check_in_code(world.get("Test Person Alpha One"))
    assert_matrix(client, world.url("check_in_code", code), only_organisers())


@pytest.mark.parametrize("action", ["approve", "decline", "cancel", "reopen"])
def test_actions_are_for_organisers_only(client, world, action):
    registration = world.get("Test Person Beta")
    # Whatever the outcome of the service, only organisers reach it; they are sent back.
    assert_matrix(
        client,
        world.url(f"participant_{action}", registration.pk),
        only_organisers(302),
        method="post",
        data={"reason": "Test reason"},
    )


def test_actions_need_post(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Beta")
    assert client.get(world.url("participant_cancel", registration.pk)).status_code == 405


def test_unknown_edition_is_404(client, world):
    client.force_login(world.organiser)
    url = reverse("conferences:participants", args=[world.edition.series.slug, 999])
    assert client.get(url).status_code == 404


# --- Dashboard and settings -------------------------------------------------------------


def test_dashboard_shows_where_registration_stands(client, roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    client.force_login(world.organiser)
    response = client.get(world.url("edition_manage"), **EN)
    counts = response.context["counts"]
    assert (counts.confirmed, counts.waitlisted, counts.pending) == (5, 1, 0)
    assert counts.places_left == 0
    html = response.content.decode()
    assert "Registration at a glance" in html
    for name in ("participants", "check_in", "statistics", "participants_mail", "badges"):
        assert world.url(name) in html


def test_dashboard_links_to_the_other_tools_that_exist(client, world):
    from django.urls import NoReverseMatch

    client.force_login(world.organiser)
    html = client.get(world.url("edition_manage")).content.decode()
    for name in ("programme_manage", "workshop_assign", "travel_grants"):
        try:
            url = world.url(name)
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in html


def test_settings_are_saved_through_the_service_and_audited(client, world):
    client.force_login(world.organiser)
    response = client.post(
        world.url("edition_manage"),
        {
            "opens_at": "2030-01-10T09:00",
            "closes_at": "2030-02-10T18:00",
            "capacity": "40",
            "is_moderated": "on",
            "status": "registration_closed",
        },
    )
    assert response.status_code == 302
    world.edition.refresh_from_db()
    assert world.edition.capacity == 40 and world.edition.is_moderated
    assert world.edition.status == "registration_closed"
    assert world.edition.registration_opens_at.year == 2030
    assert AuditEvent.objects.filter(action="edition.registration_configured").exists()


def test_bad_settings_are_explained_and_the_input_kept(client, world):
    client.force_login(world.organiser)
    response = client.post(
        world.url("edition_manage"),
        {"opens_at": "2030-02-10T09:00", "closes_at": "2030-01-10T09:00", "status": "planned"},
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Registration must close after it opens." in html
    assert 'value="2030-02-10T09:00"' in html
    # Fewer places than confirmed people: the service's rule, shown next to the field.
    response = client.post(
        world.url("edition_manage"), {"capacity": "2", "status": "registration_open"}, **EN
    )
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert response.context["form"].errors["capacity"]
    response = client.post(world.url("edition_manage"), {"capacity": "x", "status": "nonsense"})
    assert response.status_code == 200


# --- The participant list and its filters ---------------------------------------------------


def test_list_shows_everybody_with_counts(client, world):
    client.force_login(world.organiser)
    response = client.get(world.url("participants"), **EN)
    assert response.status_code == 200
    assert len(names(response)) == 6
    assert response.context["counts"].confirmed == 6
    html = response.content.decode()
    assert "Test Person Partner Two" in html and "6 registrations" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "GH"}, {"Test Person Partner One", "Test Person Partner Two"}),
        ({"region": "africa"}, {"Test Person Partner One", "Test Person Partner Two"}),
        (
            {"participant_type": "german_municipality"},
            {"Test Person Alpha One", "Test Person Alpha Two", "Test Person Beta"},
        ),
        ({"q": "alpha two"}, {"Test Person Alpha Two"}),
        ({"q": "civil@example"}, {"Test Person Civil"}),
        (
            {"partnership": "joint"},
            {
                "Test Person Alpha One",
                "Test Person Alpha Two",
                "Test Person Partner One",
                "Test Person Partner Two",
            },
        ),
        (
            {"partnership": "german_with_partner"},
            {"Test Person Alpha One", "Test Person Alpha Two"},
        ),
        ({"partnership": "german_without_partner"}, {"Test Person Beta"}),
        ({"status": "waitlisted"}, set()),
        ({"country": "DE", "participant_type": "civil_society"}, {"Test Person Civil"}),
    ],
)
def test_filters(client, world, params, expected):
    client.force_login(world.organiser)
    response = client.get(world.url("participants"), params, **EN)
    assert response.status_code == 200
    assert set(names(response)) == expected
    assert not response.context["ignored"]


def test_municipality_and_status_filters(client, world):
    client.force_login(world.organiser)
    services.registration_cancel(registration=world.get("Test Person Beta"), by=world.organiser)
    response = client.get(world.url("participants"), {"municipality": world.beta.pk})
    assert names(response) == ["Test Person Beta"]
    response = client.get(world.url("participants"), {"status": "cancelled"})
    assert names(response) == ["Test Person Beta"]
    response = client.get(world.url("participants"), {"status": "active"})
    assert "Test Person Beta" not in names(response) and len(names(response)) == 5


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"country": "FR"},  # a real country, but nobody comes from there
        {"municipality": "abc"},
        {"municipality": "999999"},
        {"status": "bogus"},
        {"region": "atlantis"},
        {"partnership": "maybe"},
        {"participant_type": "alien"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, world, params):
    client.force_login(world.organiser)
    response = client.get(world.url("participants"), params, **EN)
    assert response.status_code == 200
    assert len(names(response)) == 6  # the bad filter is not applied
    html = response.content.decode()
    assert "Some filters were not applied" in html and "was ignored" in html
    # The value is kept in the form, and left out of the links to exports.
    assert response.context["filter_form"].data.dict() == params
    assert response.context["query"] == ""


def test_a_bad_filter_does_not_hide_the_good_ones(client, world):
    client.force_login(world.organiser)
    response = client.get(world.url("participants"), {"country": "GH", "status": "bogus"}, **EN)
    assert set(names(response)) == {"Test Person Partner One", "Test Person Partner Two"}
    assert response.context["query"] == "country=GH"


@pytest.mark.parametrize("rows", [1, 15])
def test_list_runs_a_fixed_number_of_queries(client, roles, django_assert_max_num_queries, rows):
    organiser = roles["organiser"]
    edition = EditionFactory()
    submitter = PersonFactory()
    town = MunicipalityFactory()
    MembershipFactory(person=submitter, municipality=town)
    for index in range(rows):
        submit(
            edition,
            submitter,
            [
                person_values(
                    full_name=f"Test Person {index}",
                    email=f"p{index}@example.org",
                    municipality=town,
                )
            ],
            german_municipality=town,
        )
    client.force_login(organiser)
    url = reverse("conferences:participants", args=[edition.series.slug, edition.number])
    with django_assert_max_num_queries(10):
        response = client.get(url, {"country": "DE"})
    assert len(response.context["registrations"]) == rows
    with django_assert_max_num_queries(10):
        client.get(reverse("conferences:check_in", args=[edition.series.slug, edition.number]))
    with django_assert_max_num_queries(10):
        client.get(reverse("conferences:statistics", args=[edition.series.slug, edition.number]))
    with django_assert_max_num_queries(8):
        client.get(
            reverse("conferences:edition_manage", args=[edition.series.slug, edition.number])
        )


# --- The detail page -------------------------------------------------------------------------


def test_detail_shows_everything_and_the_audit_trail(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Alpha Two")
    response = client.get(world.url("participant", registration.pk), **EN)
    html = response.content.decode()
    assert "Test Person Alpha Two" in html and "alpha2@example.org" in html
    assert "vegan" in html and "Sample Town Alpha" in html and "Sample Partner City" in html
    assert registration.consent_text.version in html
    assert "registration.created" in html and "Test Person Submitter" in html


def test_detail_of_another_editions_registration_is_404(client, world):
    client.force_login(world.organiser)
    other = build_world(organiser=world.organiser, edition=EditionFactory(number=777))
    registration = other.get("Test Person Beta")
    assert client.get(world.url("participant", registration.pk)).status_code == 404
    assert client.get(world.url("participant", 999999)).status_code == 404


# --- Actions -------------------------------------------------------------------------------------


def test_approve_and_decline_in_a_moderated_edition(client, roles, mailoutbox):
    world = build_world(organiser=roles["organiser"], is_moderated=True, capacity=10)
    client.force_login(world.organiser)
    pending = world.get("Test Person Beta")
    assert pending.status == S.PENDING
    back = world.url("participants") + "?status=pending"
    response = client.post(world.url("participant_approve", pending.pk), {"next": back}, **EN)
    assert response.status_code == 302 and response["Location"] == back
    pending.refresh_from_db()
    assert pending.status == S.CONFIRMED
    # Approving again is a rule broken, shown as a message, never a 500.
    response = client.post(world.url("participant_approve", pending.pk), follow=True, **EN)
    assert response.status_code == 200
    assert "Only registrations awaiting approval can be approved" in response.content.decode()

    civil = world.get("Test Person Civil")
    response = client.post(
        world.url("participant_decline", civil.pk), {"reason": " "}, follow=True, **EN
    )
    assert "Give a reason when you decline." in response.content.decode()
    civil.refresh_from_db()
    assert civil.status == S.PENDING
    client.post(world.url("participant_decline", civil.pk), {"reason": "Test: no places left"})
    civil.refresh_from_db()
    assert civil.status == S.DECLINED
    event = AuditEvent.objects.filter(object_id=str(civil.pk), to_state=S.DECLINED).get()
    assert event.note == "Test: no places left" and event.actor == world.organiser


def test_cancel_promotes_the_waiting_list(client, roles):
    world = build_world(organiser=roles["organiser"], capacity=5)
    client.force_login(world.organiser)
    waiting = world.get("Test Person Civil")
    assert waiting.status == S.WAITLISTED
    client.post(world.url("participant_cancel", world.get("Test Person Beta").pk))
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    response = client.post(
        world.url("participant_cancel", world.get("Test Person Beta").pk), follow=True, **EN
    )
    assert "already cancelled" in response.content.decode()


def test_reopen_follow_up(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Partner One")
    response = client.post(world.url("participant_reopen", registration.pk), follow=True, **EN)
    assert "The follow-up form is open already." in response.content.decode()
    services.registration_follow_up_submit(
        registration=registration, by=None, token=registration.access_token, travel_details="Bus"
    )
    response = client.post(world.url("participant_reopen", registration.pk), follow=True, **EN)
    registration.refresh_from_db()
    assert registration.follow_up_submitted_at is None
    assert "follow-up form is open again" in response.content.decode()


def test_actions_on_another_editions_registration_are_404(client, world):
    client.force_login(world.organiser)
    other = build_world(organiser=world.organiser, edition=EditionFactory(number=778))
    registration = other.get("Test Person Beta")
    assert client.post(world.url("participant_cancel", registration.pk)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_next_cannot_send_the_organiser_elsewhere(client, world):
    client.force_login(world.organiser)
    registration = world.get("Test Person Beta")
    response = client.post(
        world.url("participant_cancel", registration.pk), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == world.url("participants")


# --- Export ---------------------------------------------------------------------------------------


def test_xlsx_export_has_the_columns_for_accounting_and_logistics(client, world):
    client.force_login(world.organiser)
    partner = world.get("Test Person Partner One")
    arrival = datetime.datetime(2030, 5, 1, 10, 30, tzinfo=datetime.UTC)
    Registration.objects.filter(pk=partner.pk).update(
        arrival_at=arrival,
        departure_at=arrival + datetime.timedelta(days=3),
        needs_visa_letter=True,
        accessibility_needs="Wheelchair",
        interpretation_language="fr",
    )
    response = client.get(world.url("participants_export", "xlsx"), **EN)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    for column in (
        "Name",
        "E-mail",
        "Participant type",
        "Municipality or organisation",
        "Country",
        "Region",
        "Status",
        "Registered",
        "Diet",
        "Accessibility needs",
        "Interpretation into",
        "Visa invitation letter",
        "Arrival",
        "Departure",
        "Checked in",
        "Joint registration",
        "Partner municipality",
    ):
        assert column in header, column
    assert len(rows) == 7
    by_name = {row[header.index("Name")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    delegate = by_name["Test Person Partner One"]
    assert delegate["Country"] == "Ghana" and delegate["Region"] == "Africa"
    assert delegate["Municipality or organisation"] == "Sample Partner City"
    assert delegate["Visa invitation letter"] == "yes"
    assert delegate["Joint registration"] == "yes"
    assert delegate["Partner municipality"] == "Sample Town Alpha"
    assert delegate["Accessibility needs"] == "Wheelchair"
    assert delegate["Arrival"].day == 1 and delegate["Arrival"].hour == 12  # Berlin time
    assert by_name["Test Person Alpha Two"]["Diet"] == "vegan"
    assert by_name["Test Person Alpha Two"]["Partner municipality"] == "Sample Partner City"
    assert by_name["Test Person Beta"]["Joint registration"] == "no"
    assert (
        by_name["Test Person Civil"]["Municipality or organisation"] == "Sample Association Gamma"
    )


def test_csv_export_follows_the_filters_and_defuses_formulas(client, world):
    client.force_login(world.organiser)
    Registration.objects.filter(pk=world.get("Test Person Partner Two").pk).update(
        full_name='=HYPERLINK("https://evil.example.org","Test Person")'
    )
    response = client.get(world.url("participants_export", "csv"), {"country": "GH"}, **EN)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3  # header and the two partner delegates
    names_ = {row[rows[0].index("Name")] for row in rows[1:]}
    assert "Test Person Partner One" in names_
    assert '\'=HYPERLINK("https://evil.example.org","Test Person")' in names_


def test_xlsx_export_defuses_formulas(client, world):
    client.force_login(world.organiser)
    Registration.objects.filter(pk=world.get("Test Person Beta").pk).update(full_name="=1+2")
    response = client.get(world.url("participants_export", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet["B"]]
    assert "'=1+2" in values and "=1+2" not in values


def test_unknown_export_format_is_404(client, world):
    client.force_login(world.organiser)
    assert client.get(world.url("participants_export", "pdf")).status_code == 404
    assert client.get(world.url("participants_export", "xls")).status_code == 404


def test_series_factory_is_shared():
    # The other organiser tests build editions of the same series.
    assert SeriesFactory().slug == "africa"
