"""The .ics file of an edition (RFC 5545, with the `icalendar` package).

Only parts known to the day become events (all-day: DTSTART and an exclusive
DTEND as dates). A part known only to the month or the year is not exported as
a dated event, which a calendar would show on the 1st; the calendar's
description names it instead.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Edition, EditionStatus

PRODID = "-//Partnerhub//Partnership conferences//EN"
STATUS = {
    EditionStatus.CANCELLED: "CANCELLED",
    EditionStatus.HELD: "CONFIRMED",
    EditionStatus.REGISTRATION_OPEN: "CONFIRMED",
    EditionStatus.REGISTRATION_CLOSED: "CONFIRMED",
    EditionStatus.PLANNED: "TENTATIVE",
}


def edition_calendar(edition: Edition, *, url: str, host: str = "partnerhub") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", edition.display_title)
    undated = [part for part in edition.ordered_parts if not part.is_dated_to_the_day]
    notes = [
        _("%(label)s: %(dates)s, not exported as an event because the exact days are not known.")
        % {"label": part.label or _("Part"), "dates": part.dates_display}
        for part in undated
    ]
    description = "\n".join([edition.guiding_question, *notes, url]).strip()
    if notes:
        calendar.add("x-wr-caldesc", "\n".join(notes))
    stamp = timezone.now()
    for part in edition.ordered_parts:
        if not part.is_dated_to_the_day:
            continue
        event = Event()
        event.add("uid", f"conference-edition-{edition.pk}-part-{part.pk}@{host}")
        event.add("dtstamp", stamp)
        summary = edition.display_title
        if part.label:
            summary = f"{summary} – {part.label}"
        event.add("summary", summary)
        event.add("dtstart", part.start)
        event.add("dtend", (part.end or part.start) + datetime.timedelta(days=1))
        event.add("location", edition.place_display)
        event.add("status", STATUS[edition.status])
        event.add("url", url)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


def personal_programme_calendar(
    registration, sessions, *, url: str, host: str = "partnerhub"
) -> bytes:
    """A participant's programme: one timed event per session (plenaries, their workshops).

    `sessions` come from `queries.personal_programme` (slot, room and speakers loaded).
    Times are exported in UTC, which every calendar shows in its own time zone.
    """
    edition = registration.edition
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname",
        _("My programme: %(edition)s") % {"edition": edition.display_title},
    )
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"conference-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{session.title} ({session.get_kind_display()})")
        event.add("dtstart", session.slot.starts_at.astimezone(datetime.UTC))
        event.add("dtend", session.slot.ends_at.astimezone(datetime.UTC))
        location = ", ".join(
            part
            for part in (session.room.name if session.room else "", edition.place_display)
            if part
        )
        event.add("location", location)
        event.add("status", STATUS[edition.status])
        event.add("url", url)
        speakers = ", ".join(speaker.full_name for speaker in session.speakers.all())
        lines = [session.description]
        if speakers:
            lines.append(_("Speakers: %(names)s") % {"names": speakers})
        description = "\n".join(line for line in lines if line).strip()
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()
