"""Proposal rules at their edges: deadline to the second, partner countries, applicants, uploads."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.calls import services
from partnerhub.calls.models import ProposalStatus
from partnerhub.reference.models import MunicipalityKind
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory, country

from .conftest import BERLIN, DEADLINE

pytestmark = pytest.mark.django_db

BEFORE = DEADLINE - datetime.timedelta(days=10)
TEXT = {
    "topic_background": "Flooding of the old town.",
    "learning_and_contribution": "We learn from peers and share our early warning system.",
    "knowledge_transfer": "Peer learning in small groups.",
    "further_goals": "A joint pilot.",
}


def actors(*iso2s):
    return [{"name": f"Sample City {code}", "country": country(code)} for code in iso2s]


def complete(call, applicant, *, iso2s=("GH", "FR"), **extra):
    person, town = applicant
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        return services.proposal_create(
            call=call,
            municipality=town,
            by=person,
            title="Flood resilience",
            theme_field="integrated_urban_development",
            actors=actors(*iso2s),
            **TEXT,
            **extra,
        )


def submit_at(proposal, person, moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.proposal_submit(proposal=proposal, by=person)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime.datetime(2026, 2, 17, 23, 59, 59, tzinfo=BERLIN), True),
        (datetime.datetime(2026, 2, 18, 0, 0, 0, tzinfo=BERLIN), False),
        # The same instants in UTC: Berlin is UTC+1 in February.
        (datetime.datetime(2026, 2, 17, 22, 59, 59, tzinfo=datetime.UTC), True),
        (datetime.datetime(2026, 2, 17, 23, 0, 0, tzinfo=datetime.UTC), False),
    ],
)
def test_submission_closes_at_the_deadline_to_the_second(call, applicant, moment, accepted):
    proposal = complete(call, applicant)
    if accepted:
        assert submit_at(proposal, applicant[0], moment).status == ProposalStatus.SUBMITTED
    else:
        with pytest.raises(ValidationError, match="deadline"):
            submit_at(proposal, applicant[0], moment)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.DRAFT


def test_submitted_proposal_gets_a_pdf_and_a_confirmation(
    call, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = complete(call, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        submit_at(proposal, applicant[0], BEFORE)
    proposal.refresh_from_db()
    assert proposal.submitted_document.read(5) == b"%PDF-"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][2] == "application/pdf"


@pytest.mark.parametrize(
    ("iso2s", "message"),
    [
        (("GH",), "at least two further countries"),
        (("GH", "GH"), "at least two further countries"),
        (("DE", "GH"), "at least two further countries"),
        (("FR", "NL"), "Global South"),
        (("CL", "FR"), "Global South"),  # Chile graduated from the DAC list with 2018 flows
    ],
)
def test_partner_countries_rule(call, applicant, iso2s, message):
    proposal = complete(call, applicant, iso2s=iso2s)
    with pytest.raises(ValidationError) as error:
        submit_at(proposal, applicant[0], BEFORE)
    assert message in " ".join(error.value.message_dict["actors"])


@pytest.mark.parametrize("iso2s", [("GH", "FR"), ("GH", "PE"), ("UA", "NL")])
def test_partner_countries_that_qualify(call, applicant, iso2s):
    proposal = complete(call, applicant, iso2s=iso2s)
    assert submit_at(proposal, applicant[0], BEFORE).status == ProposalStatus.SUBMITTED


def test_missing_items_are_listed_for_a_draft(call, applicant):
    person, town = applicant
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        draft = services.proposal_create(call=call, municipality=town, by=person, title="Idea")
    missing = services.proposal_missing(draft)
    assert set(missing) >= {"theme_field", "topic_background", "actors"}


def test_only_german_municipal_applicants(call, organiser):
    partner_town = MunicipalityFactory(country=country("GH"))
    person = PersonFactory()
    MembershipFactory(person=person, municipality=partner_town, since=datetime.date(2020, 1, 1))
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError, match="Only German"),
    ):
        services.proposal_create(call=call, municipality=partner_town, by=person, title="X")


def test_call_restricted_to_some_kinds(organiser, applicant):
    call = services.call_create(
        by=organiser,
        slug="companies-only",
        title_de="Nur Unternehmen",
        deadline=DEADLINE,
        is_published=True,
        eligible_kinds=[MunicipalityKind.MUNICIPAL_COMPANY],
    )
    person, town = applicant
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError, match="not open to City"),
    ):
        services.proposal_create(call=call, municipality=town, by=person, title="X")


def test_members_write_only_for_their_own_municipality(call, applicant):
    other = MunicipalityFactory()
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(PermissionDenied),
    ):
        services.proposal_create(call=call, municipality=other, by=applicant[0], title="X")


def test_sections_longer_than_the_limit_are_refused_and_nothing_saved(call, applicant):
    proposal = complete(call, applicant)
    limit = call.limit_for("topic_background")
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError) as error,
    ):
        services.proposal_update(
            proposal=proposal, by=applicant[0], topic_background="x" * (limit + 1)
        )
    assert f"At most {limit} characters" in error.value.message_dict["topic_background"][0]
    proposal.refresh_from_db()
    assert proposal.topic_background == TEXT["topic_background"]


def test_upload_must_be_a_pdf_by_content_and_small_enough(call, applicant):
    proposal = complete(call, applicant)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError, match="not a PDF"),
    ):
        services.proposal_update(proposal=proposal, by=applicant[0], support_letter=fake)
    big = SimpleUploadedFile(
        "letter.pdf", b"%PDF-1.7\n" + b"0" * (call.max_upload_mb * 1024 * 1024), "application/pdf"
    )
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError, match="larger than"),
    ):
        services.proposal_update(proposal=proposal, by=applicant[0], support_letter=big)
    real = SimpleUploadedFile("scan.bin", b"%PDF-1.4\n%%EOF\n", "application/octet-stream")
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        services.proposal_update(proposal=proposal, by=applicant[0], support_letter=real)
    proposal.refresh_from_db()
    assert proposal.support_letter.name.startswith(f"private/calls/{call.pk}/")


def test_editing_after_the_deadline_and_withdrawing(call, applicant):
    proposal = complete(call, applicant)
    submit_at(proposal, applicant[0], BEFORE)
    after = DEADLINE + datetime.timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=after),
        pytest.raises(ValidationError, match="has passed"),
    ):
        services.proposal_update(proposal=proposal, by=applicant[0], title="Changed")
    withdrawn = services.proposal_withdraw(proposal=proposal, by=applicant[0])
    assert withdrawn.status == ProposalStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.proposal_withdraw(proposal=proposal, by=applicant[0])


def test_a_submitted_proposal_must_stay_complete_when_edited(call, applicant):
    proposal = complete(call, applicant)
    submit_at(proposal, applicant[0], BEFORE)
    with (
        mock.patch("django.utils.timezone.now", return_value=BEFORE),
        pytest.raises(ValidationError) as error,
    ):
        services.proposal_update(proposal=proposal, by=applicant[0], actors=actors("GH"))
    assert "actors" in error.value.message_dict
