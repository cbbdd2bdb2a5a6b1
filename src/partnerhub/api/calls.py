"""Connective Cities calls, proposals and learning processes through the API.

* `GET /api/v1/calls`, `GET /api/v1/calls/{id}`: published calls for everybody,
  unpublished ones too for organisers (a token or session identifies them; a
  public request needs neither). The deadline is ISO 8601 with the offset of
  German time (`2026-02-17T23:59:59+01:00`): a proposal is late from the next
  second on.
* `POST /api/v1/calls/{id}/proposals`: a new draft for a municipality you act
  for (slug), with the four sections, theme field, SDG numbers, proposed actors
  (`[{municipality slug or name, country ISO code, contact_role}]`) and the
  commitments. `PATCH /api/v1/proposals/{id}` saves changes (only the fields
  sent), `POST /api/v1/proposals/{id}/submit` submits, `POST …/withdraw`
  withdraws; `GET /api/v1/proposals/{id}` shows it with `missing`: what keeps it
  from being submitted, keyed like the errors.
* `GET /api/v1/learning-processes`: the public record: host, theme field,
  dialogue event, follow-ups and how many selected participants came from
  Germany, the Global South and other industrialised countries (never names).

Every write goes through `calls.services`, so the API applies exactly the rules
of the forms (deadline to the second, German applicants of the call's kinds,
actors from two further countries with one of the Global South on the
deadline, limits per section). Errors (see `api/errors.py`): 401 without a
valid token or session, 403 when you may not, 404 for an unknown call or
proposal or one you may not see (as on the pages), or a municipality or
country named in the body (`fields` names which),
400 for a body that does not match the schema, 422 when a rule refuses it (the
service's messages by field, e.g. `actors[0].country`, `topic_background`,
`__all__`), all in the language of Accept-Language.
"""

import datetime
import math
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from partnerhub.api.auth import api_auth
from partnerhub.api.errors import NotFoundInBody
from partnerhub.api.schemas import ErrorOut, Language
from partnerhub.api.schemas_calls import (
    CallDetailOut,
    CallFilters,
    CallOut,
    LearningProcessFilters,
    LearningProcessOut,
    ProposalIn,
    ProposalOut,
    ProposalPatchIn,
)
from partnerhub.calls import rules_of_call, services
from partnerhub.calls.models import (
    SECTIONS,
    Call,
    EventParticipant,
    LearningProcess,
    Origin,
    ParticipantStatus,
    Proposal,
    ProposedActor,
    ThemeField,
)
from partnerhub.reference.models import (
    Country,
    DacListEntry,
    Municipality,
    MunicipalityKind,
    SdgGoal,
)
from partnerhub.reference.queries import in_force

router = Router(tags=["calls"])

GERMAN_TIME = ZoneInfo("Europe/Berlin")
MAX_ID = 2_147_483_647


def _anonymous(request):
    """The last resort of `optional_auth`: nobody in particular (public answers)."""
    return AnonymousUser()


# A token or session is used when present (an invalid token is still a 401);
# without either, the caller is anonymous. The OpenAPI document marks it optional.
optional_auth = [*api_auth, _anonymous]
OPTIONAL = {"security": [{}]}

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
CallId = Path(..., ge=1, le=MAX_ID, description="Id of the call (`id` in /calls).")
ProposalId = Path(..., ge=1, le=MAX_ID, description="Id of the proposal.")


