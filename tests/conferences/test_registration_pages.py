"""The registration pages: the edition page's box, the delegation form, the summary, "My
registrations"; who may open what (the permission matrix), good and bad input."""

import re

import pytest
from django.urls import reverse

from partnerhub.conferences.models import (
    ParticipantType,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from tests.factories import (
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    SeriesFactory,
    country,
)
from tests.permissions import LOGIN, ROLES, assert_matrix

from .helpers import person_values, submit
from .test_registration_pages_support import (
    EN,
    form_data,
    member_of_new_town,
    register_url,
    text,
)

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def edition_url(edition, name="conferences:edition"):
    return reverse(name, args=[edition.series.slug, edition.number])


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def own_registration(roles, edition):
    """A registration for municipality A, submitted by a colleague (not one of the roles)."""
    colleague = PersonFactory(full_name="Test Person Colleague A")
    MembershipFactory(person=colleague, municipality=roles.municipality_own)
    group = submit(
        edition,
        colleague,
        [
            person_values(
                full_name="Test Person Delegate A",
                email="delegate-a@example.org",
                municipality=roles.municipality_own,
            )
        ],
        german_municipality=roles.municipality_own,
    )
    return group.registrations.get()


# --- Who may open which page ----------------------------------------------------------


def test_register_page_needs_a_log_in(client, roles, edition):
    everybody = {role: 200 for role in ROLES if role != "anonymous"}
    assert_matrix(client, register_url(edition), {"anonymous": LOGIN, **everybody}, **EN)


def test_register_page_of_an_unknown_edition_is_404(client, roles):
    client.force_login(roles["member_own"])
    url = reverse("conferences:register", args=["africa", 999])
    assert client.get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_and_back(client, edition):
    response = client.get(register_url(edition))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={register_url(edition)}"


def test_my_registrations_page(client, roles):
    everybody = {role: 200 for role in ROLES if role != "anonymous"}
    url = reverse("conferences:my_registrations")
    assert_matrix(client, url, {"anonymous": LOGIN, **everybody}, **EN)


def test_a_municipality_sees_only_its_own_registrations(client, roles, own_registration):
    """My registrations and the edition page list a registration only for those who may see it."""
    sees = {
        "participant": False,
        "member_own": True,
        "member_other": False,
        "reviewer_conflict": True,
        "organiser": False,  # organisers have the participant list, not this page
    }
    edition = own_registration.edition
    for role, expected in sees.items():
        client.force_login(roles[role])
        for url in (reverse("conferences:my_registrations"), edition_url(edition)):
            html = client.get(url, **EN).content.decode()
            assert ("Test Person Delegate A" in html) is expected, (role, url)
            assert (own_registration.access_token in html) is expected, (role, url)
        client.logout()


def test_the_public_sees_no_personal_data_on_the_edition_page(client, own_registration):
    html = client.get(edition_url(own_registration.edition), **EN).content.decode()
    assert "Test Person Delegate A" not in html
    assert "delegate-a@example.org" not in html
    assert own_registration.access_token not in html
    assert "Registration is open." in text(client.get(edition_url(own_registration.edition), **EN))


def test_summary_page_of_a_submitted_form(client, roles, own_registration):
    url = reverse("conferences:registration_group", args=[own_registration.group_id])
    assert_matrix(
        client,
        url,
        {
            "anonymous": LOGIN,
            "participant": 404,
            "member_own": 200,
            "member_other": 404,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
        **EN,
    )
    missing = reverse("conferences:registration_group", args=[own_registration.group_id + 99])
    client.force_login(roles["organiser"])
    assert client.get(missing).status_code == 404


def test_participant_pages_open_with_the_link_for_everybody(client, roles, own_registration):
    """The link is the capability: no account is needed, and nobody gets in without it."""
    token = own_registration.access_token
    everybody = dict.fromkeys(ROLES, 200)
    for name in ("conferences:registration_by_token", "conferences:registration_cancel"):
        assert_matrix(client, reverse(name, args=[token]), everybody, **EN)
        assert_matrix(client, reverse(name, args=["not-the-token"]), dict.fromkeys(ROLES, 404))
    for name in ("conferences:registration_update", "conferences:registration_follow_up"):
        assert_matrix(
            client, reverse(name, args=["not-the-token"]), dict.fromkeys(ROLES, 404), "post", {}
        )
        assert_matrix(client, reverse(name, args=[token]), dict.fromkeys(ROLES, 405))
    # A German delegate gets no visa letter, whoever asks.
    assert_matrix(
        client, reverse("conferences:visa_letter", args=[token]), dict.fromkeys(ROLES, 404)
    )
    assert_matrix(
        client, reverse("conferences:visa_letter", args=["nope"]), dict.fromkeys(ROLES, 404)
    )


def test_cancelling_needs_the_right_link(client, roles, own_registration):
    assert_matrix(
        client,
        reverse("conferences:registration_cancel", args=["not-the-token"]),
        dict.fromkeys(ROLES, 404),
        "post",
        {},
    )
    own_registration.refresh_from_db()
    assert own_registration.status == S.CONFIRMED


# --- The edition page's box --------------------------------------------------------------


def test_box_for_an_open_edition_with_places_and_a_full_one(client):
    member, town = member_of_new_town()
    edition = EditionFactory(capacity=2, is_moderated=True)
    box = text(client.get(edition_url(edition), **EN))
    assert "Registration is open." in box and "2 places left." in box
    assert "The organisers approve each registration" in box
    assert register_url(edition) in client.get(edition_url(edition)).content.decode()

    full = EditionFactory(capacity=1)
    submit(full, member, [person_values(municipality=town, email=member.email)])
    waiting = submit(full, member, [person_values(municipality=town, email="w@example.org")])
    box = text(client.get(edition_url(full), **EN))
    assert "All places are taken: new registrations go on the waiting list." in box
    client.force_login(member)
    box = text(client.get(edition_url(full), **EN))
    assert "Your registrations for this edition" in box
    assert "on the waiting list (position 1)" in box
    assert (
        waiting.registrations.get().access_token in client.get(edition_url(full)).content.decode()
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("registration_closed", "Registration is closed."),
        ("held", "This conference has taken place; registration is closed."),
        ("cancelled", "This edition has been cancelled."),
        ("planned", "Registration opens later."),
    ],
)
def test_box_reads_naturally_when_not_open(client, status, expected):
    edition = EditionFactory(status=status)
    page = text(client.get(edition_url(edition), **EN))
    assert expected in page
    assert register_url(edition) not in client.get(edition_url(edition)).content.decode()


def test_box_before_and_after_the_window(client):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    later = EditionFactory(registration_opens_at=now + datetime.timedelta(days=3))
    assert "Registration opens on" in text(client.get(edition_url(later), **EN))
    over = EditionFactory(
        registration_opens_at=now - datetime.timedelta(days=9),
        registration_closes_at=now - datetime.timedelta(days=1),
    )
    assert "Registration closed on" in text(client.get(edition_url(over), **EN))


def test_organisers_may_register_while_registration_is_closed(client, roles):
    edition = EditionFactory(status="registration_closed")
    client.force_login(roles["member_own"])
    page = text(client.get(register_url(edition), **EN))
    assert "Registration for this edition is not open." in page
    client.force_login(roles["organiser"])
    assert "organisers may do so" in text(client.get(edition_url(edition), **EN))
    response = client.get(register_url(edition), **EN)
    assert 'name="consent"' in response.content.decode()


# --- The delegation form ------------------------------------------------------------------


def test_form_is_prefilled_with_the_submitter_and_shows_the_consent_text(client):
    member, town = member_of_new_town(full_name="Test Person Anna", job_title="Partnerships")
    client.force_login(member)
    html = client.get(register_url(EditionFactory()), **EN).content.decode()
    assert 'value="Test Person Anna"' in html and f'value="{member.email}"' in html
    assert f'<option value="{town.pk}" selected>' in html
    assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', html)
    assert "I agree that the service agency processes the details" in html  # current_consent_text
    assert "Consent text, version 2026-11" in html


def test_form_is_shown_in_german_by_default(client):
    member, _town = member_of_new_town()
    client.force_login(member)
    html = client.get(register_url(EditionFactory())).content.decode()
    assert '<html lang="de"' in html
    assert "Ich willige ein" in html  # the consent text in the reader's language


def test_anna_registers_herself_a_colleague_and_two_partner_delegates(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    anna, town = member_of_new_town(full_name="Test Person Anna")
    ghana = PartnerMunicipalityFactory(name="Sample Partner City Ghana")
    PartnershipFactory(german_municipality=town, partners=[ghana])
    edition = EditionFactory()
    client.force_login(anna)
    data = form_data(
        german_municipality=town,
        partner_municipality=ghana,
        german=[
            {"full_name": "Test Person Anna", "email": anna.email},
            {
                "full_name": "Test Person Colleague",
                "email": "colleague@example.org",
                "job_title": "Environment department",
                "diet": "vegetarian",
            },
        ],
        partner=[
            {
                "full_name": "Test Person Kwame",
                "email": "kwame@example.org",
                "language": "en",
                "needs_visa_letter": True,
            },
            {"full_name": "Test Person Ama", "language": "fr", "needs_visa_letter": True},
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(edition), data, **EN)
    group = RegistrationGroup.objects.get(edition=edition)
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:registration_group", args=[group.pk])
    assert group.is_joint and group.partnership is not None
    people = {r.full_name: r for r in group.registrations.all()}
    assert set(people) == {
        "Test Person Anna",
        "Test Person Colleague",
        "Test Person Kwame",
        "Test Person Ama",
    }
    assert people["Test Person Anna"].person == anna
    kwame = people["Test Person Kwame"]
    assert kwame.participant_type == ParticipantType.PARTNER_MUNICIPALITY
    assert kwame.municipality == ghana and kwame.country_id == "GH" and kwame.needs_visa_letter
    assert people["Test Person Colleague"].diet == "vegetarian"
    assert all(r.status == S.CONFIRMED for r in people.values())
    # Three addresses, and Ama's message comes to Anna.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [anna.email, anna.email, "colleague@example.org", "kwame@example.org"]
    )
    summary = text(client.get(response["Location"], **EN))
    assert "Thank you: the registration has been sent." in summary
    assert "Test Person Ama" in summary and "confirmed" in summary


def test_missing_consent_keeps_everything_typed(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(
        consent=False,
        german_municipality=town,
        german=[{"full_name": "Test Person Kept", "accessibility_needs": "Step-free access"}],
    )
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Agree to the processing of your data to register." in html
    assert 'href="#id_consent"' in html  # the error summary links to the checkbox
    assert 'value="Test Person Kept"' in html and "Step-free access" in html
    assert f'value="{data["submission_key"]}"' in html  # the same form, the same key
    assert not edition.registrations.exists()


def test_form_tells_at_once_that_a_seychelles_partner_cannot_be_invited(client):
    member, town = member_of_new_town()
    seychelles = PartnerMunicipalityFactory(name="Sample Island", country=country("SC"))
    ghana = PartnerMunicipalityFactory(name="Sample Coast City")
    edition = EditionFactory()
    client.force_login(member)
    html = client.get(register_url(edition), **EN).content.decode()
    option = re.search(rf'<option value="{seychelles.pk}"[^>]*>[^<]*</option>', html).group(0)
    assert 'data-ineligible="Seychelles is not on the DAC List of ODA Recipients' in option
    assert "cannot be invited" in option
    ghana_option = re.search(rf'<option value="{ghana.pk}"[^>]*>', html).group(0)
    assert "data-ineligible" not in ghana_option
    assert "Which partner municipalities cannot be invited, and why" in html
    assert "js/registration.js" in html

    data = form_data(
        german_municipality=town,
        partner_municipality=seychelles,
        german=[{"full_name": "Test Person German"}],
        partner=[{"full_name": "Test Person Island", "email": "island@example.org"}],
    )
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 200
    page = text(response)
    assert "Partner municipality: Seychelles is not on the DAC List of ODA Recipients" in page
    html = response.content.decode()
    assert 'value="Test Person Island"' in html and 'value="island@example.org"' in html
    assert re.search(rf'<option value="{seychelles.pk}"[^>]*selected', html)
    # Shown next to the choice without JavaScript, too.
    assert re.search(r'<p id="partner-eligibility"[^>]*>Seychelles is not on the DAC', html)
    assert not edition.registrations.exists()


def test_partner_outside_the_region_is_refused_with_the_reason(client):
    member, town = member_of_new_town()
    peru = PartnerMunicipalityFactory(country=country("PE"))
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(
        german_municipality=town,
        partner_municipality=peru,
        partner=[{"full_name": "Test Person Lima"}],
    )
    page = text(client.post(register_url(edition), data, **EN))
    assert "Peru does not belong to the region Africa of this conference series." in page
    assert not edition.registrations.exists()


def test_partner_delegates_need_their_municipality(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(german_municipality=town, partner=[{"full_name": "Test Person Nowhere"}])
    page = text(client.post(register_url(edition), data, **EN))
    assert "Choose the partner municipality of the partner delegates." in page
    assert not edition.registrations.exists()


def test_the_same_address_twice_in_the_form_is_shown_on_the_second_person(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(
        german_municipality=town,
        german=[
            {"full_name": "Test Person One", "email": "same@example.org"},
            {"full_name": "Test Person Two", "email": "same@example.org"},
        ],
    )
    response = client.post(register_url(edition), data, **EN)
    html = response.content.decode()
    assert "Person 2 of your side, E-mail address: This e-mail address appears twice" in html
    assert 'href="#id_german-1-email"' in html
    assert re.search(r'name="german-1-email"[^>]*aria-invalid="true"', html)
    assert not edition.registrations.exists()


def test_a_partner_delegate_already_registered_is_shown_on_that_delegate(client):
    member, town = member_of_new_town()
    ghana = PartnerMunicipalityFactory()
    edition = EditionFactory()
    submit(
        edition,
        member,
        [
            person_values(
                participant_type=ParticipantType.PARTNER_MUNICIPALITY,
                full_name="Test Person Early",
                email="early@example.org",
                municipality=ghana,
                country=ghana.country,
            )
        ],
    )
    client.force_login(member)
    data = form_data(
        german_municipality=town,
        partner_municipality=ghana,
        german=[{"full_name": "Test Person German"}],
        partner=[{"full_name": "Test Person Early", "email": "Early@example.org"}],
    )
    page = text(client.post(register_url(edition), data, **EN))
    assert "Partner delegate 1: This e-mail address is already registered." in page
    assert edition.registrations.count() == 1


def test_a_double_submitted_form_registers_once(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(german_municipality=town, german=[{"full_name": "Test Person Once"}])
    first = client.post(register_url(edition), data)
    second = client.post(register_url(edition), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert edition.registrations.count() == 1


def test_organiser_admits_an_ineligible_partner_with_a_reason(client, roles):
    seychelles = PartnerMunicipalityFactory(country=country("SC"))
    edition = EditionFactory()
    town = roles.municipality_own
    client.force_login(roles["organiser"])
    html = client.get(register_url(edition), **EN).content.decode()
    assert "Reason for admitting an ineligible partner" in html
    assert f'<option value="{town.pk}">' in html  # organisers may pick any German municipality
    data = form_data(
        german_municipality=town,
        partner_municipality=seychelles,
        german=[{"full_name": "Test Person German"}],
        partner=[{"full_name": "Test Person Island"}],
    )
    page = text(client.post(register_url(edition), data, **EN))
    assert "Seychelles is not on the DAC List" in page  # no reason given: refused
    assert not edition.registrations.exists()
    data["override_reason"] = "Long-standing partnership; the ministry agreed."
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 302
    group = RegistrationGroup.objects.get(edition=edition)
    assert group.eligibility_overridden_by == roles["organiser"]
    assert group.eligibility_override_reason == "Long-standing partnership; the ministry agreed."
    assert group.registrations.count() == 2


def test_a_member_cannot_override_eligibility(client):
    member, town = member_of_new_town()
    seychelles = PartnerMunicipalityFactory(country=country("SC"))
    edition = EditionFactory()
    client.force_login(member)
    html = client.get(register_url(edition), **EN).content.decode()
    assert "override_reason" not in html
    data = form_data(
        german_municipality=town,
        partner_municipality=seychelles,
        partner=[{"full_name": "Test Person Island"}],
        override_reason="I say so",
    )
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 200
    assert "Seychelles is not on the DAC List" in text(response)
    assert not edition.registrations.exists()


def test_a_member_cannot_register_for_another_municipality(client, roles):
    edition = EditionFactory()
    client.force_login(roles["member_own"])
    data = form_data(
        german_municipality=roles.municipality_other, german=[{"full_name": "Test Person X"}]
    )
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not edition.registrations.exists()


def test_civil_society_actors_come_for_the_registering_persons_organisation(client):
    person = PersonFactory()
    association = OrganisationFactory(name="Sample Friends Association")
    MembershipFactory(person=person, municipality=None, organisation=association)
    other = OrganisationFactory(name="Sample Other Association")
    edition = EditionFactory()
    client.force_login(person)
    html = client.get(register_url(edition), **EN).content.decode()
    assert "Sample Friends Association" in html and "Sample Other Association" not in html
    data = form_data(
        german=[
            {
                "participant_type": ParticipantType.CIVIL_SOCIETY,
                "full_name": "Test Person Civil",
                "organisation": association.pk,
            },
            {"participant_type": ParticipantType.SPEAKER, "full_name": "Test Person Speaker"},
        ]
    )
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code == 302, text(response)
    civil = Registration.objects.get(full_name="Test Person Civil")
    assert civil.organisation == association and civil.country_id == "DE"
    speaker = Registration.objects.get(full_name="Test Person Speaker")
    assert speaker.participant_type == ParticipantType.SPEAKER and speaker.municipality is None
    # Another organisation cannot be chosen.
    data = form_data(
        german=[
            {
                "participant_type": ParticipantType.CIVIL_SOCIETY,
                "full_name": "Test Person Other",
                "organisation": other.pk,
            }
        ]
    )
    assert "Select a valid choice" in text(client.post(register_url(edition), data, **EN))


def test_civil_society_without_an_organisation_is_told_so(client):
    member, _town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(
        german=[{"participant_type": ParticipantType.CIVIL_SOCIETY, "full_name": "Test Person C"}]
    )
    page = text(client.post(register_url(edition), data, **EN))
    assert "Person 1 of your side: Name the organisation." in page


def test_a_municipality_representative_needs_the_municipality(client):
    person = PersonFactory()  # acts for no municipality
    edition = EditionFactory()
    client.force_login(person)
    data = form_data(german=[{"full_name": "Test Person Lonely"}])
    page = text(client.post(register_url(edition), data, **EN))
    assert "German municipality: Name the German municipality." in page


def test_a_name_is_needed_for_every_row_that_has_data(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(german_municipality=town, german=[{"email": "noname@example.org"}])
    page = text(client.post(register_url(edition), data, **EN))
    assert "Person 1 of your side, Name: This field is required." in page
    assert not edition.registrations.exists()


def test_an_empty_form_registers_nobody(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    page = text(client.post(register_url(edition), form_data(german_municipality=town), **EN))
    assert "Register at least one person." in page


def test_adding_a_row_keeps_the_input_and_shows_no_errors(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(
        consent=False,
        german_municipality=town,
        partner=[{"full_name": "Test Person Typed"}],
        extra_rows=0,
        add="partner",
    )
    response = client.post(register_url(edition), data, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="partner-TOTAL_FORMS" value="2"' in html
    assert 'value="Test Person Typed"' in html
    assert "Please correct the following" not in html
    assert re.search(r'name="partner-1-full_name"[^>]*autofocus', html)
    assert not edition.registrations.exists()


def test_a_full_edition_puts_people_on_the_waiting_list(client):
    member, town = member_of_new_town()
    edition = EditionFactory(capacity=1)
    client.force_login(member)
    data = form_data(
        german_municipality=town,
        german=[{"full_name": "Test Person First"}, {"full_name": "Test Person Second"}],
    )
    response = client.post(register_url(edition), data, **EN)
    summary = text(client.get(response["Location"], **EN))
    assert "Test Person First" in summary and "confirmed" in summary
    assert "on the waiting list (position 1)" in summary


def test_a_moderated_edition_shows_awaiting_approval(client):
    member, town = member_of_new_town()
    edition = EditionFactory(is_moderated=True)
    client.force_login(member)
    data = form_data(german_municipality=town, german=[{"full_name": "Test Person Waits"}])
    response = client.post(register_url(edition), data, **EN)
    assert "awaiting approval" in text(client.get(response["Location"], **EN))


def test_the_german_ukrainian_network_has_no_region_rule(client):
    member, town = member_of_new_town()
    series = SeriesFactory(slug="german-ukrainian", kind="german_ukrainian", region="")
    edition = EditionFactory(series=series)
    kyiv = PartnerMunicipalityFactory(country=country("UA"))
    client.force_login(member)
    data = form_data(
        german_municipality=town,
        partner_municipality=kyiv,
        partner=[{"full_name": "Test Person Ukraine"}],
    )
    assert client.post(register_url(edition), data, **EN).status_code == 302


NASTY = [
    {"submission_key": ""},
    {"submission_key": "x" * 500},
    {"german_municipality": "not a number"},
    {"german_municipality": "999999"},
    {"partner_municipality": "999999"},
    {"partner_municipality": "'; drop table"},
    {"german-TOTAL_FORMS": "many"},
    {"german-TOTAL_FORMS": "100000"},
    {"partner-TOTAL_FORMS": "-3"},
    {"german-0-participant_type": "partner_municipality"},
    {"german-0-language": "xx"},
    {"german-0-email": "not-an-address"},
    {"german-0-full_name": "x" * 1000},
    {"german-0-diet": "other"},
    {"german-0-organisation": "5"},
    {"consent_version": "1999-01"},
    {"add": "nonsense"},
    {"add": "german", "german-TOTAL_FORMS": "oops"},
]


@pytest.mark.parametrize("change", NASTY)
def test_no_input_makes_a_server_error(client, change):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(german_municipality=town, german=[{"full_name": "Test Person Robust"}])
    data.update(change)
    response = client.post(register_url(edition), data, **EN)
    assert response.status_code in (200, 302)
    if response.status_code == 200 and "add" not in change:
        assert "Please correct the following" in response.content.decode()


def test_missing_management_data_is_an_error_not_a_crash(client):
    member, _town = member_of_new_town()
    client.force_login(member)
    response = client.post(register_url(EditionFactory()), {"consent": "on"}, **EN)
    assert response.status_code == 200
    assert "Please correct the following" in response.content.decode()


def test_a_changed_consent_text_must_be_agreed_to_again(client):
    member, town = member_of_new_town()
    edition = EditionFactory()
    client.force_login(member)
    data = form_data(german_municipality=town, german=[{"full_name": "Test Person Reads"}])
    data["consent_version"] = "2020-01"
    response = client.post(register_url(edition), data, **EN)
    html = response.content.decode()
    assert "The text has changed since the form was shown" in html
    assert 'name="consent_version" value="2026-11"' in html
    assert not edition.registrations.exists()


# --- My registrations ------------------------------------------------------------------------


def test_my_registrations_groups_by_edition_with_links(client):
    member, town = member_of_new_town()
    first, second = EditionFactory(), EditionFactory(capacity=1)
    submit(first, member, [person_values(municipality=town, email=member.email)])
    submit(second, member, [person_values(municipality=town, full_name="Test Person Place")])
    waiting = submit(second, member, [person_values(municipality=town, full_name="Test Person W")])
    client.force_login(member)
    response = client.get(reverse("conferences:my_registrations"), **EN)
    html = response.content.decode()
    assert first.display_title in html and second.display_title in html
    token = waiting.registrations.get().access_token
    assert reverse("conferences:registration_by_token", args=[token]) in html
    assert reverse("conferences:registration_cancel", args=[token]) in html
    assert "on the waiting list (position 1)" in text(response)


def test_my_registrations_without_any(client):
    client.force_login(PersonFactory())
    assert "You have no registrations yet." in text(
        client.get(reverse("conferences:my_registrations"), **EN)
    )


@pytest.mark.parametrize("rows", [1, 12])
def test_my_registrations_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    member, town = member_of_new_town()
    editions = [EditionFactory(capacity=rows // 2 or 1) for _ in range(2)]
    for index in range(rows):
        submit(
            editions[index % 2],
            member,
            [person_values(municipality=town, full_name=f"Test Person {index}")],
        )
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("conferences:my_registrations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f"Test Person {index}<" in html for index in range(rows))
