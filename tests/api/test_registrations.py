"""POST /api/v1/editions/{id}/registrations, GET /api/v1/registrations, POST …/cancel.

Every registration rule through the API (the same service as the web form),
idempotency, errors as JSON in the caller's language, the roles of the
permission matrix with their own tokens, and fixed numbers of queries.
"""

import json

import pytest

from partnerhub.accounts.consent import current_consent_text
from partnerhub.accounts.services import api_token_create
from partnerhub.conferences.models import (
    EditionStatus,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from partnerhub.conferences.queries import viewable_registrations
from tests.factories import (
    EditionFactory,
    OrganisationFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    SeriesFactory,
    country,
)
from tests.permissions import ROLES

pytestmark = pytest.mark.django_db
S = RegistrationStatus
LIST = "/api/v1/registrations"


# --- Helpers ---------------------------------------------------------------------------


def token_for(person, name="Test token") -> str:
    """A fresh personal API token of `person` (the secret)."""
    _token, secret = api_token_create(person=person, by=person, name=name)
    return secret


def headers(token=None, *, language="en", key=None) -> dict:
    values = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        values["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if key:
        values["HTTP_IDEMPOTENCY_KEY"] = key
    return values


def post(client, url, body=None, token=None, *, language="en", key=None):
    return client.post(
        url,
        data=json.dumps(body or {}),
        content_type="application/json",
        **headers(token, language=language, key=key),
    )


def person_in(**values) -> dict:
    """One person of the body: a German municipality's representative by default."""
    person = {"participant_type": "german_municipality", "full_name": "Test Person", "email": ""}
    person.update(values)
    return person


def body(people, **values) -> dict:
    data = {"people": people, "consent_version": current_consent_text().version}
    data.update(values)
    return data


def url(edition) -> str:
    return f"/api/v1/editions/{edition.pk}/registrations"


def joint(town, partner, *, german_email="", partner_email="") -> dict:
    """A German delegate and a partner delegate, registered together."""
    return body(
        [
            person_in(full_name="Test Person German", email=german_email, municipality=town.slug),
            person_in(
                participant_type="partner_municipality",
                full_name="Test Person Partner",
                email=partner_email,
                language="fr",
                municipality=partner.slug,
            ),
        ],
        german_municipality=town.slug,
        partner_municipality=partner.slug,
    )


def assert_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert isinstance(data["detail"], str) and data["detail"]
    return data


@pytest.fixture
def edition(db):
    return EditionFactory()  # Africa, registration open, a year from now


@pytest.fixture
def ghana(db):
    return PartnerMunicipalityFactory(slug="sample-partner-ghana")


@pytest.fixture
def member(roles):
    """The member of municipality A and a token of theirs."""
    return roles["member_own"], token_for(roles["member_own"])


# --- Registering: eligibility, region, consent, open, duplicates -----------------------------


def test_joint_registration_of_an_eligible_partner(client, roles, member, edition, ghana):
    person, token = member
    town = roles.municipality_own
    partnership = PartnershipFactory(german_municipality=town, partners=[ghana])
    response = post(client, url(edition), joint(town, ghana, partner_email="P@Example.org"), token)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["is_joint"] is True
    assert (data["german_municipality"], data["partner_municipality"]) == (town.slug, ghana.slug)
    assert [(r["full_name"], r["status"]) for r in data["registrations"]] == [
        ("Test Person German", "confirmed"),
        ("Test Person Partner", "confirmed"),
    ]
    partner = data["registrations"][1]
    assert partner["country"] == "GH" and partner["municipality"] == ghana.slug
    assert partner["email"] == "p@example.org" and partner["language"] == "fr"
    assert partner["waiting_list_position"] is None
    group = RegistrationGroup.objects.get(pk=data["id"])
    assert group.submitted_by == person
    assert group.partnership == partnership
    assert group.registrations.count() == 2


def test_graduated_partner_country_is_refused_with_the_reason(client, roles, member, edition):
    _person, token = member
    seychelles = PartnerMunicipalityFactory(country=country("SC"))  # left the list in 2018
    response = post(client, url(edition), joint(roles.municipality_own, seychelles), token)
    data = assert_error(response, 422)
    (message,) = data["fields"]["partner_municipality"]
    assert "Seychelles is not on the DAC List of ODA Recipients" in message
    assert not edition.registrations.exists()


def test_partner_outside_the_series_region_is_refused(client, roles, member, edition):
    _person, token = member
    peru = PartnerMunicipalityFactory(country=country("PE"))
    response = post(client, url(edition), joint(roles.municipality_own, peru), token)
    data = assert_error(response, 422)
    assert "does not belong to the region Africa" in data["detail"]


@pytest.mark.parametrize(
    "changes",
    [{"status": EditionStatus.REGISTRATION_CLOSED}, {"status": EditionStatus.PLANNED}],
)
def test_closed_registration_is_refused_except_for_organisers(client, roles, changes):
    edition = EditionFactory(**changes)
    people = [person_in(municipality=roles.municipality_own.slug)]
    data = assert_error(
        post(client, url(edition), body(people), token_for(roles["member_own"])), 422
    )
    assert data["detail"] == "Registration for this edition is not open."
    response = post(client, url(edition), body(people), token_for(roles["organiser"]))
    assert response.status_code == 201


def test_consent_must_be_the_current_version(client, roles, member, edition):
    _person, token = member
    people = [person_in(municipality=roles.municipality_own.slug)]
    current = current_consent_text().version
    data = assert_error(
        post(client, url(edition), body(people, consent_version="1999-01"), token), 422
    )
    assert current in data["detail"]
    assert current in data["fields"]["consent_version"][0]
    missing = {"people": people}
    assert "errors" in assert_error(post(client, url(edition), missing, token), 400)
    assert not edition.registrations.exists()


def test_an_email_registered_already_is_refused(client, roles, member, edition):
    _person, token = member
    town = roles.municipality_own.slug
    first = body([person_in(email="taken@example.org", municipality=town)])
    assert post(client, url(edition), first, token).status_code == 201
    second = body([person_in(full_name="Other", email="TAKEN@example.org", municipality=town)])
    data = assert_error(post(client, url(edition), second, token), 422)
    assert "already registered" in data["detail"]
    assert any(key.startswith("people[0]") for key in data["fields"])


def test_an_email_twice_in_one_form_is_keyed_to_the_person(client, roles, member, edition):
    _person, token = member
    town = roles.municipality_own.slug
    people = [
        person_in(email="twice@example.org", municipality=town),
        person_in(full_name="Second", email="twice@example.org", municipality=town),
    ]
    data = assert_error(post(client, url(edition), body(people), token), 422)
    assert data["fields"] == {"people[1].email": ["This e-mail address appears twice in the form."]}


def test_rules_of_a_person_are_keyed_people_index_field(client, roles, member, edition):
    _person, token = member
    people = [
        person_in(municipality=roles.municipality_own.slug),
        person_in(participant_type="civil_society", full_name="Test Person Association"),
    ]
    data = assert_error(post(client, url(edition), body(people), token), 422)
    assert data["fields"]["people[1].organisation"] == ["Name the organisation."]
    people[1]["organisation"] = OrganisationFactory().slug
    people[1]["country"] = "de"
    assert post(client, url(edition), body(people), token).status_code == 201


def test_messages_follow_accept_language(client, roles, member, edition):
    _person, token = member
    people = [person_in(full_name="", municipality=roles.municipality_own.slug)]
    german = assert_error(post(client, url(edition), body(people), token, language="de"), 422)
    assert german["fields"]["people[0].full_name"] == ["Dieses Feld darf nicht leer sein."]
    english = assert_error(post(client, url(edition), body(people), token), 422)
    assert english["fields"]["people[0].full_name"] == ["This field cannot be blank."]


# --- Idempotency ----------------------------------------------------------------------------


def test_a_repeated_idempotency_key_returns_the_first_result(client, roles, member, edition):
    _person, token = member
    people = [person_in(municipality=roles.municipality_own.slug)]
    first = post(client, url(edition), body(people), token, key="form-1")
    assert first.status_code == 201
    again = post(client, url(edition), body(people), token, key="form-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert edition.registrations.count() == 1
    # The key may also come in the body; a new key registers again.
    in_body = post(client, url(edition), body(people, submission_key="form-2"), token)
    assert in_body.status_code == 201
    assert post(client, url(edition), body(people), token, key="form-2").status_code == 200
    assert edition.registrations.count() == 2


def test_a_repeated_key_answers_even_after_the_rules_changed(client, roles, member, edition):
    """A retry must learn what happened to the first request, not meet today's rules."""
    _person, token = member
    people = [person_in(municipality=roles.municipality_own.slug)]
    first = post(client, url(edition), body(people), token, key="retry")
    edition.status = EditionStatus.REGISTRATION_CLOSED
    edition.save()
    again = post(client, url(edition), body(people, consent_version="old"), token, key="retry")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_keys_belong_to_their_caller(client, roles, edition):
    """Another person's key never matches: it would show them somebody else's registrations."""
    own = [person_in(municipality=roles.municipality_own.slug)]
    other = [person_in(municipality=roles.municipality_other.slug)]
    first = post(client, url(edition), body(own), token_for(roles["member_own"]), key="k")
    second = post(client, url(edition), body(other), token_for(roles["member_other"]), key="k")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]


def test_without_a_key_every_request_registers(client, roles, member, edition):
    _person, token = member
    people = [person_in(municipality=roles.municipality_own.slug)]
    assert post(client, url(edition), body(people), token).status_code == 201
    assert post(client, url(edition), body(people), token).status_code == 201
    assert edition.registrations.count() == 2


# --- Who may register whom ------------------------------------------------------------------


def test_register_for_municipality_a_as_every_role(client, roles, edition, ghana):
    """Anonymous 401; only members of A (and organisers) register A's delegation."""
    expected = {
        "anonymous": 401,
        "participant": 403,
        "member_own": 201,
        "member_other": 403,
        "reviewer_conflict": 201,  # a member of A
        "organiser": 201,
    }
    assert set(expected) == set(ROLES)
    outcomes = {}
    for index, role in enumerate(ROLES):
        person = roles[role]
        token = token_for(person) if person is not None else None
        data = joint(roles.municipality_own, ghana, german_email=f"{role}@example.org")
        response = post(client, url(edition), data, token, key=f"matrix-{index}")
        outcomes[role] = response.status_code
        if response.status_code >= 400:
            assert_error(response, response.status_code)
    assert outcomes == expected
    forbidden = post(
        client,
        url(edition),
        joint(roles.municipality_own, ghana),
        token_for(roles["member_other"]),
    )
    assert forbidden.json()["detail"] == "You may register only for your own municipality."


def test_anybody_logged_in_may_register_themself_without_a_municipality(client, roles, edition):
    organisation = OrganisationFactory()
    people = [
        person_in(
            participant_type="civil_society",
            full_name="Test Person Association",
            organisation=organisation.slug,
            country="DE",
        )
    ]
    response = post(client, url(edition), body(people), token_for(roles["participant"]))
    assert response.status_code == 201


def test_organisers_admit_an_ineligible_partner_with_a_reason(client, roles, edition):
    seychelles = PartnerMunicipalityFactory(country=country("SC"))
    data = joint(roles.municipality_own, seychelles, german_email="a@example.org")
    data["override_reason"] = "Invited as speaker of the climate workshop."
    refused = post(client, url(edition), data, token_for(roles["member_own"]))
    assert assert_error(refused, 403)["detail"] == (
        "Only organisers may admit a partner that is not eligible."
    )
    response = post(client, url(edition), data, token_for(roles["organiser"]))
    assert response.status_code == 201, response.content
    assert response.json()["eligibility_override_reason"] == data["override_reason"]
    group = RegistrationGroup.objects.get(pk=response.json()["id"])
    assert group.eligibility_overridden_by == roles["organiser"]


# --- Not found and malformed ----------------------------------------------------------------


def test_unknown_edition_is_404(client, member):
    _person, token = member
    data = assert_error(post(client, "/api/v1/editions/999999/registrations", body([]), token), 404)
    assert "999999" in data["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"german_municipality": "atlantis"}, "german_municipality"),
        ({"partner_municipality": "atlantis"}, "partner_municipality"),
        ({"person": {"municipality": "atlantis"}}, "people[0].municipality"),
        ({"person": {"organisation": "atlantis"}}, "people[0].organisation"),
        ({"person": {"country": "ZZ"}}, "people[0].country"),
    ],
)
def test_unknown_municipality_organisation_or_country_is_404_naming_the_field(
    client, roles, member, edition, change, field
):
    _person, token = member
    person = person_in(**{"municipality": roles.municipality_own.slug, **change.pop("person", {})})
    data = assert_error(post(client, url(edition), body([person], **change), token), 404)
    assert list(data["fields"]) == [field]
    assert not edition.registrations.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"people": "everybody"},
        {"people": [{"participant_type": "astronaut", "full_name": "X"}]},
        {"people": [{"participant_type": "speaker"}]},
        {"people": [{"participant_type": "speaker", "full_name": "X", "language": "xx"}]},
        {"people": [{"participant_type": "speaker", "full_name": "X", "diet": "moon"}]},
        {"people": [{"participant_type": "speaker", "full_name": "X", "country": "DEU"}]},
        {"people": [{"participant_type": "speaker", "full_name": "X" * 151}]},
        {"people": [{"participant_type": "speaker", "full_name": "Nul\u0000"}]},
        {"people": [], "german_municipality": "town\u0000"},
    ],
)
def test_a_body_that_does_not_match_the_schema_is_400(client, member, edition, bad):
    _person, token = member
    data = assert_error(post(client, url(edition), {**body([]), **bad}, token), 400)
    assert data["errors"]