def _language(lang: Language | None) -> str:
    return lang.value if lang else translation.get_language()


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment in German time, so that its ISO form carries the offset people expect."""
    return timezone.localtime(moment, GERMAN_TIME) if moment else None


# --- Calls ------------------------------------------------------------------------------


def visible_calls(person) -> QuerySet[Call]:
    """Published calls; organisers (who may change calls) see unpublished ones too."""
    calls = Call.objects.all()
    if not person.has_perm("calls.change_call"):
        calls = calls.filter(is_published=True)
    return calls


def _call_or_404(person, call_id: int, *, criteria: bool = False) -> Call:
    calls = visible_calls(person)
    if criteria:
        calls = calls.prefetch_related("criteria")
    call = calls.filter(pk=call_id).first()
    if call is None:
        raise Http404(_("No call with the id %(id)s.") % {"id": call_id})
    return call


def _call(call: Call, *, now: datetime.datetime, detail: bool = False) -> dict:
    data = {
        "id": call.pk,
        "slug": call.slug,
        "title": call.title,
        "deadline": _local(call.deadline),
        "deadline_passed": rules_of_call.deadline_passed(call, now),
        "is_open": call.is_open(now),
        "opens_at": _local(call.opens_at),
        "selection_by": call.selection_by,
        "events_from": call.events_from,
        "theme_fields": [
            {"value": value, "label": str(label)} for value, label in call.theme_field_choices
        ],
        "is_published": call.is_published,
        "is_sample": call.is_sample,
    }
    if detail:
        data.update(
            text=call.text,
            eligible_kinds=[
                {"value": kind, "label": str(MunicipalityKind(kind).label)}
                for kind in call.eligible_kinds
            ],
            criteria=[
                {
                    "number": criterion.number,
                    "title": criterion.title,
                    "kind": criterion.kind,
                    "kind_display": str(criterion.get_kind_display()),
                    "weight": float(criterion.weight),
                    "auto_check": criterion.auto_check or None,
                }
                for criterion in call.criteria.all()
            ],
            sections=[
                {
                    "name": section,
                    "label": str(Proposal._meta.get_field(section).verbose_name),
                    "limit": call.limit_for(section),
                }
                for section in SECTIONS
            ],
            total_limit=call.total_limit,
            max_upload_mb=call.max_upload_mb,
            contact=call.contact,
        )
    return data


@router.get(
    "/calls",
    response={200: list[CallOut], 400: ErrorOut, 401: ErrorOut},
    auth=optional_auth,
    openapi_extra=OPTIONAL,
    summary="Calls for topic proposals",
)
def list_calls(request, filters: Query[CallFilters]):
    """Published calls, latest deadline first (organisers: unpublished ones too)."""
    now = timezone.now()
    with translation.override(_language(filters.lang)):
        return [_call(call, now=now) for call in visible_calls(request.auth)]


@router.get(
    "/calls/{call_id}",
    response={200: CallDetailOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    auth=optional_auth,
    openapi_extra=OPTIONAL,
    summary="One call with its criteria and limits",
)
def get_call(request, filters: Query[CallFilters], call_id: int = CallId):
    """The call's text, who may apply, theme fields, the evaluation criteria, the sections of
    the form with their limits, and the deadline (German time, to the second)."""
    call = _call_or_404(request.auth, call_id, criteria=True)
    with translation.override(_language(filters.lang)):
        return _call(call, now=timezone.now(), detail=True)


# --- Proposals --------------------------------------------------------------------------


def _load_proposal(proposal_id: int) -> Proposal | None:
    """A proposal with everything its answer and its permission checks need."""
    return (
        Proposal.objects.select_related("call", "municipality")
        .prefetch_related(
            "assignments",
            "sdgs",
            Prefetch("actors", ProposedActor.objects.select_related("municipality")),
        )
        .filter(pk=proposal_id)
        .first()
    )


def _proposal_or_404(proposal_id: int, person) -> Proposal:
    """The proposal, if this person may see it; otherwise 404, as the pages answer, so that
    the API does not reveal that another municipality's draft exists."""
    proposal = _load_proposal(proposal_id)
    if proposal is None or not person.has_perm("calls.view_proposal", proposal):
        raise Http404(_("No proposal with the id %(id)s.") % {"id": proposal_id})
    return proposal


def _municipality(municipality: Municipality) -> dict:
    return {
        "slug": municipality.slug,
        "name": municipality.name,
        "country": municipality.country_id,
    }


def _proposal(proposal: Proposal) -> dict:
    call = proposal.call
    data = {
        "id": proposal.pk,
        "call": {
            "id": call.pk,
            "slug": call.slug,
            "title": call.title,
            "deadline": _local(call.deadline),
        },
        "municipality": _municipality(proposal.municipality),
        "status": proposal.status,
        "status_display": str(proposal.get_status_display()),
        "created_at": _local(proposal.created_at),
        "updated_at": _local(proposal.updated_at),
        "submitted_at": _local(proposal.submitted_at),
        "title": proposal.title,
        "theme_field": proposal.theme_field or None,
        "climate_focus": proposal.climate_focus,
        "sdgs": sorted(goal.number for goal in proposal.sdgs.all()),
        **proposal.section_texts(),
        "characters": proposal.characters,
        "commits_to_follow_up": proposal.commits_to_follow_up,
        "has_municipal_support": proposal.has_municipal_support,
        "contact_role": proposal.contact_role,
        "actors": [
            {
                "municipality": _municipality(actor.municipality) if actor.municipality else None,
                "name": actor.display_name,
                "country": actor.country_id,
                "contact_role": actor.contact_role,
            }
            for actor in proposal.actors.all()
        ],
        "decision": proposal.decision or None,
        "decision_display": str(proposal.get_decision_display()) if proposal.decision else None,
        "decision_reason": proposal.decision_reason,
        "decided_at": _local(proposal.decided_at),
        "missing": services.proposal_missing(proposal),
    }
    return data


