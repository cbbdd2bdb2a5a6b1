"""Registration rules (services.registration): places, waiting list, eligibility, consent."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.conferences import services
from partnerhub.conferences.eligibility import partner_eligibility
from partnerhub.conferences.models import ParticipantType, RegistrationStatus
from partnerhub.core.models import AuditEvent
from tests.factories import (
    EditionFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
    SeriesFactory,
    country,
)

from .helpers import person_values, submit

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def delegation(town, partner, *, german=2, partners=2):
    people = [
        person_values(
            full_name=f"German Delegate {i}", email=f"de{i}@example.org", municipality=town
        )
        for i in range(german)
    ]
    people += [
        person_values(
            participant_type=ParticipantType.PARTNER_MUNICIPALITY,
            full_name=f"Partner Delegate {i}",
            email=f"partner{i}@example.org" if i == 0 else "",
            language="fr",
            municipality=partner,
            country=partner.country,
        )
        for i in range(partners)
    ]
    return people


# --- Joint registration and e-mails ------------------------------------------------


def test_joint_registration_confirms_everybody_and_mails_each_in_their_language(
    german_member, mailoutbox, django_capture_on_commit_callbacks
):
    person, town = german_member
    partner = PartnerMunicipalityFactory()  # Ghana: an ODA recipient in Africa
    edition = EditionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        group = submit(
            edition,
            person,
            delegation(town, partner),
            german_municipality=town,
            partner_municipality=partner,
        )
    assert group.is_joint
    registrations = list(group.registrations.order_by("id"))
    assert [r.status for r in registrations] == [S.CONFIRMED] * 4
    # Three have an address; the partner delegate without one is written to via the submitter.
    assert len(mailoutbox) == 4
    french = next(m for m in mailoutbox if m.to == ["partner0@example.org"])
    assert "Votre inscription est confirmée" in french.subject
    relayed = [m for m in mailoutbox if m.to == [person.email]]
    assert len(relayed) == 1 and "Partner Delegate 1" in relayed[0].body
    assert registrations[2].access_token in french.body
    assert AuditEvent.objects.filter(action="registration.created").count() == 4


def test_registrations_record_consent_version_and_time(german_member):
    person, town = german_member
    group = submit(EditionFactory(), person, [person_values(municipality=town)])
    registration = group.registrations.get()
    assert registration.consent_text.version
    assert registration.consent_given_at is not None


def test_without_consent_nothing_is_registered(german_member):
    person, town = german_member
    edition = EditionFactory()
    with pytest.raises(ValidationError) as error:
        submit(edition, person, [person_values(municipality=town)], consent_text=None)
    assert "Agree to the processing" in str(error.value)
    assert not edition.registrations.exists()


def test_own_account_is_linked_by_email(german_member):
    person, town = german_member
    group = submit(
        EditionFactory(),
        person,
        [person_values(municipality=town, email=person.email.upper())],
    )
    assert group.registrations.get().person == person


# --- Eligibility -----------------------------------------------------------------


def test_graduated_partner_country_is_refused_with_the_reason(german_member):
    person, town = german_member
    seychelles = PartnerMunicipalityFactory(country=country("SC"))  # graduated from 2018 flows
    edition = EditionFactory()
    with pytest.raises(ValidationError) as error:
        submit(
            edition,
            person,
            delegation(town, seychelles),
            german_municipality=town,
            partner_municipality=seychelles,
        )
    message = " ".join(error.value.message_dict["partner_municipality"])
    assert "Seychelles is not on the DAC List of ODA Recipients" in message
    assert not edition.registrations.exists()


def test_partner_outside_the_series_region_is_refused(german_member):
    person, town = german_member
    peru = PartnerMunicipalityFactory(country=country("PE"))
    with pytest.raises(ValidationError) as error:
        submit(EditionFactory(), person, delegation(town, peru), partner_municipality=peru)
    assert "does not belong to the region Africa" in str(error.value)


def test_eligibility_follows_the_list_in_force_on_the_edition_date():
    africa = SeriesFactory()
    seychelles = country("SC")
    before = EditionFactory(series=africa, start=datetime.date(2017, 6, 1))
    after = EditionFactory(series=africa, start=datetime.date(2019, 6, 1))
    assert partner_eligibility(edition=before, country=seychelles).eligible
    assert not partner_eligibility(edition=after, country=seychelles).eligible


def test_only_organisers_admit_an_ineligible_partner_and_the_reason_is_kept(german_member):
    person, town = german_member
    seychelles = PartnerMunicipalityFactory(country=country("SC"))
    edition = EditionFactory()
    with pytest.raises(PermissionDenied):
        submit(
            edition,
            person,
            delegation(town, seychelles),
            partner_municipality=seychelles,
            override_reason="I say so",
        )
    organiser = PersonFactory(is_organiser=True)
    group = submit(
        edition,
        organiser,
        delegation(town, seychelles),
        german_municipality=town,
        partner_municipality=seychelles,
        override_reason="Long-standing partnership; ministry agreed.",
    )
    assert group.eligibility_overridden_by == organiser
    assert group.eligibility_override_reason == "Long-standing partnership; ministry agreed."
    assert group.registrations.count() == 4


def test_members_register_only_for_their_own_municipality(german_member):
    person, _town = german_member
    other_town = MunicipalityFactory()
    with pytest.raises(PermissionDenied):
        submit(
            EditionFactory(),
            person,
            [person_values(municipality=other_town)],
            german_municipality=other_town,
        )


def test_closed_registration_refuses_participants(german_member):
    person, town = german_member
    edition = EditionFactory(status="planned")
    with pytest.raises(ValidationError, match="not open"):
        submit(edition, person, [person_values(municipality=town)])


# --- Places and the waiting list ---------------------------------------------------


def test_full_edition_waitlists_and_cancellation_promotes_in_order(german_member, mailoutbox):
    person, town = german_member
    edition = EditionFactory(capacity=2)
    groups = [
        submit(edition, person, [person_values(municipality=town, email=f"p{i}@example.org")])
        for i in range(4)
    ]
    first, second, third, fourth = (g.registrations.get() for g in groups)
    assert [r.status for r in (first, second, third, fourth)] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    services.registration_cancel(registration=first, by=person)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.CONFIRMED
    assert fourth.status == S.WAITLISTED
    assert services.places_left(edition) == 0


def test_cancelling_a_waiting_registration_promotes_nobody(german_member):
    person, town = german_member
    edition = EditionFactory(capacity=1)
    first = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    second = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    services.registration_cancel(registration=second, by=person)
    first.refresh_from_db()
    assert first.status == S.CONFIRMED
    with pytest.raises(ValidationError, match="already cancelled"):
        services.registration_cancel(registration=second, by=person)


def test_more_places_promote_the_waiting_list(german_member):
    person, town = german_member
    organiser = PersonFactory(is_organiser=True)
    edition = EditionFactory(capacity=1)
    submit(edition, person, [person_values(municipality=town)])
    waiting = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    services.edition_registration_configure(
        edition=edition, by=organiser, capacity=2, status="registration_open"
    )
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    with pytest.raises(ValidationError, match="already confirmed"):
        services.edition_registration_configure(edition=edition, by=organiser, capacity=1)


def test_moderated_edition_waits_for_approval(german_member):
    person, town = german_member
    organiser = PersonFactory(is_organiser=True)
    edition = EditionFactory(capacity=1, is_moderated=True)
    first = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    second = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    assert first.status == second.status == S.PENDING
    with pytest.raises(PermissionDenied):
        services.registration_approve(registration=first, by=person)
    assert services.registration_approve(registration=first, by=organiser).status == S.CONFIRMED
    assert services.registration_approve(registration=second, by=organiser).status == S.WAITLISTED
    with pytest.raises(ValidationError, match="reason"):
        services.registration_decline(registration=second, by=organiser, reason=" ")
    declined = services.registration_decline(registration=second, by=organiser, reason="Full.")
    assert declined.status == S.DECLINED


def test_double_submitted_form_registers_once(german_member):
    person, town = german_member
    edition = EditionFactory()
    people = [person_values(municipality=town, email="once@example.org")]
    first = submit(edition, person, people, key="same-form")
    again = submit(edition, person, people, key="same-form")
    assert first.pk == again.pk
    assert edition.registrations.count() == 1


def test_same_email_cannot_hold_two_active_registrations(german_member):
    person, town = german_member
    edition = EditionFactory()
    submit(edition, person, [person_values(municipality=town, email="twice@example.org")])
    with pytest.raises(ValidationError) as error:
        submit(edition, person, [person_values(municipality=town, email="Twice@example.org")])
    assert "people[0].email" in str(error.value.message_dict) or "people[0].__all__" in str(
        error.value.message_dict
    )
    assert edition.registrations.count() == 1


def test_same_email_twice_in_one_form_is_refused(german_member):
    person, town = german_member
    people = [
        person_values(municipality=town, email="a@example.org"),
        person_values(municipality=town, email="a@example.org"),
    ]
    with pytest.raises(ValidationError) as error:
        submit(EditionFactory(), person, people)
    assert error.value.message_dict == {
        "people[1].email": ["This e-mail address appears twice in the form."]
    }


def test_person_rules_are_reported_per_person(german_member):
    person, town = german_member
    people = [
        person_values(municipality=town),
        person_values(participant_type=ParticipantType.CIVIL_SOCIETY, full_name="X"),
    ]
    with pytest.raises(ValidationError) as error:
        submit(EditionFactory(), person, people)
    assert error.value.message_dict == {"people[1].organisation": ["Name the organisation."]}


# --- The participant's own data ----------------------------------------------------


def test_partner_completes_data_with_the_link_and_the_follow_up_locks(german_member):
    person, town = german_member
    partner = PartnerMunicipalityFactory()
    group = submit(edition := EditionFactory(), person, delegation(town, partner, german=1))
    delegate = group.registrations.get(full_name="Partner Delegate 1")
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=delegate, by=None, token="wrong", diet="vegan")
    services.registration_update(
        registration=delegate,
        by=None,
        token=delegate.access_token,
        diet="vegan",
        needs_visa_letter=True,
        passport_number="X1234567",
    )
    start = edition.start_date
    arrival = datetime.datetime(start.year, start.month, start.day, 10, tzinfo=datetime.UTC)
    services.registration_follow_up_submit(
        registration=delegate,
        by=None,
        token=delegate.access_token,
        arrival_at=arrival,
        departure_at=arrival + datetime.timedelta(days=3),
        travel_details="Flight from Accra",
    )
    with pytest.raises(ValidationError, match="already submitted"):
        services.registration_follow_up_submit(
            registration=delegate, by=None, token=delegate.access_token, travel_details="x"
        )
    organiser = PersonFactory(is_organiser=True)
    services.registration_follow_up_reopen(registration=delegate, by=organiser)
    delegate.refresh_from_db()
    assert delegate.follow_up_is_open


def test_departure_before_arrival_is_refused(german_member):
    person, town = german_member
    registration = submit(
        EditionFactory(), person, [person_values(municipality=town)]
    ).registrations.get()
    arrival = datetime.datetime(2027, 5, 1, 10, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        services.registration_follow_up_submit(
            registration=registration,
            by=person,
            arrival_at=arrival,
            departure_at=arrival - datetime.timedelta(days=1),
        )
    assert "Departure cannot be before arrival." in str(error.value)


def test_visa_letters_are_for_partner_delegates_only(german_member):
    person, town = german_member
    people = [person_values(municipality=town, needs_visa_letter=True)]
    with pytest.raises(ValidationError, match="partner delegates"):
        submit(EditionFactory(), person, people)


def test_check_in_needs_a_confirmed_place_and_happens_once(german_member):
    person, town = german_member
    organiser = PersonFactory(is_organiser=True)
    edition = EditionFactory(capacity=1)
    confirmed = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    waiting = submit(edition, person, [person_values(municipality=town)]).registrations.get()
    assert services.registration_check_in(registration=confirmed, by=organiser)[1] is True
    assert services.registration_check_in(registration=confirmed, by=organiser)[1] is False
    with pytest.raises(ValidationError, match="no confirmed place"):
        services.registration_check_in(registration=waiting, by=organiser)
    with pytest.raises(PermissionDenied):
        services.registration_check_in(registration=confirmed, by=person)


def test_export_and_erasure_cover_registrations(german_member):
    from partnerhub.accounts.services import person_erase, person_export_data

    person, town = german_member
    submit(
        EditionFactory(),
        person,
        [person_values(municipality=town, email=person.email, accessibility_needs="Ramp")],
    )
    exported = person_export_data(person=person)["conference_registrations"]["registrations"]
    assert exported[0]["accessibility_needs"] == "Ramp"
    person_erase(person=person, by=person)
    registration = person.conference_registrations.get()
    assert registration.email == "" and registration.accessibility_needs == ""
    assert registration.status == S.CONFIRMED  # still counts as a participant


def test_eligibility_for_many_countries_agrees_with_one_by_one():
    from partnerhub.conferences.eligibility import partner_eligibility_by_country

    edition = EditionFactory()
    countries = [country(code) for code in ("GH", "SC", "PE", "ZA", "FR")]
    together = partner_eligibility_by_country(edition=edition, countries=countries)
    for each in countries:
        assert together[each.iso2] == partner_eligibility(edition=edition, country=each)
    assert together["GH"].eligible and not together["SC"].eligible