def test_malformed_json_is_400(client, member, edition):
    _person, token = member
    response = client.post(
        url(edition), data="{not json", content_type="application/json", **headers(token)
    )
    assert_error(response, 400)


def test_an_empty_form_is_refused(client, member, edition):
    _person, token = member
    data = assert_error(post(client, url(edition), body([]), token), 422)
    assert data["detail"] == "Register at least one person."


# --- Waiting list, my registrations, cancel ---------------------------------------------------


def register_three(client, roles, edition):
    token = token_for(roles["member_own"])
    town = roles.municipality_own.slug
    ids = []
    for index in range(3):
        people = [person_in(full_name=f"Test Person {index}", municipality=town)]
        response = post(client, url(edition), body(people), token)
        ids.append(response.json()["registrations"][0]["id"])
    return token, ids


def test_waiting_list_positions_and_cancelling(client, roles):
    edition = EditionFactory(capacity=1)
    token, ids = register_three(client, roles, edition)
    rows = {r["id"]: r for r in client.get(LIST, **headers(token)).json()["items"]}
    assert [(rows[i]["status"], rows[i]["waiting_list_position"]) for i in ids] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    response = post(client, f"{LIST}/{ids[0]}/cancel", token=token)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    rows = {r["id"]: r for r in client.get(LIST, **headers(token)).json()["items"]}
    assert [(rows[i]["status"], rows[i]["waiting_list_position"]) for i in ids] == [
        ("cancelled", None),
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    again = assert_error(post(client, f"{LIST}/{ids[0]}/cancel", token=token), 422)
    assert "already cancelled" in again["detail"]


def test_cancel_as_every_role(client, roles, edition):
    expected = {
        "anonymous": 401,
        "participant": 403,
        "member_own": 200,
        "member_other": 403,
        "reviewer_conflict": 200,
        "organiser": 200,
    }
    _token, ids = register_three(client, roles, edition)
    outcomes = {}
    for role in ROLES:
        person = roles[role]
        registration = Registration.objects.filter(pk__in=ids, status=S.CONFIRMED).first()
        token = token_for(person) if person is not None else None
        outcomes[role] = post(client, f"{LIST}/{registration.pk}/cancel", token=token).status_code
    assert outcomes == expected
    assert assert_error(post(client, f"{LIST}/999999/cancel", token=_token), 404)


def test_my_registrations_as_every_role(client, roles, edition, ghana):
    own_token = token_for(roles["member_own"])
    post(client, url(edition), joint(roles.municipality_own, ghana), own_token)
    other = [person_in(municipality=roles.municipality_other.slug)]
    post(client, url(edition), body(other), token_for(roles["member_other"]))
    expected = {
        "anonymous": None,
        "participant": 0,
        "member_own": 2,
        "member_other": 1,
        "reviewer_conflict": 2,
        "organiser": 3,
    }
    for role in ROLES:
        person = roles[role]
        response = client.get(LIST, **headers(token_for(person) if person else None))
        if expected[role] is None:
            assert_error(response, 401)
            continue
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == len(data["items"]) == expected[role], role
        # The list's filter is the permission rule: everything listed may be viewed, and
        # everything that may be viewed is listed.
        listed = {item["id"] for item in data["items"]}
        allowed = {
            r.pk
            for r in Registration.objects.all()
            if person.has_perm("conferences.view_registration", r)
        }
        assert listed == allowed, role


def test_the_filter_matches_the_rule_for_the_registered_person_and_the_submitter(
    client, roles, edition
):
    """A participant with an account sees their own registration, registered by somebody else."""
    participant = roles["participant"]
    people = [person_in(email=participant.email, municipality=roles.municipality_own.slug)]
    post(client, url(edition), body(people), token_for(roles["member_own"]))
    registration = Registration.objects.get()
    assert registration.person == participant
    assert list(viewable_registrations(participant)) == [registration]
    assert participant.has_perm("conferences.view_registration", registration)


def test_my_registrations_filters_and_pages(client, roles):
    first, second = EditionFactory(capacity=1), EditionFactory()
    token, _ids = register_three(client, roles, first)
    register_three(client, roles, second)
    page = client.get(LIST, {"edition": first.pk}, **headers(token)).json()
    assert page["count"] == 3
    page = client.get(LIST, {"status": "waitlisted"}, **headers(token)).json()
    assert page["count"] == 2
    assert {item["waiting_list_position"] for item in page["items"]} == {1, 2}
    page = client.get(LIST, {"limit": 2, "offset": 1}, **headers(token)).json()
    assert page["count"] == 6 and len(page["items"]) == 2
    for bad in ({"status": "lost"}, {"limit": 0}, {"limit": 10_000}, {"edition": "x"}):
        assert_error(client.get(LIST, bad, **headers(token)), 400)


@pytest.mark.parametrize("forms", [1, 8])
def test_my_registrations_run_a_fixed_number_of_queries(
    client, roles, django_assert_max_num_queries, forms
):
    edition = EditionFactory(capacity=2, series=SeriesFactory())
    token = token_for(roles["member_own"])
    for index in range(forms):
        town = roles.municipality_own.slug
        people = [person_in(full_name=f"Test {index}.{n}", municipality=town) for n in range(2)]
        post(client, url(edition), body(people), token)
    client.get(LIST, **headers(token))  # last-used time written
    with django_assert_max_num_queries(5):  # token, memberships, count, page, waiting list
        response = client.get(LIST, **headers(token))
    assert response.json()["count"] == forms * 2
    organiser_token = token_for(roles["organiser"])
    client.get(LIST, **headers(organiser_token))
    with django_assert_max_num_queries(4):
        assert client.get(LIST, **headers(organiser_token)).json()["count"] == forms * 2


def test_registration_answer_runs_a_fixed_number_of_queries(
    client, roles, member, edition, django_assert_max_num_queries
):
    """Building the answer does not grow with the people of the form."""
    _person, token = member
    town = roles.municipality_own.slug
    data = body([person_in(full_name=f"Test Person {n}", municipality=town) for n in range(10)])
    first = post(client, url(edition), data, token, key="count")
    assert first.status_code == 201
    with django_assert_max_num_queries(5):  # token, edition, existing key, group, registrations
        assert post(client, url(edition), data, token, key="count").status_code == 200


def test_a_new_registration_runs_few_queries_and_reads_no_permissions(
    client, roles, member, django_assert_max_num_queries
):
    """One person for one's own municipality: every rule, in a fixed, small number of queries
    (docs/performance.md, "Registration request, second pass"); organisers are a platform
    role, so nobody's user or group permissions are read."""
    _person, token = member
    edition = EditionFactory(capacity=5)
    town = roles.municipality_own.slug
    post(client, url(edition), body([person_in(municipality=town)]), token)  # token last used
    data = body(
        [person_in(municipality=town, email="new-person@example.org")], german_municipality=town
    )
    # token, edition with the earlier key and the consent text's id, municipality,
    # memberships, account by e-mail; savepoint (the test's transaction), form, registration,
    # audit entry, the settling of places (on PostgreSQL one message with the lock), release.
    # The answer is built from what was written.
    with django_assert_max_num_queries(12) as captured:
        response = post(client, url(edition), data, token, key="few-queries")
    assert response.status_code == 201, response.content
    assert response.json()["registrations"][0]["status"] == "confirmed"
    statements = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in statements if "auth_permission" in sql]
    # Neither the consent text nor the earlier form is read in a query of its own.
    assert not [sql for sql in statements if sql.startswith('SELECT "accounts_consenttext"')]
    assert not [sql for sql in statements if sql.startswith('SELECT "conferences_registrationg')]