def _resolve_actors(actors) -> list[dict]:
    """Turn slugs and codes into objects (two queries); 404 naming the field for unknown ones."""
    slugs = {actor.municipality for actor in actors if actor.municipality}
    municipalities = Municipality.objects.in_bulk(slugs, field_name="slug") if slugs else {}
    codes = {actor.country.upper() for actor in actors if actor.country}
    countries = Country.objects.in_bulk(codes) if codes else {}
    resolved = []
    for index, actor in enumerate(actors):
        values = {"name": actor.name.strip(), "contact_role": actor.contact_role.strip()}
        if actor.municipality:
            if actor.municipality not in municipalities:
                raise NotFoundInBody(
                    f"actors[{index}].municipality",
                    _("No municipality with the slug %(slug)s.")
                    % {"slug": repr(actor.municipality)},
                )
            values["municipality"] = municipalities[actor.municipality]
        if actor.country:
            code = actor.country.upper()
            if code not in countries:
                raise NotFoundInBody(
                    f"actors[{index}].country",
                    _("No country with the code %(code)s.") % {"code": repr(actor.country)},
                )
            values["country"] = countries[code]
        resolved.append(values)
    return resolved


def _fields(payload) -> dict:
    """The proposal fields the body sets, as the services take them."""
    sent = payload.model_fields_set
    fields = {}
    for name in ("title", *SECTIONS, "contact_role", "climate_focus"):
        if name in sent:
            fields[name] = getattr(payload, name)
    for name in ("commits_to_follow_up", "has_municipal_support"):
        if name in sent:
            fields[name] = getattr(payload, name)
    if "theme_field" in sent:
        fields["theme_field"] = payload.theme_field.value if payload.theme_field else ""
    if "sdgs" in sent:
        fields["sdgs"] = list(SdgGoal.objects.filter(number__in=set(payload.sdgs)))
    if "actors" in sent:
        fields["actors"] = _resolve_actors(payload.actors)
    return fields


def _require(person, permission: str, obj, message: str) -> None:
    if not person.has_perm(permission, obj):
        raise PermissionDenied(message)


@router.post(
    "/calls/{call_id}/proposals",
    response={201: ProposalOut, **ERRORS},
    auth=api_auth,
    summary="Start a proposal",
)
def create_proposal(request, payload: ProposalIn, call_id: int = CallId):
    """A new draft for a municipality you act for; submit it with `/proposals/{id}/submit`.

    Saving checks what every draft must respect (the call is open, a German
    applicant of the kinds the call names, a title, the call's theme fields, the
    limits per section and in all); `missing` in the answer lists what is still
    needed for submission.
    """
    person = request.auth
    call = _call_or_404(person, call_id)
    municipality = Municipality.objects.filter(slug=payload.municipality).first()
    if municipality is None:
        raise NotFoundInBody(
            "municipality",
            _("No municipality with the slug %(slug)s.") % {"slug": repr(payload.municipality)},
        )
    _require(
        person,
        "calls.apply_for",
        municipality,
        _("You may write proposals only for your own municipality."),
    )
    proposal = services.proposal_create(
        call=call, municipality=municipality, by=person, **_fields(payload)
    )
    return Status(201, _proposal(_proposal_or_404(proposal.pk, request.auth)))


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **ERRORS},
    auth=api_auth,
    summary="One proposal, with what is missing",
)
def get_proposal(request, proposal_id: int = ProposalId):
    """For the applicant's members, the organisers and the reviewers assigned to it."""
    return _proposal(_proposal_or_404(proposal_id, request.auth))


@router.patch(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **ERRORS},
    auth=api_auth,
    summary="Change a proposal",
)
def update_proposal(request, payload: ProposalPatchIn, proposal_id: int = ProposalId):
    """Change the fields sent, until the deadline; a submitted proposal must stay complete.

    `actors` and `sdgs` replace the whole list; `theme_field: null` clears it.
    """
    proposal = _proposal_or_404(proposal_id, request.auth)
    _require(
        request.auth,
        "calls.change_proposal",
        proposal,
        _("You may write proposals only for your own municipality."),
    )
    services.proposal_update(proposal=proposal, by=request.auth, **_fields(payload))
    return _proposal(_proposal_or_404(proposal_id, request.auth))


