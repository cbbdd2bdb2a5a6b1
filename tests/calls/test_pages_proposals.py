"""The applicant's pages: who sees which proposal, forms with good and bad data, private files."""

import datetime
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerhub.accounts.models import Membership
from partnerhub.calls import services
from partnerhub.calls.forms_proposals import ActorFormSet, ProposalForm
from partnerhub.calls.models import Proposal, ProposalStatus
from partnerhub.calls.views.proposals import _apply_errors
from partnerhub.reference.models import SdgGoal
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
    country,
)
from tests.permissions import LOGIN, ROLES, assert_matrix

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db

BEFORE = DEADLINE - datetime.timedelta(days=10)
AFTER = DEADLINE + datetime.timedelta(seconds=1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT = {
    "topic_background": "Flooding of the old town.",
    "learning_and_contribution": "We learn from peers and share our early warning system.",
    "knowledge_transfer": "Peer learning in small groups.",
    "further_goals": "A joint pilot.",
}
# Who sees a proposal of municipality_own: its members (the reviewer among them) and organisers.
SEE_OWN = {
    "anonymous": LOGIN,
    "participant": 404,
    "member_own": 200,
    "member_other": 404,
    "reviewer_conflict": 200,
    "organiser": 200,
}
# Who changes it: its members only; organisers read it but may not write for the applicant.
CHANGE_OWN = {**SEE_OWN, "organiser": 403}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen():
    """Ten days before the deadline of the 2026 call."""
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        yield BEFORE


@pytest.fixture
def world(roles, call):
    """The people of the matrix, members since 2020 (current at the mocked time)."""
    Membership.objects.update(since=datetime.date(2020, 1, 1))
    return roles


def draft_of(world, call, **fields):
    """A draft of municipality_own, written by its member."""
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        return services.proposal_create(
            call=call,
            municipality=world.municipality_own,
            by=world["member_own"],
            title=fields.pop("title", "Flood resilience"),
            **fields,
        )


def actors(*iso2s):
    return [{"name": f"Sample City {code}", "country": country(code)} for code in iso2s]


def complete_draft(world, call, iso2s=("GH", "FR")):
    return draft_of(
        world,
        call,
        theme_field="integrated_urban_development",
        actors=actors(*iso2s),
        commits_to_follow_up=True,
        has_municipal_support=True,
        **TEXT,
    )


def submitted(world, call, django_capture_on_commit_callbacks):
    proposal = complete_draft(world, call)
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.proposal_submit(proposal=proposal, by=world["member_own"])
    proposal.refresh_from_db()
    return proposal


def edit_data(proposal=None, *, rows=(), **changes):
    """The POST data of the edit form: the proposal's values, the actor rows, changes."""
    data = {
        "title": "Flood resilience",
        "theme_field": "integrated_urban_development",
        "contact_role": "Head of the climate unit",
        **TEXT,
    }
    rows = list(rows)
    data["actors-TOTAL_FORMS"] = str(max(len(rows), 2))
    data["actors-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"actors-{index}-{key}"] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def url(name, proposal):
    return reverse(f"calls:{name}", args=[proposal.pk])


def post_edit(client, proposal, data, person):
    client.force_login(person)
    return client.post(url("proposal_edit", proposal), data, **EN)


# --- Who sees what --------------------------------------------------------------------


def test_a_draft_is_seen_by_its_municipality_and_the_organisers_only(client, world, call, frozen):
    proposal = draft_of(world, call)
    assert_matrix(client, url("proposal", proposal), SEE_OWN)
    assert_matrix(client, url("proposal_edit", proposal), CHANGE_OWN)
    assert_matrix(client, url("proposal_withdraw", proposal), CHANGE_OWN)
    # Submitting an incomplete draft shows what is missing and changes nothing.
    assert_matrix(client, url("proposal_submit", proposal), CHANGE_OWN, method="post", data={})
    assert_matrix(
        client,
        url("proposal_submit", proposal),
        dict.fromkeys(ROLES, 405),
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_starting_a_proposal(client, world, call, frozen):
    assert_matrix(
        client,
        reverse("calls:proposal_create", args=[call.slug]),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 200,
            "reviewer_conflict": 200,
            "organiser": 403,
        },
    )


def test_my_proposals_lists_only_the_own_municipalitys(client, world, call, frozen):
    own = draft_of(world, call, title="Own topic")
    assert_matrix(
        client,
        reverse("calls:my_proposals"),
        {"anonymous": LOGIN, **{role: 200 for role in ROLES if role != "anonymous"}},
    )
    client.force_login(world["member_own"])
    content = client.get(reverse("calls:my_proposals"), **EN).content.decode()
    assert "Own topic" in content
    assert url("proposal", own) in content
    client.force_login(world["member_other"])
    content = client.get(reverse("calls:my_proposals"), **EN).content.decode()
    assert "Own topic" not in content


def test_my_proposals_show_the_decision_and_its_reason(
    client, world, call, frozen, organiser, django_capture_on_commit_callbacks
):
    proposal = submitted(world, call, django_capture_on_commit_callbacks)
    services.proposal_decide(
        proposal=proposal, decision="selected", reason="A strong topic.", by=organiser
    )
    client.force_login(world["member_own"])
    content = client.get(reverse("calls:my_proposals"), **EN).content.decode()
    assert 'data-decision="selected"' in content
    assert "A strong topic." in content


def test_my_proposals_runs_a_fixed_number_of_queries(
    client, world, call, frozen, django_assert_max_num_queries
):
    for number in range(5):
        draft_of(world, call, title=f"Topic {number}")
    client.force_login(world["member_own"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("calls:my_proposals"), **EN)
    assert response.content.decode().count('data-proposal="') == 5


def test_proposal_pages_run_a_fixed_number_of_queries(
    client, world, call, frozen, django_assert_max_num_queries
):
    proposal = complete_draft(world, call, iso2s=("GH", "FR", "PE", "NL", "UA"))
    proposal.sdgs.set(SdgGoal.objects.all()[:5])
    client.force_login(world["member_own"])
    with django_assert_max_num_queries(14):
        assert client.get(url("proposal", proposal), **EN).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(url("proposal_edit", proposal), **EN).status_code == 200


def test_reviewers_see_only_what_is_assigned_to_them(
    client, world, call, organiser, frozen, django_capture_on_commit_callbacks
):
    proposal = submitted(world, call, django_capture_on_commit_callbacks)
    assigned = PersonFactory(full_name="Test Person Reviewer B", is_reviewer=True)
    unassigned = PersonFactory(full_name="Test Person Reviewer C", is_reviewer=True)
    services.review_assign(proposal=proposal, reviewer=assigned, by=organiser)
    for person, status in ((assigned, 200), (unassigned, 404)):
        client.force_login(person)
        assert client.get(url("proposal", proposal)).status_code == status
        assert client.get(url("proposal_document", proposal)).status_code == status
        assert client.get(url("proposal_edit", proposal)).status_code == (
            403 if status == 200 else 404
        )


# --- Private files --------------------------------------------------------------------


def test_the_submitted_pdf_exists_only_after_submission_and_only_for_those_who_see_it(
    client, world, call, frozen, django_capture_on_commit_callbacks
):
    draft = draft_of(world, call)
    assert_matrix(
        client,
        url("proposal_document", draft),
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    )
    proposal = submitted(world, call, django_capture_on_commit_callbacks)
    assert_matrix(client, url("proposal_document", proposal), SEE_OWN)
    client.force_login(world["member_own"])
    response = client.get(url("proposal_document", proposal))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_the_letter_of_support_is_private(client, world, call, frozen):
    proposal = draft_of(world, call)
    assert_matrix(
        client,
        url("support_letter", proposal),
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    )
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        services.proposal_update(
            proposal=proposal,
            by=world["member_own"],
            support_letter=SimpleUploadedFile("letter.pdf", PDF, "application/pdf"),
        )
    proposal.refresh_from_db()
    assert_matrix(client, url("support_letter", proposal), SEE_OWN)
    # No public address: media files are not served by the application.
    client.logout()
    assert client.get(f"/media/{proposal.support_letter.name}").status_code == 404
    assert proposal.support_letter.url not in client.get(url("proposal", proposal)).content.decode()


def test_a_document_missing_on_disk_is_a_404_not_a_500(client, world, call, frozen):
    proposal = draft_of(world, call)
    Proposal.objects.filter(pk=proposal.pk).update(submitted_document="private/gone.pdf")
    client.force_login(world["member_own"])
    assert client.get(url("proposal_document", proposal)).status_code == 404


# --- Starting a proposal --------------------------------------------------------------


def test_start_a_draft_and_continue_to_the_form(client, world, call, frozen):
    client.force_login(world["member_own"])
    response = client.post(
        reverse("calls:proposal_create", args=[call.slug]),
        {"municipality": world.municipality_own.pk, "title": "Circular waste"},
        **EN,
    )
    proposal = Proposal.objects.get(title="Circular waste")
    assert response.status_code == 302
    assert response["Location"] == url("proposal_edit", proposal)
    assert proposal.municipality == world.municipality_own
    assert proposal.created_by == world["member_own"]


def test_a_proposal_for_another_municipality_is_refused(client, world, call, frozen):
    client.force_login(world["member_own"])
    response = client.post(
        reverse("calls:proposal_create", args=[call.slug]),
        {"municipality": world.municipality_other.pk, "title": "Not ours"},
        **EN,
    )
    assert response.status_code == 200
    assert (
        "You may write proposals only for a municipality you act for" in response.content.decode()
    )
    assert 'value="Not ours"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_partner_municipality_is_told_why_it_cannot_apply(client, call, frozen):
    person = PersonFactory(full_name="Test Person Partner")
    town = PartnerMunicipalityFactory()
    MembershipFactory(person=person, municipality=town, since=datetime.date(2020, 1, 1))
    client.force_login(person)
    response = client.get(reverse("calls:proposal_create", args=[call.slug]), **EN)
    assert response.status_code == 403
    assert "Only German municipalities and municipal companies may apply." in (
        response.content.decode()
    )


def test_starting_after_the_deadline_is_refused_with_the_reason(client, world, call):
    client.force_login(world["member_own"])
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        response = client.post(
            reverse("calls:proposal_create", args=[call.slug]),
            {"municipality": world.municipality_own.pk, "title": "Too late"},
            **EN,
        )
    assert response.status_code == 200
    assert "has passed" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_member_of_several_municipalities_chooses_among_those_that_may_apply(
    client, world, call, frozen
):
    company = MunicipalityFactory(name="Sample Waste Company", kind="municipal_company")
    partner = PartnerMunicipalityFactory(name="Sample Partner Town")
    for town in (company, partner):
        MembershipFactory(
            person=world["member_own"], municipality=town, since=datetime.date(2020, 1, 1)
        )
    client.force_login(world["member_own"])
    content = client.get(reverse("calls:proposal_create", args=[call.slug]), **EN)
    content = content.content.decode()
    assert f'value="{company.pk}"' in content
    assert f'value="{partner.pk}"' not in content
    assert "Sample Partner Town: Only German municipalities" in content


# --- The proposal page: what is missing, submitting ------------------------------------


def test_the_proposal_page_lists_what_is_missing_with_the_services_messages(
    client, world, call, frozen
):
    proposal = draft_of(world, call, topic_background="Flooding.")
    missing = services.proposal_missing(proposal)
    client.force_login(world["member_own"])
    content = client.get(url("proposal", proposal), **EN).content.decode()
    for messages in missing.values():
        for message in messages:
            assert str(message) in content
    assert "at least two further countries" in content
    assert 'data-item="topic_background" data-done="true"' in content
    assert 'data-item="theme_field" data-done="false"' in content
    assert f"{url('proposal_edit', proposal)}#id_knowledge_transfer" in content


def test_submitting_an_incomplete_proposal_shows_what_is_missing(client, world, call, frozen):
    proposal = draft_of(world, call, **TEXT, theme_field="municipal_services", actors=actors("GH"))
    client.force_login(world["member_own"])
    response = client.post(url("proposal_submit", proposal), **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your proposal could not be submitted" in content
    assert "at least two further countries" in content
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


@pytest.mark.parametrize(
    ("iso2s", "message"),
    [
        (("GH",), "at least two further countries"),
        (("FR", "NL"), "Global South"),
        (("CL", "FR"), "Global South"),  # Chile graduated from the DAC list with 2018 flows
    ],
)
def test_submitting_with_partner_countries_that_do_not_qualify(
    client, world, call, frozen, iso2s, message
):
    proposal = complete_draft(world, call, iso2s=iso2s)
    client.force_login(world["member_own"])
    response = client.post(url("proposal_submit", proposal), **EN)
    assert message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_submitting_before_the_deadline_and_downloading_the_pdf(
    client, world, call, frozen, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = complete_draft(world, call)
    client.force_login(world["member_own"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("proposal_submit", proposal), **EN)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    content = client.get(url("proposal", proposal), **EN).content.decode()
    assert 'data-status="submitted"' in content
    assert url("proposal_document", proposal) in content
    assert len(mailoutbox) == 1


def test_submitting_after_the_deadline_is_refused(client, world, call):
    proposal = complete_draft(world, call)
    client.force_login(world["member_own"])
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        response = client.post(url("proposal_submit", proposal), **EN)
        assert response.status_code == 200
        assert "has passed" in response.content.decode()
        # After the deadline there is nothing to edit any more.
        edit = client.get(url("proposal_edit", proposal), **EN)
        assert edit.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_withdrawing_after_confirmation(client, world, call, frozen):
    proposal = complete_draft(world, call)
    client.force_login(world["member_own"])
    confirmation = client.get(url("proposal_withdraw", proposal), **EN).content.decode()
    assert "Do you really want to withdraw" in confirmation
    response = client.post(url("proposal_withdraw", proposal), **EN)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    # Withdrawn: no more editing, and withdrawing again is explained, not a 500.
    assert client.get(url("proposal_edit", proposal)).status_code == 302
    again = client.post(url("proposal_withdraw", proposal), follow=True, **EN)
    assert "already withdrawn" in again.content.decode()


# --- The edit form --------------------------------------------------------------------


def test_the_edit_form_carries_the_limits_for_the_length_counters(client, world, call, frozen):
    proposal = draft_of(world, call, **TEXT)
    client.force_login(world["member_own"])
    content = client.get(url("proposal_edit", proposal), **EN).content.decode()
    assert re.search(r"<textarea[^>]*data-limit=\"2500\"[^>]*id=\"id_topic_background\"", content)
    assert 'data-total-limit="7000"' in content
    assert "js/length-counter.js" in content and "defer" in content
    count = len(TEXT["topic_background"])
    assert f"{count} of 2500 characters" in content
    total = sum(len(text) for text in TEXT.values())
    assert f"{total} of 7000 characters in all" in content
    assert 'aria-describedby="id_topic_background_helptext id_topic_background_counter"' in content


def test_saving_a_draft_keeps_everything_even_when_incomplete(client, world, call, frozen):
    proposal = draft_of(world, call)
    sdgs = list(SdgGoal.objects.order_by("number")[:2])
    data = edit_data(
        theme_field=None,
        topic_background="Only the first section.\r\nSecond line.",
        learning_and_contribution="",
        knowledge_transfer="",
        further_goals="",
        climate_focus="on",
        commits_to_follow_up="on",
        sdgs=[goal.number for goal in sdgs],
        rows=[{"name": "Sample City GH", "country": "GH", "contact_role": "Mayor's office"}],
    )
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 302
    assert response["Location"] == url("proposal", proposal)
    proposal.refresh_from_db()
    assert proposal.topic_background == "Only the first section.\nSecond line."
    assert proposal.climate_focus and proposal.commits_to_follow_up
    assert not proposal.has_municipal_support
    assert proposal.contact_role == "Head of the climate unit"
    assert list(proposal.sdgs.order_by("number")) == sdgs
    assert [(a.name, a.country_id) for a in proposal.actors.all()] == [("Sample City GH", "GH")]
    content = client.get(url("proposal", proposal), **EN).content.decode()
    assert "at least two further countries" in content


def test_an_existing_municipality_as_actor(client, world, call, frozen):
    proposal = draft_of(world, call)
    partner = PartnerMunicipalityFactory(name="Sample Partner City Kumasi")
    data = edit_data(
        rows=[{"municipality": str(partner.pk)}, {"name": "Sample Ville", "country": "FR"}]
    )
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 302
    actors_ = list(proposal.actors.order_by("id"))
    assert actors_[0].municipality == partner and actors_[0].country_id == "GH"
    assert actors_[1].display_name == "Sample Ville"
    # The form shows them again for editing.
    content = client.get(url("proposal_edit", proposal), **EN).content.decode()
    assert f'<option value="{partner.pk}" selected>' in content
    assert 'value="Sample Ville"' in content


def test_text_over_the_limit_is_refused_with_the_message_and_the_input_kept(
    client, world, call, frozen
):
    proposal = draft_of(world, call, **TEXT)
    limit = call.limit_for("topic_background")
    too_long = "Flood " * (limit // 6 + 1)
    data = edit_data(topic_background=too_long, further_goals="Changed goals.")
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    content = response.content.decode()
    assert f"At most {limit} characters (now {len(too_long.strip())})" in content
    assert too_long.strip() in content
    assert "Changed goals." in content
    assert 'href="#id_topic_background"' in content
    assert 'aria-invalid="true"' in content
    proposal.refresh_from_db()
    assert proposal.topic_background == TEXT["topic_background"]
    assert proposal.further_goals == TEXT["further_goals"]


def test_total_over_the_limit_is_refused(client, world, call, frozen):
    proposal = draft_of(world, call)
    call.total_limit = 100
    call.save()
    data = edit_data(topic_background="x" * 60, learning_and_contribution="y" * 60)
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    assert "may have 100 characters in all" in response.content.decode()


def test_a_non_pdf_renamed_pdf_is_refused_and_the_rest_kept_in_the_form(
    client, world, call, frozen
):
    proposal = draft_of(world, call)
    data = edit_data(topic_background="Kept text.")
    data["support_letter"] = SimpleUploadedFile(
        "letter.pdf", b"MZ\x90\x00 an executable", "application/pdf"
    )
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    content = response.content.decode()
    assert "The file is not a PDF document." in content
    assert 'href="#id_support_letter"' in content
    assert "Kept text." in content
    assert "choose it again" in content
    proposal.refresh_from_db()
    assert not proposal.support_letter
    assert proposal.topic_background == ""


def test_a_real_pdf_is_attached(client, world, call, frozen):
    proposal = draft_of(world, call)
    data = edit_data()
    data["support_letter"] = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
    assert post_edit(client, proposal, data, world["member_own"]).status_code == 302
    proposal.refresh_from_db()
    assert proposal.support_letter.name.startswith(f"private/calls/{call.pk}/")
    response = client.get(url("support_letter", proposal))
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"contact_role": "Mayor's office"}, "name", "Name the municipality"),
        ({"name": "Sample City"}, "country", "Choose the country."),
        ({"municipality": "999999"}, "municipality", "Select a valid choice"),
    ],
)
def test_actor_rows_with_errors_are_shown_at_their_fields(
    client, world, call, frozen, row, field, message
):
    proposal = draft_of(world, call)
    data = edit_data(rows=[{"name": "Sample City GH", "country": "GH"}, row])
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'href="#id_actors-1-{field}"' in content
    assert 'value="Sample City GH"' in content
    assert not proposal.actors.exists()


def test_an_actor_municipality_in_another_country_than_chosen(client, world, call, frozen):
    proposal = draft_of(world, call)
    partner = PartnerMunicipalityFactory(name="Sample Partner City Tamale")
    data = edit_data(rows=[{"municipality": str(partner.pk), "country": "FR"}])
    content = post_edit(client, proposal, data, world["member_own"]).content.decode()
    assert "Sample Partner City Tamale lies in Ghana." in content


def test_service_errors_go_to_their_fields():
    """`actors[<i>].<field>` to the i-th filled row, `actors` to the list, others by name."""
    call = mock.Mock(theme_field_choices=[], max_upload_mb=5, total_limit=7000)
    call.limit_for.return_value = 100
    form = ProposalForm({"title": "x"}, call=call)
    formset = ActorFormSet(
        {
            "actors-TOTAL_FORMS": "2",
            "actors-INITIAL_FORMS": "0",
            "actors-1-name": "Sample City",
            "actors-1-country": "",
        },
        prefix="actors",
        form_kwargs={"municipalities": [], "countries": []},
    )
    assert form.is_valid()
    formset.is_valid()
    filled = [formset.forms[1]]
    actor_errors = []
    error = ValidationError(
        {
            "actors[0].contact_role": ["Too long."],
            "actors[5].name": ["Lost row."],
            "actors": ["Two countries."],
            "topic_background": ["Too long here."],
            "municipality": ["Not German."],
        }
    )
    _apply_errors(error, form, filled, actor_errors)
    assert formset.forms[1].errors["contact_role"] == ["Too long."]
    assert actor_errors == ["Lost row.", "Two countries."]
    assert form.errors["topic_background"] == ["Too long here."]
    assert "Not German." in form.non_field_errors()


def test_adding_an_actor_row_keeps_the_input(client, world, call, frozen):
    proposal = draft_of(world, call)
    data = edit_data(
        topic_background="Typed, not saved.",
        rows=[{"name": "Sample City GH", "country": "GH"}, {"name": "Sample Ville"}],
    )
    data["add_actor"] = "1"
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="actors-TOTAL_FORMS" value="3"' in content
    assert "Typed, not saved." in content
    assert 'value="Sample Ville"' in content
    assert 'class="error-summary"' not in content
    proposal.refresh_from_db()
    assert proposal.topic_background == ""


@pytest.mark.parametrize(
    "changes",
    [
        {"actors-TOTAL_FORMS": "many"},
        {"actors-TOTAL_FORMS": "5000"},
        {"theme_field": "space_travel"},
        {"sdgs": ["99", "x"]},
        {"title": ""},
    ],
)
def test_garbage_is_answered_with_a_form_never_a_500(client, world, call, frozen, changes):
    proposal = draft_of(world, call)
    data = edit_data(**changes)
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_a_submitted_proposal_must_stay_complete_when_changed(
    client, world, call, frozen, django_capture_on_commit_callbacks
):
    proposal = submitted(world, call, django_capture_on_commit_callbacks)
    data = edit_data(rows=[{"name": "Sample City GH", "country": "GH"}])
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 200
    assert "at least two further countries" in response.content.decode()
    assert proposal.actors.count() == 2
    data = edit_data(
        further_goals="A joint pilot, and a second one.",
        rows=[
            {"name": "Sample City GH", "country": "GH"},
            {"name": "Sample Ville", "country": "FR"},
        ],
    )
    response = post_edit(client, proposal, data, world["member_own"])
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.further_goals == "A joint pilot, and a second one."