def test_a_new_consent_version_is_required_at_once(client, roles, member, edition, monkeypatch):
    """The consent text's id is read with the edition on every request (no cache): a new
    version in the code is required from the next request on, and stored on first use."""
    from partnerhub.accounts import consent as consent_module
    from partnerhub.accounts.models import ConsentPurpose, ConsentText

    _person, token = member
    town = roles.municipality_own.slug
    old = current_consent_text()
    first = post(client, url(edition), body([person_in(municipality=town)]), token)
    assert first.status_code == 201, first.content
    purpose = ConsentPurpose.CONFERENCE_REGISTRATION
    wording = {**consent_module.CURRENT[purpose], "version": "2099-01", "en": "New text."}
    monkeypatch.setitem(consent_module.CURRENT, purpose, wording)
    people = [person_in(municipality=town, email="second@example.org")]
    refused = assert_error(
        post(client, url(edition), body(people, consent_version=old.version), token), 422
    )
    assert "2099-01" in refused["fields"]["consent_version"][0]
    again = post(client, url(edition), body(people, consent_version="2099-01"), token)
    assert again.status_code == 201, again.content
    registration = Registration.objects.get(pk=again.json()["registrations"][0]["id"])
    assert registration.consent_text.version == "2099-01"
    assert registration.consent_text.text_en == "New text."
    assert ConsentText.objects.filter(purpose=purpose, version="2099-01").count() == 1
    third = post(
        client,
        url(edition),
        body([person_in(municipality=town, email="third@example.org")], consent_version="2099-01"),
        token,
    )
    assert third.status_code == 201, third.content
    registration = Registration.objects.get(pk=third.json()["registrations"][0]["id"])
    assert registration.consent_text_id == ConsentText.objects.get(version="2099-01").pk
    assert registration.consent_text.text_en == "New text."


