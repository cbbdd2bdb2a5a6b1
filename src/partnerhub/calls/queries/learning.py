"""Reads of learning processes, and the geometry of their pictures.

Every function runs a fixed number of queries. The pictures (the participant
mix, the one-year timeline) are computed here as plain numbers in SVG user
units; templates draw them, and show the same figures as text next to them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import dateformat

from partnerhub.conferences.dates import display_dates

from ..models import (
    DialogueEvent,
    EventParticipant,
    EventTask,
    FollowUpActivity,
    FollowUpKind,
    LearningProcess,
    Origin,
    TaskOwner,
)

__all__ = [
    "ORIGIN_COLOURS",
    "MixSegment",
    "Timeline",
    "TimelineItem",
    "event_dates",
    "event_last_day",
    "event_participants",
    "event_tasks",
    "learning_process",
    "learning_process_tasks",
    "learning_processes",
    "mix_segments",
    "timeline",
]

# At least 4.5:1 against white; each segment is labelled in text too, so colour is never
# the only way to tell the origins apart.
ORIGIN_COLOURS = {
    Origin.GERMANY: "#0b5394",
    Origin.GLOBAL_SOUTH: "#1e6b34",
    Origin.OTHER_INDUSTRIALISED: "#8a4b00",
}
PICTURE_WIDTH = 720


def learning_processes() -> QuerySet:
    """Every learning process with its host and dialogue event, newest first (one query)."""
    return LearningProcess.objects.select_related("host__country", "dialogue_event").order_by(
        "-starts_on", "title"
    )


def _participants() -> QuerySet:
    return EventParticipant.objects.select_related("country", "municipality").order_by(
        "status", "country__iso2", "full_name", "pk"
    )


def learning_process(pk: int) -> LearningProcess | None:
    """One learning process with what its pages show (five queries).

    The event's participants come with their countries, so that `services.event_mix`
    and `services.participant_origins` (which read `event.participants.all()` and each
    participant's country) ask no further query per participant.
    """
    return (
        LearningProcess.objects.filter(pk=pk)
        .select_related("host__country", "dialogue_event", "proposal__call")
        .prefetch_related(
            "sdgs",
            Prefetch("follow_ups", queryset=FollowUpActivity.objects.order_by("starts_on", "pk")),
            Prefetch("dialogue_event__participants", queryset=_participants()),
            "dialogue_event__tasks",
        )
        .first()
    )


def learning_process_tasks(process: LearningProcess) -> list[EventTask]:
    event = getattr(process, "dialogue_event", None)
    return event_tasks(event) if event else []


def event_participants(event: DialogueEvent) -> list[EventParticipant]:
    """Every nominee of the event with country and municipality (prefetched by
    `learning_process`, else one query)."""
    if "participants" in getattr(event, "_prefetched_objects_cache", {}):
        return list(event.participants.all())
    return list(_participants().filter(event=event))


def event_tasks(event: DialogueEvent) -> list[EventTask]:
    """The division of tasks: the host's first, then the organiser's, each by position."""
    order = {TaskOwner.HOST: 0, TaskOwner.ORGANISER: 1}
    tasks = list(event.tasks.all())
    return sorted(tasks, key=lambda task: (order.get(task.owner, 2), task.position, task.pk))


def event_last_day(event: DialogueEvent) -> datetime.date:
    """2.5 days take three calendar days: the first day, the next, and half of the third."""
    days = max(1, math.ceil(event.duration_days))
    return event.starts_on + datetime.timedelta(days=days - 1)


def event_dates(event: DialogueEvent) -> str:
    """ "10–12 June 2026" in the reader's language."""
    return display_dates(event.starts_on, event_last_day(event))


# --- The participant mix as a picture ----------------------------------------------------


@dataclass(frozen=True)
class MixSegment:
    origin: str
    label: str
    count: int
    share: int  # percent of the selected participants
    colour: str
    x: float
    width: float
    legend_y: int


MIX_BAR_HEIGHT = 28
MIX_LEGEND_TOP = 40
MIX_LEGEND_ROW = 20
MIX_HEIGHT = MIX_LEGEND_TOP + MIX_LEGEND_ROW * len(Origin)


def mix_segments(mix, width: int = PICTURE_WIDTH) -> list[MixSegment]:
    """The selected participants by origin as segments of one bar (`services.EventMix`)."""
    segments, x = [], 0.0
    for index, origin in enumerate(Origin):
        count = mix.counts.get(origin.value, 0)
        part = width * count / mix.selected if mix.selected else 0.0
        segments.append(
            MixSegment(
                origin=origin.value,
                label=str(origin.label),
                count=count,
                share=mix.share(origin.value),
                colour=ORIGIN_COLOURS[origin],
                x=round(x, 1),
                width=round(part, 1),
                legend_y=MIX_LEGEND_TOP + index * MIX_LEGEND_ROW,
            )
        )
        x += part
    return segments


# --- The one-year timeline ---------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "event" or a FollowUpKind value
    kind_label: str
    title: str
    dates: str
    x: float
    width: float
    y: float
    label_x: float
    label_anchor: str  # "start" or "end"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str = "start"  # "end" near the right edge, so that the label stays inside


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    ticks: list[Tick]
    items: list[TimelineItem]
    outside: list[FollowUpActivity]  # activities beyond the year (none, by the service's rule)


ROW = 40
TOP = 8
AXIS = 30
MIN_BAR = 6
TICK_ROOM = 48  # room for a month's label (and its year) at the right edge


def timeline(process: LearningProcess, width: int = PICTURE_WIDTH) -> Timeline:
    """The year of the learning process: the dialogue event and each follow-up on one axis."""
    start, end = process.starts_on, process.ends_on
    days = max(1, (end - start).days + 1)

    def x_of(day: datetime.date) -> float:
        offset = min(max((day - start).days, 0), days)
        return round(width * offset / days, 1)

    entries = []
    event = getattr(process, "dialogue_event", None)
    if event is not None:
        entries.append(("event", "", "", event.starts_on, event_last_day(event)))
    outside = []
    for activity in process.follow_ups.all():
        if not (start <= activity.starts_on <= end):
            outside.append(activity)
            continue
        entries.append(
            (
                activity.kind,
                str(FollowUpKind(activity.kind).label),
                activity.title,
                activity.starts_on,
                activity.ends_on or activity.starts_on,
            )
        )
    items = []
    for row, (kind, kind_label, title, first, last) in enumerate(entries):
        x = x_of(first)
        bar = max(MIN_BAR, x_of(last + datetime.timedelta(days=1)) - x)
        bar = min(bar, width - x) if x < width else MIN_BAR
        left_half = x + bar / 2 <= width / 2
        items.append(
            TimelineItem(
                kind=kind,
                kind_label=kind_label,
                title=title,
                dates=display_dates(first, last),
                x=x,
                width=round(bar, 1),
                y=TOP + row * ROW,
                label_x=x if left_half else round(x + bar, 1),
                label_anchor="start" if left_half else "end",
            )
        )
    axis_y = TOP + len(entries) * ROW + 4
    ticks = []
    month = start.replace(day=1)
    while month <= end:
        if month >= start:
            pattern = "M Y" if month.month == 1 or not ticks else "M"
            x = x_of(month)
            anchor = "end" if x > width - TICK_ROOM else "start"
            ticks.append(Tick(x=x, label=dateformat.format(month, pattern), anchor=anchor))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return Timeline(
        width=width,
        height=int(axis_y + AXIS),
        axis_y=axis_y,
        ticks=ticks,
        items=items,
        outside=outside,
    )
