"""Learning processes: from a selected proposal to the dialogue event and its follow-ups.

The participant mix of a dialogue event is computed from the participants'
countries (`participant_origin`): Germany; the Global South, i.e. an ODA
recipient on the event's first day; other industrialised countries. The size
rule (25–35 by default) is checked on the selected participants; the service
refuses to select beyond the maximum, and the mix warns below the minimum.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record
from partnerhub.reference.queries import oda_statuses_on

from ..models import (
    Decision,
    DialogueEvent,
    EventParticipant,
    EventTask,
    FollowUpActivity,
    LearningProcess,
    Origin,
    ParticipantStatus,
    Proposal,
    TaskOwner,
)

__all__ = [
    "DIVISION_OF_TASKS",
    "EventMix",
    "event_mix",
    "event_participant_add",
    "event_participant_set_status",
    "event_task_set_done",
    "follow_up_save",
    "learning_process_create",
    "participant_origins",
]

# The division of tasks for a dialogue event (seed 003), as the default checklist.
# (owner, German title, weeks before the event when it is due)
DIVISION_OF_TASKS = (
    (TaskOwner.HOST, "Als Gastgeberin der Dialogveranstaltung auftreten", 0),
    (TaskOwner.HOST, "Verantwortliche Ansprechperson benennen", 16),
    (TaskOwner.HOST, "Eigene Fachexpertise in die Vorbereitung einbringen", 8),
    (TaskOwner.HOST, "Erfahrungen aus der kommunalen Praxis in den Austausch einbringen", 0),
    (TaskOwner.HOST, "Nach Wunsch eigene internationale Kontakte einbringen", 12),
    (TaskOwner.HOST, "Nach Möglichkeit Veranstaltungsräume bereitstellen", 10),
    (TaskOwner.ORGANISER, "Logistik der Veranstaltung und Teilnehmendenmanagement", 12),
    (
        TaskOwner.ORGANISER,
        "Deutsche und internationale kommunale Fachleute über die Netzwerke gewinnen",
        10,
    ),
    (TaskOwner.ORGANISER, "Tagungskosten und Reisekosten der aktiven Teilnehmenden tragen", 0),
)


def _require_organiser(by) -> None:
    if not by.has_perm("calls.manage_learning_processes"):
        raise PermissionDenied(_("Only organisers run learning processes."))


@transaction.atomic
def learning_process_create(
    *, proposal: Proposal, by, event_starts_on: datetime.date, place: str = ""
) -> LearningProcess:
    """One year of learning from a selected proposal: the dialogue event and its checklist."""
    _require_organiser(by)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != Decision.SELECTED:
        raise ValidationError(_("Only a selected proposal becomes a learning process."))
    if LearningProcess.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal already has its learning process."))
    process = LearningProcess(
        proposal=proposal,
        title=proposal.title,
        host=proposal.municipality,
        theme_field=proposal.theme_field,
        starts_on=event_starts_on,
        ends_on=event_starts_on.replace(year=event_starts_on.year + 1) - datetime.timedelta(1),
    )
    process.full_clean()
    process.save()
    process.sdgs.set(proposal.sdgs.all())
    event = DialogueEvent(
        learning_process=process,
        starts_on=event_starts_on,
        place=place or proposal.municipality.name,
    )
    event.full_clean()
    event.save()
    EventTask.objects.bulk_create(
        EventTask(
            event=event,
            owner=owner,
            title=title,
            due_on=event_starts_on - datetime.timedelta(weeks=weeks),
            position=position,
        )
        for position, (owner, title, weeks) in enumerate(DIVISION_OF_TASKS)
    )
    audit_record(subject=process, action="learning_process.created", actor=by)
    return process


def participant_origins(participants, on: datetime.date) -> dict[int, str]:
    """Origin of each participant (by id) on a date, with one query for the DAC list.

    Only the participants' country codes are read, so no country rows are loaded.
    """
    recipients = oda_statuses_on(on)
    origins = {}
    for participant in participants:
        if participant.country_id == "DE":
            origins[participant.pk] = Origin.GERMANY
        elif participant.country_id in recipients:
            origins[participant.pk] = Origin.GLOBAL_SOUTH
        else:
            origins[participant.pk] = Origin.OTHER_INDUSTRIALISED
    return origins


@dataclass
class EventMix:
    """Selected participants by origin, and what is wrong with the size."""

    counts: dict[str, int]
    nominated: int
    minimum: int
    maximum: int
    warnings: list[str] = field(default_factory=list)

    @property
    def selected(self) -> int:
        return sum(self.counts.values())

    def share(self, origin: str) -> int:
        """Percentage of the selected participants (0 when nobody is selected)."""
        return round(100 * self.counts.get(origin, 0) / self.selected) if self.selected else 0


def event_mix(event: DialogueEvent) -> EventMix:
    participants = list(event.participants.all())
    origins = participant_origins(participants, event.starts_on)
    selected = [p for p in participants if p.status == ParticipantStatus.SELECTED]
    counts = dict.fromkeys(Origin.values, 0)
    for participant in selected:
        counts[origins[participant.pk]] += 1
    mix = EventMix(
        counts=counts,
        nominated=sum(p.status == ParticipantStatus.NOMINATED for p in participants),
        minimum=event.min_participants,
        maximum=event.max_participants,
    )
    if mix.selected < event.min_participants:
        mix.warnings.append(
            _("%(count)d selected: a dialogue event needs at least %(minimum)d participants.")
            % {"count": mix.selected, "minimum": event.min_participants}
        )
    if mix.selected > event.max_participants:
        mix.warnings.append(
            _("%(count)d selected: a dialogue event has at most %(maximum)d participants.")
            % {"count": mix.selected, "maximum": event.max_participants}
        )
    if mix.selected and not counts[Origin.GLOBAL_SOUTH]:
        mix.warnings.append(_("Nobody from the Global South is selected yet."))
    return mix


@transaction.atomic
def event_participant_add(*, event: DialogueEvent, by, **fields) -> EventParticipant:
    """Nominate a participant (organisers; the host proposes through them)."""
    _require_organiser(by)
    participant = EventParticipant(event=event, **fields)
    if participant.municipality_id and not participant.country_id:
        participant.country = participant.municipality.country
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def event_participant_set_status(
    *, participant: EventParticipant, status: str, by
) -> EventParticipant:
    """Select or turn down a nominee; never more selected than the event's maximum."""
    _require_organiser(by)
    event = DialogueEvent.objects.select_for_update().get(pk=participant.event_id)
    if status not in ParticipantStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    participant = EventParticipant.objects.get(pk=participant.pk)
    selected = event.participants.filter(status=ParticipantStatus.SELECTED).count()
    becomes_selected = (
        status == ParticipantStatus.SELECTED and participant.status != ParticipantStatus.SELECTED
    )
    if becomes_selected and selected >= event.max_participants:
        raise ValidationError(
            _("%(maximum)d participants are selected already, the most this event takes.")
            % {"maximum": event.max_participants}
        )
    previous = participant.status
    participant.status = status
    participant.save(update_fields=["status"])
    audit_record(
        subject=participant,
        action="dialogue_participant.status",
        actor=by,
        from_state=previous,
        to_state=status,
    )
    return participant


@transaction.atomic
def event_task_set_done(*, task: EventTask, done: bool, by) -> EventTask:
    """Organisers tick any task; members of the host municipality tick the host's tasks."""
    host = task.event.learning_process.host
    may = by.has_perm("calls.manage_learning_processes") or (
        task.owner == TaskOwner.HOST and by.has_perm("calls.apply_for", host)
    )
    if not may:
        raise PermissionDenied(_("You may not change this task."))
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    audit_record(
        subject=task, action="event_task.done" if done else "event_task.reopened", actor=by
    )
    return task


@transaction.atomic
def follow_up_save(
    *, learning_process: LearningProcess, by, activity: FollowUpActivity | None = None, **fields
) -> FollowUpActivity:
    """Add or change a follow-up activity; it must lie within the learning process's year."""
    _require_organiser(by)
    activity = activity or FollowUpActivity(learning_process=learning_process)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    if not (learning_process.starts_on <= activity.starts_on <= learning_process.ends_on):
        raise ValidationError(
            {"starts_on": _("Follow-up activities take place within the learning process's year.")}
        )
    activity.save()
    audit_record(subject=learning_process, action="follow_up.saved", actor=by, note=activity.title)
    return activity