def test_the_answer_to_a_new_form_is_the_stored_form(client, roles, member):
    """The 201 answer, built from the registrations just written, says exactly what the
    stored form says (the 200 answer to the same key, read from the database)."""
    _person, token = member
    edition = EditionFactory(capacity=1)
    town = roles.municipality_own.slug
    organisation = OrganisationFactory()
    data = body(
        [
            person_in(full_name="Test Person Confirmed", municipality=town),
            person_in(full_name="Test Person Waiting", municipality=town),
            person_in(
                participant_type="civil_society",
                full_name="Test Person Organisation",
                organisation=organisation.slug,
                country="DE",
            ),
        ],
        german_municipality=town,
    )
    first = post(client, url(edition), data, token, key="stored")
    assert first.status_code == 201, first.content
    rows = first.json()["registrations"]
    assert [(r["status"], r["waiting_list_position"]) for r in rows] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert rows[2]["organisation"] == organisation.slug and rows[0]["municipality"] == town
    again = post(client, url(edition), data, token, key="stored")
    assert again.status_code == 200
    assert again.json() == first.json()


# --- What a client reads before registering ------------------------------------------------


def test_consent_text_is_public_in_every_language(client):
    consent = current_consent_text()
    data = client.get("/api/v1/consent-text", {"lang": "fr"}).json()
    assert data["version"] == consent.version
    assert data["text"] == consent.text_fr
    assert set(data["texts"]) == {"de", "en", "fr", "es"}
    assert client.get("/api/v1/consent-text", HTTP_ACCEPT_LANGUAGE="en").json()["text"] == (
        consent.text_en
    )
    assert_error(client.get("/api/v1/consent-text", {"lang": "xx"}), 400)