@router.post(
    "/proposals/{proposal_id}/submit",
    response={200: ProposalOut, **ERRORS},
    auth=api_auth,
    summary="Submit a proposal",
)
def submit_proposal(request, proposal_id: int = ProposalId):
    """Submit a complete draft before the deadline (to the second, German time).

    A PDF of what was submitted goes to the person who started the proposal.
    """
    proposal = _proposal_or_404(proposal_id, request.auth)
    _require(
        request.auth,
        "calls.change_proposal",
        proposal,
        _("You may write proposals only for your own municipality."),
    )
    services.proposal_submit(proposal=proposal, by=request.auth)
    return _proposal(_proposal_or_404(proposal_id, request.auth))


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **ERRORS},
    auth=api_auth,
    summary="Withdraw a proposal",
)
def withdraw_proposal(request, proposal_id: int = ProposalId):
    """Withdraw a draft or a submitted proposal that has not been decided."""
    proposal = _proposal_or_404(proposal_id, request.auth)
    _require(
        request.auth,
        "calls.change_proposal",
        proposal,
        _("You may write proposals only for your own municipality."),
    )
    services.proposal_withdraw(proposal=proposal, by=request.auth)
    return _proposal(_proposal_or_404(proposal_id, request.auth))


# --- Learning processes -----------------------------------------------------------------


def origin_counts(process_ids) -> dict[int, dict[str, int]]:
    """Selected participants per learning process and origin, in one query.

    The same classification as `calls.services.participant_origins` (Germany;
    the Global South: an ODA recipient on the event's first day, by the DAC
    list in force then, `reference.queries.in_force`; other industrialised
    countries), done by the database so that a list of any length costs one
    query; tests compare both.
    """
    recipient = DacListEntry.objects.filter(
        in_force(OuterRef("event__starts_on"), "dac_list__"), country_id=OuterRef("country_id")
    )
    origin = Case(
        When(country_id=rules_of_call.GERMANY, then=Value(Origin.GERMANY.value)),
        When(Exists(recipient), then=Value(Origin.GLOBAL_SOUTH.value)),
        default=Value(Origin.OTHER_INDUSTRIALISED.value),
        output_field=CharField(),
    )
    rows = (
        EventParticipant.objects.filter(
            event__learning_process_id__in=process_ids, status=ParticipantStatus.SELECTED
        )
        .annotate(origin=origin)
        .values("event__learning_process_id", "origin")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {pk: dict.fromkeys(Origin.values, 0) for pk in process_ids}
    for row in rows:
        counts[row["event__learning_process_id"]][row["origin"]] = row["count"]
    return counts


def _learning_process(process: LearningProcess, counts: dict[str, int]) -> dict:
    event = getattr(process, "dialogue_event", None)
    return {
        "id": process.pk,
        "title": process.title,
        "host": _municipality(process.host),
        "theme_field": {
            "value": process.theme_field,
            "label": str(ThemeField(process.theme_field).label),
        },
        "sdgs": sorted(goal.number for goal in process.sdgs.all()),
        "starts_on": process.starts_on,
        "ends_on": process.ends_on,
        "is_sample": process.is_sample,
        "dialogue_event": (
            {
                "starts_on": event.starts_on,
                "ends_on": event.starts_on
                + datetime.timedelta(days=max(math.ceil(event.duration_days), 1) - 1),
                "duration_days": float(event.duration_days),
                "place": event.place,
                "working_language": event.working_language,
                "min_participants": event.min_participants,
                "max_participants": event.max_participants,
            }
            if event
            else None
        ),
        "follow_ups": [
            {
                "kind": activity.kind,
                "kind_display": str(activity.get_kind_display()),
                "title": activity.title,
                "starts_on": activity.starts_on,
                "ends_on": activity.ends_on,
                "place": activity.place,
            }
            for activity in process.follow_ups.all()
        ],
        "participants": {**counts, "total": sum(counts.values())},
    }


@router.get(
    "/learning-processes",
    response={200: list[LearningProcessOut], 400: ErrorOut},
    summary="Learning processes and their dialogue events",
)
def list_learning_processes(request, filters: Query[LearningProcessFilters]):
    """Every learning process, newest first: host, theme field, the dialogue event, the
    follow-up activities and the selected participants by origin (counts only).

    Filter by `theme_field` and by the dialogue event's first day (`event_from`,
    `event_until`), e.g. to count the dialogue events since 2014.
    """
    processes = LearningProcess.objects.select_related("host", "dialogue_event").prefetch_related(
        "sdgs", "follow_ups"
    )
    if filters.theme_field:
        processes = processes.filter(theme_field=filters.theme_field.value)
    if filters.event_from:
        processes = processes.filter(dialogue_event__starts_on__gte=filters.event_from)
    if filters.event_until:
        processes = processes.filter(dialogue_event__starts_on__lte=filters.event_until)
    processes = list(processes.order_by("-starts_on", "title", "pk"))
    counts = origin_counts([process.pk for process in processes])
    with translation.override(_language(filters.lang)):
        return [_learning_process(process, counts[process.pk]) for process in processes]
