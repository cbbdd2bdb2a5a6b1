"""Many rows fast: `bulk_create` helpers for the query-count tests (invented data only)."""

import datetime
import itertools

from django.utils import timezone

from partnerhub.accounts.consent import current_consent_text
from partnerhub.calls import defaults as call_defaults
from partnerhub.calls.models import (
    SECTIONS,
    Call,
    Criterion,
    CriterionScore,
    Proposal,
    ProposalStatus,
    ProposedActor,
    ReviewAssignment,
)
from partnerhub.conferences.models import (
    Edition,
    EditionPart,
    EditionStatus,
    ParticipantType,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.reference.models import Municipality, MunicipalityKind

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def municipalities(count: int, country: str = "DE") -> list[Municipality]:
    numbers = [_n() for _ in range(count)]
    return Municipality.objects.bulk_create(
        [
            Municipality(
                name=f"Sample Bulk Town {n}",
                slug=f"sample-bulk-{country.lower()}-{n}",
                kind=MunicipalityKind.CITY,
                country_id=country,
                is_sample=True,
            )
            for n in numbers
        ]
    )


def editions(series, count: int) -> list[Edition]:
    """`count` editions, alternately held (past) and open (future), each with one part."""
    start_number = (
        series.editions.order_by("-number").values_list("number", flat=True).first()
    ) or 0
    today = datetime.date.today()
    made = Edition.objects.bulk_create(
        [
            Edition(
                series=series,
                number=start_number + index + 1,
                place=f"Sample place {index}",
                status=EditionStatus.HELD if index % 2 else EditionStatus.REGISTRATION_OPEN,
                description_en="Sample description.",
            )
            for index in range(count)
        ]
    )
    EditionPart.objects.bulk_create(
        [
            EditionPart(
                edition=edition,
                start=(
                    datetime.date(1990 + index % 30, 5, 1)
                    if index % 2
                    else today + datetime.timedelta(days=30 + index)
                ),
            )
            for index, edition in enumerate(made)
        ]
    )
    return made


def registrations(edition, count: int, *, municipality=None, submitted_by=None) -> None:
    """`count` confirmed and waiting registrations in groups of two, without accounts."""
    municipality = municipality or municipalities(1)[0]
    consent = current_consent_text()
    groups = RegistrationGroup.objects.bulk_create(
        [
            RegistrationGroup(
                edition=edition,
                submission_key=f"bulk-{_n()}",
                submitted_by=submitted_by,
                german_municipality=municipality,
            )
            for _ in range((count + 1) // 2)
        ]
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                edition=edition,
                group=groups[index // 2],
                participant_type=ParticipantType.GERMAN_MUNICIPALITY,
                full_name=f"Sample Participant {index}",
                email=f"bulk-{_n()}@example.org",
                municipality=municipality,
                country_id="DE",
                status=RegistrationStatus.CONFIRMED if index % 3 else RegistrationStatus.WAITLISTED,
                consent_text=consent,
                consent_given_at=now,
            )
            for index in range(count)
        ]
    )


def calls(count: int) -> list[Call]:
    deadline = timezone.now() + datetime.timedelta(days=30)
    made = Call.objects.bulk_create(
        [
            Call(
                slug=f"sample-bulk-call-{_n()}",
                title_de="Beispielaufruf",
                title_en="Sample call",
                eligible_kinds=call_defaults.GERMAN_MUNICIPAL_BODIES,
                theme_fields=call_defaults.ALL_THEME_FIELDS,
                section_limits=call_defaults.SECTION_LIMITS,
                deadline=deadline - datetime.timedelta(days=index),
                is_published=True,
                is_sample=True,
            )
            for index in range(count)
        ]
    )
    return made


def criteria(call) -> list[Criterion]:
    if call.criteria.exists():
        return list(call.criteria.all())
    return Criterion.objects.bulk_create(
        [
            Criterion(
                call=call, number=number, title_de=de, title_en=en, kind=kind, auto_check=auto
            )
            for number, (de, en, kind, auto) in enumerate(call_defaults.CRITERIA_2026, start=1)
        ]
    )


def proposals(call, count: int, *, municipality=None, reviewers=(), scored=True) -> list:
    """`count` submitted proposals with two partner actors each, assigned to `reviewers`."""
    municipality = municipality or municipalities(1)[0]
    partners = [municipalities(1, "GH")[0], municipalities(1, "BR")[0]]
    now = timezone.now()
    made = Proposal.objects.bulk_create(
        [
            Proposal(
                call=call,
                municipality=municipality,
                status=ProposalStatus.SUBMITTED,
                submitted_at=now,
                title=f"Sample topic {_n()}",
                theme_field=call.theme_fields[0],
                **dict.fromkeys(SECTIONS, "Sample text."),
            )
            for _ in range(count)
        ]
    )
    ProposedActor.objects.bulk_create(
        [
            ProposedActor(proposal=p, municipality=m, country_id=m.country_id)
            for p in made
            for m in partners
        ]
    )
    if reviewers:
        assignments = ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(
                    proposal=p,
                    reviewer=r,
                    submitted_at=now if scored else None,
                    overall_comment="Sample comment." if scored else "",
                )
                for p in made
                for r in reviewers
            ]
        )
        if scored:
            CriterionScore.objects.bulk_create(
                [
                    CriterionScore(
                        assignment=a,
                        criterion=c,
                        score=3 if c.is_scored else None,
                        passed=None if c.is_scored else True,
                    )
                    for a in assignments
                    for c in criteria(call)
                ]
            )
    return made


def partnerships(count: int) -> None:
    german = municipalities(1)[0]
    partner = municipalities(1, "GH")[0]
    made = Partnership.objects.bulk_create(
        [
            Partnership(
                german_municipality=german,
                kind=PartnershipKind.TOWN_TWINNING,
                since_year=1990 + index % 30,
                is_sample=True,
            )
            for index in range(count)
        ]
    )
    through = Partnership.partners.through
    through.objects.bulk_create(
        [through(partnership_id=p.pk, municipality_id=partner.pk) for p in made]
    )
