"""Travel grants: applying (partner delegates, by link), deciding line by line against the
budget, the budget itself, e-mails, the pages, the export, and who may do what."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from partnerhub.conferences import queries, services
from partnerhub.conferences.models import GrantStatus, ParticipantType, TravelGrantApplication
from partnerhub.core.models import AuditEvent
from tests.factories import PartnerMunicipalityFactory, PersonFactory
from tests.permissions import LOGIN, ROLES, assert_matrix, assert_perm_matrix

from .helpers import person_values, submit
from .test_programme_support import edition, german_registration, organiser, partner_registration

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
D = Decimal
LINES = [
    {"category": "travel", "amount": D("900.00"), "description": "Return flight Accra–Frankfurt"},
    {"category": "accommodation", "amount": D("400.00"), "description": "Four nights"},
    {"category": "per_diem", "amount": D("120.50")},
]


@pytest.fixture
def lea():
    return organiser()


@pytest.fixture
def ed():
    return edition(travel_budget=D("2000.00"))


@pytest.fixture
def kwame(ed, lea):
    return partner_registration(ed, lea, full_name="Test Person Kwame")


def apply(registration, lines=LINES, justification="Our budget cannot cover it.", **kwargs):
    kwargs.setdefault("by", None)
    kwargs.setdefault("token", registration.access_token)
    return services.travel_grant_apply(
        registration=registration, lines=lines, justification=justification, **kwargs
    )


def approve_all(application, by, factor=1):
    return services.travel_grant_decide(
        application=application,
        approved={line.pk: line.requested_amount * factor for line in application.lines.all()},
        by=by,
    )


def messages_of(error) -> str:
    return " ".join(error.messages)


# --- Applying ----------------------------------------------------------------------------


def test_partner_delegate_applies_by_link(kwame):
    application = apply(kwame)
    assert application.status == GrantStatus.SUBMITTED
    assert application.requested_total == D("1420.50")
    assert application.submitted_by is None  # no account: the link was used
    assert AuditEvent.objects.filter(action="travel_grant.submitted").count() == 1


def test_grants_are_for_active_partner_delegates(ed, lea, kwame):
    german = german_registration(ed, lea)
    with pytest.raises(ValidationError) as error:
        apply(german)
    assert "Travel grants are for delegates of partner municipalities" in messages_of(error.value)
    services.registration_cancel(registration=kwame, by=lea)
    with pytest.raises(ValidationError) as error:
        apply(kwame)
    assert "Only an active registration" in messages_of(error.value)


def test_only_the_link_or_people_acting_for_the_registration_may_apply(kwame, lea):
    with pytest.raises(PermissionDenied):
        apply(kwame, token="wrong")
    with pytest.raises(PermissionDenied):
        apply(kwame, by=PersonFactory(), token="")
    assert apply(kwame, by=lea, token="").submitted_by == lea


@pytest.mark.parametrize(
    ("lines", "justification", "key", "message"),
    [
        ([], "x", "__all__", "at least one cost category"),
        ([{"category": "travel", "amount": D("0")}], "x", "travel_amount", "above zero"),
        ([{"category": "travel", "amount": D("-5")}], "x", "travel_amount", "above zero"),
        ([{"category": "travel", "amount": D("1.005")}], "x", "travel_amount", "to the cent"),
        ([{"category": "travel", "amount": "lots"}], "x", "travel_amount", "Enter an amount"),
        (
            [{"category": "travel", "amount": D("1")}, {"category": "travel", "amount": D("2")}],
            "x",
            "travel_amount",
            "appears once",
        ),
        ([{"category": "taxi", "amount": D("1")}], "x", "__all__", "Unknown cost category"),
        ([{"category": "travel", "amount": D("1")}], "  ", "justification", "Explain why"),
    ],
)
def test_bad_applications_are_refused(kwame, lines, justification, key, message):
    with pytest.raises(ValidationError) as error:
        apply(kwame, lines=lines, justification=justification)
    found = error.value.message_dict[key] if key != "__all__" else error.value.messages
    assert message in " ".join(found)
    assert not TravelGrantApplication.objects.exists()


def test_editable_until_decided(kwame, lea):
    apply(kwame)
    application = apply(kwame, lines=[{"category": "travel", "amount": D("800")}])
    assert [line.category for line in application.lines.all()] == ["travel"]
    assert application.requested_total == D("800")
    approve_all(application, lea)
    with pytest.raises(ValidationError) as error:
        apply(kwame)
    assert "can no longer be changed" in messages_of(error.value)


def test_withdraw_and_apply_again(kwame, lea):
    application = apply(kwame)
    services.travel_grant_withdraw(application=application, by=None, token=kwame.access_token)
    application.refresh_from_db()
    assert application.status == GrantStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.travel_grant_decide(application=application, approved={}, by=lea)
    application = apply(kwame)
    assert application.status == GrantStatus.SUBMITTED
    approve_all(application, lea)
    with pytest.raises(ValidationError) as error:
        services.travel_grant_withdraw(application=application, by=lea)
    assert "Only an application awaiting a decision" in messages_of(error.value)


# --- Deciding -------------------------------------------------------------------------------------


def test_decision_line_by_line_is_mailed_in_the_applicants_language(
    ed, lea, mailoutbox, django_capture_on_commit_callbacks
):
    amara = partner_registration(ed, lea, full_name="Test Person Amara", language="fr")
    application = apply(amara)
    lines = {line.category: line for line in application.lines.all()}
    with django_capture_on_commit_callbacks(execute=True):
        services.travel_grant_decide(
            application=application,
            approved={
                lines["travel"].pk: D("900"),
                lines["accommodation"].pk: D("300"),
                lines["per_diem"].pk: D("0"),
            },
            note="Per diem is paid on site.",
            by=lea,
        )
    application.refresh_from_db()
    assert application.status == GrantStatus.DECIDED and application.decided_by == lea
    assert application.approved_total == D("1200")
    assert queries.travel_budget(ed).committed == D("1200")
    assert AuditEvent.objects.filter(action="travel_grant.decided").count() == 1
    (mail,) = mailoutbox
    assert mail.to == [amara.email]
    assert "Test Person Amara" in mail.body and "Per diem is paid on site." in mail.body
    assert reverse("conferences:travel_grant", args=[amara.access_token]) in mail.body
    # Written in French (numbers at least, until the catalogues hold the new texts).
    assert "1\xa0200,00" in mail.body


def test_a_delegate_without_email_is_told_through_whoever_registered_them(
    ed, lea, mailoutbox, django_capture_on_commit_callbacks
):
    silent = partner_registration(ed, lea, email="")
    with django_capture_on_commit_callbacks(execute=True):
        approve_all(apply(silent), lea)
    assert [mail.to for mail in mailoutbox] == [[lea.email]]
    assert "has no e-mail address of their own" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("900.01"), "At most the requested 900.00 EUR can be approved."),
        (D("-1"), "above zero"),
        (None, "Enter the approved amount for every line"),
    ],
)
def test_each_amount_lies_between_zero_and_the_request(kwame, lea, amount, message):
    application = apply(kwame, lines=[LINES[0]])
    line = application.lines.get()
    with pytest.raises(ValidationError) as error:
        services.travel_grant_decide(application=application, approved={line.pk: amount}, by=lea)
    assert message in " ".join(error.value.message_dict[f"line_{line.pk}"])
    application.refresh_from_db()
    assert application.status == GrantStatus.SUBMITTED


def test_every_line_is_decided_and_only_its_own(kwame, lea):
    application = apply(kwame)
    first, *_ = application.lines.all()
    with pytest.raises(ValidationError):
        services.travel_grant_decide(application=application, approved={first.pk: D(1)}, by=lea)
    with pytest.raises(ValidationError) as error:
        services.travel_grant_decide(application=application, approved={-1: D(1)}, by=lea)
    assert "only the lines of this application" in messages_of(error.value)


def test_never_above_the_budget_and_the_message_states_the_figures(ed, lea):
    first = apply(partner_registration(ed, lea))  # 1420.50
    second = apply(partner_registration(ed, lea))
    approve_all(first, lea)
    with pytest.raises(ValidationError) as error:
        approve_all(second, lea)
    message = messages_of(error.value)
    assert "Approving 1,420.50 EUR would exceed the budget" in message
    assert "1,420.50 EUR of 2,000.00 EUR are already approved" in message
    assert "579.50 EUR are available" in message
    # Approving what is left works; a decision may be changed later to free budget.
    line = second.lines.get(category="travel")
    approved = {line.pk: D("0") for line in second.lines.all()} | {line.pk: D("579.50")}
    services.travel_grant_decide(application=second, approved=approved, by=lea)
    assert queries.travel_budget(ed).available == D("0")
    approve_all(first, lea, factor=D("0"))
    assert queries.travel_budget(ed).committed == D("579.50")


def test_approving_needs_a_budget_declining_does_not(lea):
    no_budget = edition()
    application = apply(partner_registration(no_budget, lea))
    with pytest.raises(ValidationError) as error:
        approve_all(application, lea)
    assert "Set the travel grant budget" in messages_of(error.value)
    approve_all(application, lea, factor=D("0"))


def test_only_organisers_decide_and_set_the_budget(ed, kwame):
    application = apply(kwame)
    with pytest.raises(PermissionDenied):
        approve_all(application, PersonFactory())
    with pytest.raises(PermissionDenied):
        services.edition_set_travel_budget(edition=ed, budget=D(1), by=PersonFactory())


def test_budget_never_below_what_is_committed(ed, lea, kwame):
    approve_all(apply(kwame), lea)
    with pytest.raises(ValidationError) as error:
        services.edition_set_travel_budget(edition=ed, budget=D("1000"), by=lea)
    assert "1,420.50 EUR are already approved" in messages_of(error.value)
    with pytest.raises(ValidationError):
        services.edition_set_travel_budget(edition=ed, budget=None, by=lea)
    services.edition_set_travel_budget(edition=ed, budget=D("1420.50"), by=lea)
    ed.refresh_from_db()
    assert ed.travel_budget == D("1420.50")
    event = AuditEvent.objects.get(action="edition.travel_budget_set")
    assert (event.from_state, event.to_state) == ("2000.00", "1420.50")


def test_budget_figures(ed, lea):
    decided = apply(partner_registration(ed, lea))
    apply(partner_registration(ed, lea), lines=[{"category": "travel", "amount": D("300")}])
    withdrawn = apply(partner_registration(ed, lea))
    services.travel_grant_withdraw(application=withdrawn, by=lea)
    approve_all(decided, lea, factor=D("0.5"))
    budget = queries.travel_budget(ed)
    assert budget.budget == D("2000.00")
    assert budget.committed == D("710.25")
    assert budget.available == D("1289.75")
    assert budget.requested_undecided == D("300")
    assert (budget.undecided, budget.decided, budget.withdrawn) == (1, 1, 1)


# --- Pages ---------------------------------------------------------------------------------


def grant_url(registration):
    return reverse("conferences:travel_grant", args=[registration.access_token])


def board_url(ed, name="travel_grants", *args):
    return reverse(f"conferences:{name}", args=[ed.series.slug, ed.number, *args])


def form_data(**overrides):
    data = {
        "travel_amount": "900.00",
        "travel_description": "Return flight",
        "accommodation_amount": "",
        "accommodation_description": "",
        "per_diem_amount": "60",
        "per_diem_description": "",
        "justification": "Our budget cannot cover it.",
    }
    data.update(overrides)
    return data


def test_applicant_page_apply_change_see_decision(client, ed, lea, kwame):
    page = grant_url(kwame)
    html = client.get(page, **EN).content.decode()
    assert "Apply for a travel grant" in html and "Travel: amount in EUR" in html
    response = client.post(page, form_data(), **EN)
    assert response.status_code == 302
    html = client.get(page, **EN).content.decode()
    assert "Status: submitted" in html and "960.00" in html and "not decided yet" in html
    approve_all(kwame.travel_grant, lea, factor=D("0.5"))
    html = client.get(page, **EN).content.decode()
    assert "Status: decided" in html and "<strong>480.00</strong>" in html
    assert "Change your application" not in html and "Withdraw" not in html
    response = client.post(page, form_data(), **EN)
    assert "can no longer be changed" in response.content.decode()


def test_applicant_page_keeps_input_on_errors(client, kwame):
    page = grant_url(kwame)
    response = client.post(
        page,
        form_data(travel_amount="", travel_description="Bus", justification=""),
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter an amount for the details you gave" in html
    assert "Explain why you need the grant." in html
    assert 'value="Bus"' in html and 'value="60"' in html
    response = client.post(page, form_data(travel_amount="-3"), **EN)
    assert (
        response.status_code == 200 and "greater than or equal to 0.01" in response.content.decode()
    )
    assert not TravelGrantApplication.objects.exists()


def test_applicant_page_withdraw(client, kwame):
    apply(kwame)
    response = client.post(grant_url(kwame), {"action": "withdraw"}, follow=True, **EN)
    assert "Your application has been withdrawn." in response.content.decode()
    assert kwame.travel_grant.status == GrantStatus.WITHDRAWN


def test_others_are_told_grants_are_for_partner_delegates(client, ed, lea):
    german = german_registration(ed, lea)
    html = client.get(grant_url(german), **EN).content.decode()
    assert "Travel grants are for delegates of partner municipalities" in html
    assert '<form method="post" novalidate>' not in html
    response = client.post(grant_url(german), form_data(), **EN)
    assert response.status_code == 200
    assert not TravelGrantApplication.objects.exists()


def test_organiser_page_budget_decisions_and_errors(client, ed, lea, kwame):
    application = apply(kwame)
    client.force_login(lea)
    html = client.get(board_url(ed), **EN).content.decode()
    assert 'data-figure="budget">2,000.00' in html
    assert 'data-figure="requested">1,420.50' in html
    assert "Test Person Kwame" in html and "Return flight Accra–Frankfurt" in html
    lines = {line.category: line for line in application.lines.all()}
    prefix = f"application-{application.pk}"
    data = {f"{prefix}-line_{line.pk}": str(line.requested_amount) for line in lines.values()}
    data[f"{prefix}-line_{lines['travel'].pk}"] = "950"
    response = client.post(board_url(ed, "travel_grant_decide", application.pk), data, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value is less than or equal to 900.00" in html or "At most" in html
    assert 'value="950"' in html
    data[f"{prefix}-line_{lines['travel'].pk}"] = "900"
    response = client.post(board_url(ed, "travel_grant_decide", application.pk), data, **EN)
    assert response.status_code == 302
    html = client.get(board_url(ed), **EN).content.decode()
    assert 'data-figure="committed">1,420.50' in html
    assert 'data-figure="available">579.50' in html
    # The budget below what is committed: refused, input kept.
    response = client.post(board_url(ed, "travel_budget_set"), {"budget": "1000"}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1,420.50 EUR are already approved" in html and 'value="1000"' in html
    response = client.post(board_url(ed, "travel_budget_set"), {"budget": "5000"})
    assert response.status_code == 302
    ed.refresh_from_db()
    assert ed.travel_budget == D("5000")


def test_over_budget_decision_on_the_page(client, lea):
    small = edition(travel_budget=D("100"))
    application = apply(partner_registration(small, lea))
    client.force_login(lea)
    prefix = f"application-{application.pk}"
    data = {f"{prefix}-line_{line.pk}": "50" for line in application.lines.all()}
    response = client.post(board_url(small, "travel_grant_decide", application.pk), data, **EN)
    assert response.status_code == 200
    assert "Approving 150.00 EUR would exceed the budget" in response.content.decode()


@pytest.mark.parametrize("applications", [1, 10])
def test_grant_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, applications
):
    lea = organiser()
    ed = edition(travel_budget=D("100000"))
    people = [partner_registration(ed, lea) for _ in range(applications)]
    for index, person in enumerate(people):
        application = apply(person)
        if index % 2:
            approve_all(application, lea)
    client.force_login(lea)
    with django_assert_max_num_queries(10):
        assert client.get(board_url(ed)).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(board_url(ed, "travel_grants_export", "xlsx")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(grant_url(people[-1])).status_code == 200


# --- Export ------------------------------------------------------------------------------------


def test_export_for_accounting_csv_and_xlsx(client, ed, lea, kwame):
    approve_all(apply(kwame), lea, factor=D("0.5"))
    other = apply(partner_registration(ed, lea), lines=[{"category": "travel", "amount": D(300)}])
    client.force_login(lea)
    response = client.get(board_url(ed, "travel_grants_export", "csv"), **EN)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Edition",
        "Application",
        "Person",
        "Municipality",
        "Country",
        "Category",
        "Requested (EUR)",
        "Approved (EUR)",
        "Status",
        "Decided at",
    ]
    assert len(rows) == 1 + 3 + 1
    travel = next(row for row in rows if row[2] == "Test Person Kwame" and row[5] == "travel")
    assert travel[4] == "Ghana" and travel[6] == "900.00" and travel[7] == "450.00"
    assert travel[8] == "decided" and travel[9]
    assert kwame.municipality.name == travel[3]
    undecided = next(row for row in rows if row[1] == str(other.pk))
    assert undecided[7] == "" and undecided[8] == "submitted" and undecided[9] == ""

    response = client.get(board_url(ed, "travel_grants_export", "xlsx"), **EN)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Edition" and len(values) == 5
    per_diem = next(row for row in values if row[5] == "per diem")
    assert per_diem[6] == 120.5 and per_diem[7] == 60.25
    assert client.get(board_url(ed, "travel_grants_export", "pdf")).status_code == 404


# --- Permission matrices ---------------------------------------------------------------------


def test_travel_grant_permissions(roles):
    lea = roles["organiser"]
    ed = edition()
    partner = PartnerMunicipalityFactory()
    delegate = person_values(
        participant_type=ParticipantType.PARTNER_MUNICIPALITY,
        full_name="Test Person Delegate",
        municipality=partner,
        country=partner.country,
    )
    registration = submit(
        ed,
        lea,
        [delegate],
        german_municipality=roles.municipality_own,
        partner_municipality=partner,
    ).registrations.get()
    own = {"anonymous": False, "participant": False, "member_own": True}
    own |= {"member_other": False, "reviewer_conflict": True, "organiser": True}
    assert_perm_matrix("conferences.apply_for_travel_grant", registration, own)
    organiser_only = {role: role == "organiser" for role in ROLES}
    application = apply(registration)
    assert_perm_matrix("conferences.decide_travel_grant", application, organiser_only)


def test_who_opens_which_grant_page(client, roles):
    lea = roles["organiser"]
    ed = edition(travel_budget=D("1000"))
    delegate = partner_registration(ed, lea)
    application = apply(delegate)
    organiser_page = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 200}
    for target in (
        board_url(ed),
        board_url(ed, "travel_grants_export", "csv"),
        board_url(ed, "travel_grants_export", "xlsx"),
    ):
        assert_matrix(client, target, organiser_page)
    post_page = {**organiser_page, "organiser": 302}
    assert_matrix(client, board_url(ed, "travel_budget_set"), post_page, "post", {"budget": "900"})
    prefix = f"application-{application.pk}"
    decision = {f"{prefix}-line_{line.pk}": "0" for line in application.lines.all()}
    assert_matrix(
        client, board_url(ed, "travel_grant_decide", application.pk), post_page, "post", decision
    )
    assert_matrix(client, grant_url(delegate), dict.fromkeys(ROLES, 200))
    wrong = reverse("conferences:travel_grant", args=["not-a-token"])
    assert_matrix(client, wrong, dict.fromkeys(ROLES, 404))


def test_personal_data_export_lists_the_grant(ed, lea):
    person = PersonFactory(email="test.person.delegate@example.org")
    registration = partner_registration(ed, lea, email=person.email)
    assert registration.person == person
    apply(registration)
    exported = services.travel_grants_export_for_person(person)
    (grant,) = exported["travel_grants"]
    assert grant["status"] == "submitted" and len(grant["lines"]) == 3


def test_erasure_blanks_the_free_texts_and_keeps_the_amounts(ed, lea):
    person = PersonFactory(email="test.person.erased@example.org")
    registration = partner_registration(ed, lea, email=person.email)
    approve_all(apply(registration), lea)
    services.travel_grants_erase_for_person(person)
    application = TravelGrantApplication.objects.get(registration=registration)
    assert application.justification == ""
    assert not any(line.description for line in application.lines.all())
    assert application.approved_total == D("1420.50")


@pytest.mark.django_db
def test_a_persons_export_and_erasure_include_travel_grants():
    from partnerhub.accounts import privacy

    keys = [part.key for part in privacy.parts()]
    assert "conference_travel_grants" in keys
    part = next(part for part in privacy.parts() if part.key == "conference_travel_grants")
    assert part.exporter is not None and part.eraser is not None
