"""iCalendar feed of a conference series: every edition, past and planned (RFC 5545).

Built like the edition's own `.ics` (`conferences.ics`): a part known to the
day is an all-day event (DTSTART and an exclusive DTEND); a part known only to
the month or the year is not an event, because a calendar would show it on
the 1st as if the day were known. Such parts are named in the calendar's
description instead (X-WR-CALDESC), so the feed still says "October 2021".
The UIDs are the same as in the edition's file, so a calendar that has both
shows each day once.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from partnerhub.conferences.ics import PRODID, STATUS
from partnerhub.conferences.models import ConferenceSeries, Edition, EditionPart


def series_for_feed(slug: str) -> ConferenceSeries | None:
    """The series with its editions, their parts and hosts (three queries)."""
    editions = Edition.objects.prefetch_related(
        Prefetch("parts", queryset=EditionPart.objects.order_by("start", "id"))
    ).order_by("number")
    return (
        ConferenceSeries.objects.prefetch_related(Prefetch("editions", queryset=editions))
        .filter(slug=slug)
        .first()
    )


def series_calendar(series: ConferenceSeries, *, url_of, host: str = "partnerhub") -> bytes:
    """`url_of(edition)` gives the absolute address of an edition's page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", series.title)
    stamp = timezone.now()
    notes = []
    for edition in series.editions.all():
        url = url_of(edition)
        for part in edition.ordered_parts:
            label = edition.display_title
            if part.label:
                label = f"{label} – {part.label}"
            if not part.is_dated_to_the_day:
                notes.append(
                    _("%(label)s: %(dates)s (exact days not known yet, so not an event)")
                    % {"label": label, "dates": part.dates_display}
                )
                continue
            event = Event()
            event.add("uid", f"conference-edition-{edition.pk}-part-{part.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", label)
            event.add("dtstart", part.start)
            event.add("dtend", (part.end or part.start) + datetime.timedelta(days=1))
            event.add("location", edition.place_display)
            event.add("status", STATUS[edition.status])
            event.add("url", url)
            description = "\n".join(p for p in (edition.guiding_question, url) if p)
            event.add("description", description)
            calendar.add_component(event)
    if notes:
        calendar.add("x-wr-caldesc", "\n".join(notes))
    return calendar.to_ical()
