"""Proposals: create and save drafts, submit, edit until the deadline, withdraw.

The rules themselves are in `calls.rules_of_call`; this module applies them
at the right moments, inside one transaction, with the audit trail. Saving a
draft checks only what must hold for any draft (applicant, limits, uploads);
submitting checks everything, and "what is missing" (`proposal_missing`)
lists the same problems for the page.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.jobs import enqueue
from partnerhub.core.services import audit_record
from partnerhub.reference.models import Municipality

from .. import rules_of_call
from ..models import SECTIONS, Call, Proposal, ProposalStatus, ProposedActor
from ..tasks import file_submitted_proposal

__all__ = [
    "PROPOSAL_FIELDS",
    "proposal_create",
    "proposal_missing",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
]

PROPOSAL_FIELDS = (
    "title",
    "theme_field",
    "climate_focus",
    *SECTIONS,
    "commits_to_follow_up",
    "has_municipal_support",
    "contact_role",
)


def _require_applicant(by, municipality: Municipality) -> None:
    if not by.has_perm("calls.apply_for", municipality):
        raise PermissionDenied(_("You may write proposals only for your own municipality."))


def _require_open(call: Call, now=None) -> None:
    if not call.is_published:
        raise ValidationError(_("This call is not published."))
    if rules_of_call.deadline_passed(call, now):
        raise ValidationError(
            _("The deadline (%(deadline)s, German time) has passed.")
            % {"deadline": rules_of_call.deadline_display(call)}
        )
    if call.opens_at and (now or timezone.now()) < call.opens_at:
        raise ValidationError(_("This call is not open yet."))


def _apply_fields(proposal: Proposal, fields: dict) -> None:
    unknown = set(fields) - set(PROPOSAL_FIELDS) - {"sdgs", "actors", "support_letter"}
    if unknown:
        raise ValueError(f"Unknown proposal fields: {sorted(unknown)}")
    for name in PROPOSAL_FIELDS:
        if name in fields:
            setattr(proposal, name, fields[name])


def _check_draft(proposal: Proposal, fields: dict) -> None:
    """What every saved version must respect: the theme fields of the call, limits, the upload."""
    call = proposal.call
    errors = {}
    if proposal.theme_field and proposal.theme_field not in call.theme_fields:
        errors["theme_field"] = [_("Choose one of the theme fields of this call.")]
    for field, message in rules_of_call.section_problems(call, proposal, require_all=False).items():
        errors.setdefault(field, []).append(message)
    upload = fields.get("support_letter")
    if upload:
        problem = rules_of_call.pdf_upload_problem(upload, call.max_upload_mb)
        if problem:
            errors["support_letter"] = [problem]
    if errors:
        raise ValidationError(errors)


def _save_actors(proposal: Proposal, actors: Sequence[dict]) -> None:
    """Replace the proposed actors (dicts with municipality or name, country, contact_role)."""
    built = []
    for index, values in enumerate(actors):
        actor = ProposedActor(proposal=proposal, **values)
        if actor.municipality_id and not actor.country_id:
            actor.country = actor.municipality.country
        if actor.municipality_id and actor.country_id != actor.municipality.country_id:
            raise ValidationError(
                {f"actors[{index}].country": _("The country must be the municipality's country.")}
            )
        if not actor.municipality_id and not actor.name.strip():
            raise ValidationError(
                {f"actors[{index}].name": _("Name the municipality or municipal company.")}
            )
        try:
            actor.full_clean(exclude=["proposal"])
        except ValidationError as error:
            raise ValidationError(
                {f"actors[{index}].{key}": value for key, value in error.message_dict.items()}
            ) from error
        built.append(actor)
    proposal.actors.all().delete()
    ProposedActor.objects.bulk_create(built)


def _store(proposal: Proposal, fields: dict) -> None:
    upload = fields.get("support_letter")
    if upload:
        proposal.support_letter.save(upload.name, upload, save=False)
    proposal.save()
    if "sdgs" in fields:
        proposal.sdgs.set(fields["sdgs"])
    if "actors" in fields:
        _save_actors(proposal, fields["actors"])


@transaction.atomic
def proposal_create(*, call: Call, municipality: Municipality, by, **fields) -> Proposal:
    """Start a draft for a municipality (by one of its members)."""
    _require_applicant(by, municipality)
    _require_open(call)
    problems = rules_of_call.applicant_problems(call, municipality)
    if problems:
        raise ValidationError({"municipality": problems})
    proposal = Proposal(call=call, municipality=municipality, created_by=by)
    _apply_fields(proposal, fields)
    if not proposal.title.strip():
        raise ValidationError({"title": _("Give your topic a title.")})
    _check_draft(proposal, fields)
    _store(proposal, fields)
    audit_record(subject=proposal, action="proposal.created", actor=by, to_state=proposal.status)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, by, **fields) -> Proposal:
    """Save changes until the deadline; a submitted proposal must stay complete."""
    _require_applicant(by, proposal.municipality)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn proposal cannot be changed."))
    _require_open(proposal.call)
    _apply_fields(proposal, fields)
    if not proposal.title.strip():
        raise ValidationError({"title": _("Give your topic a title.")})
    _check_draft(proposal, fields)
    _store(proposal, fields)
    if proposal.is_submitted:
        missing = proposal_missing(proposal)
        if missing:
            raise ValidationError(missing)
        _after_submission(proposal, by, action="proposal.resubmitted")
    else:
        audit_record(subject=proposal, action="proposal.saved", actor=by)
    return proposal


def proposal_missing(proposal: Proposal) -> dict[str, list[str]]:
    """Everything that keeps the proposal from being submitted, by field."""
    call = proposal.call
    missing: dict[str, list[str]] = {}
    if not proposal.title.strip():
        missing["title"] = [_("Give your topic a title.")]
    if not proposal.theme_field:
        missing["theme_field"] = [_("Choose a theme field.")]
    for field, message in rules_of_call.section_problems(call, proposal, require_all=True).items():
        missing.setdefault(field, []).append(message)
    countries = [actor.country for actor in proposal.actors.select_related("country")]
    problems = rules_of_call.partner_country_problems(call, countries)
    if problems:
        missing["actors"] = problems
    applicant = rules_of_call.applicant_problems(call, proposal.municipality)
    if applicant:
        missing["municipality"] = applicant
    return missing


def _after_submission(proposal: Proposal, by, *, action: str) -> None:
    """Audit now; the PDF of what was submitted and the e-mail with it are a background job."""
    audit_record(subject=proposal, action=action, actor=by, to_state=proposal.status)
    enqueue(file_submitted_proposal, proposal.pk)


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by, now=None) -> Proposal:
    """Submit before the deadline (to the second, German time) when nothing is missing."""
    _require_applicant(by, proposal.municipality)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted (this proposal is %(status)s).")
            % {"status": proposal.get_status_display()}
        )
    now = now or timezone.now()
    _require_open(proposal.call, now)
    missing = proposal_missing(proposal)
    if missing:
        raise ValidationError(missing)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now
    proposal.save(update_fields=["status", "submitted_at"])
    _after_submission(proposal, by, action="proposal.submitted")
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    _require_applicant(by, proposal.municipality)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal is already withdrawn."))
    if proposal.decision:
        raise ValidationError(_("A proposal that has been decided cannot be withdrawn."))
    previous = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    audit_record(
        subject=proposal,
        action="proposal.withdrawn",
        actor=by,
        from_state=previous,
        to_state=proposal.status,
    )
    return proposal