def test_an_open_edition_through_the_read_endpoints(
    api, roles, member, edition, django_assert_max_num_queries
):
    """The client finds the edition (series, year), then reads it, in a fixed number of queries."""
    year = edition.start_date.year
    listed = api.get("/api/v1/editions", {"series": "africa", "year": year}).json()
    assert [e["id"] for e in listed] == [edition.pk]
    assert listed[0]["status"] == "registration_open"
    with django_assert_max_num_queries(3):
        detail = api.get(f"/api/v1/editions/{edition.pk}", {"lang": "de"}).json()
    assert detail["title"] == f"Kommunale Partnerschaftskonferenz Afrika, Ausgabe {edition.number}"
    assert api.get("/api/v1/series").status_code == 200


# --- The OpenAPI document ----------------------------------------------------------------------


def test_openapi_documents_the_registration_endpoints(api):
    document = api.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    register = paths["/api/v1/editions/{edition_id}/registrations"]["post"]
    assert {"200", "201", "400", "401", "403", "404", "422"} <= register["responses"].keys()
    assert {"name": "Idempotency-Key"}.items() <= next(
        p for p in register["parameters"] if p["in"] == "header"
    ).items()
    assert register["security"] == [{"ApiTokenAuth": []}, {"SessionAuth": []}]
    assert "/api/v1/registrations" in paths
    assert "security" not in paths["/api/v1/consent-text"]["get"]
    assert "/api/v1/registrations/{registration_id}/cancel" in paths
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    schemas = document["components"]["schemas"]
    assert "fields" in schemas["ErrorOut"]["properties"]
    assert "waiting_list_position" in schemas["RegistrationOut"]["properties"]
    # Public reads stay public.
    assert "security" not in paths["/api/v1/editions"]["get"]
