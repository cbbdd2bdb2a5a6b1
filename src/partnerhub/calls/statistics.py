"""Figures of Connective Cities in Germany, computed from the data, never typed in (DOMAIN.md §2).

"Since 2014: 29 dialogue events in 13 German municipalities" is the kind of
sentence the seed prints; here it is counted from the dialogue events on
record whenever a page is shown:

* a **dialogue event** counts once its first day has come (today included), if
  it took place in 2014 or later with a German host municipality; later ones
  are *planned*;
* **host municipalities** are the distinct German hosts of those events;
* **countries reached** are the distinct countries of the *selected*
  participants of those events (Germany included);
* events by **theme field** (of their learning process) and by **year**.

Every function runs a fixed number of aggregate queries. Sample records of the
demo count like real ones, as on the home page. The bar charts are plain SVG
drawn by `core.charts` from the numbers computed here (`Chart.svg`), with a
table of the same figures next to each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerhub.core.charts import BAR_AREA, bar_chart_svg
from partnerhub.reference.models import Country
from partnerhub.reference.queries import sort_key

from .models import DialogueEvent, EventParticipant, ParticipantStatus, ThemeField

SINCE = datetime.date(2014, 1, 1)
GERMANY = "DE"


def _events_in_germany() -> QuerySet:
    return DialogueEvent.objects.filter(
        starts_on__gte=SINCE, learning_process__host__country_id=GERMANY
    ).order_by()


def held_events(today: datetime.date | None = None) -> QuerySet:
    """Dialogue events in Germany since 2014 whose first day has come."""
    return _events_in_germany().filter(starts_on__lte=today or timezone.localdate())


def figures_sentence(events: int, hosts: int, since: int) -> str:
    """ "29 dialogue events in 13 German municipalities since 2014", in the active language."""
    if not events:
        return _("No dialogue events on record yet.")
    # Translators: the place in "29 dialogue events in 13 German municipalities since 2014".
    where = ngettext("%(count)d German municipality", "%(count)d German municipalities", hosts) % {
        "count": hosts
    }
    return ngettext(
        "%(events)d dialogue event in %(where)s since %(year)d",
        "%(events)d dialogue events in %(where)s since %(year)d",
        events,
    ) % {"events": events, "where": where, "year": since}


def public_figures(today: datetime.date | None = None) -> dict:
    """The figures for the public pages (two queries), with the ready sentence.

    Keys: events, host_municipalities, countries, planned, since, sentence.
    """
    today = today or timezone.localdate()
    held = Q(starts_on__lte=today)
    counts = _events_in_germany().aggregate(
        events=Count("pk", filter=held),
        hosts=Count("learning_process__host", filter=held, distinct=True),
        planned=Count("pk", filter=~held),
        first=Min("starts_on", filter=held),
    )
    countries = (
        EventParticipant.objects.filter(
            event__in=held_events(today), status=ParticipantStatus.SELECTED
        )
        .values("country_id")
        .distinct()
        .count()
    )
    since = counts["first"].year if counts["first"] else SINCE.year
    return {
        "events": counts["events"],
        "host_municipalities": counts["hosts"],
        "countries": countries,
        "planned": counts["planned"],
        "since": since,
        "sentence": figures_sentence(counts["events"], counts["hosts"], since),
    }


def events_by_theme_field(today: datetime.date | None = None) -> list[tuple[str, str, int]]:
    """(value, label, events) per theme field, every field listed, in the order of the fields."""
    rows = (
        held_events(today)
        .values("learning_process__theme_field")
        .annotate(events=Count("pk"))
        .order_by()
    )
    counts = {row["learning_process__theme_field"]: row["events"] for row in rows}
    return [(value, str(label), counts.get(value, 0)) for value, label in ThemeField.choices]


def events_by_year(today: datetime.date | None = None) -> list[tuple[int, int]]:
    """(year, events) from the first year on record to the last, years without events as 0."""
    rows = (
        held_events(today)
        .annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(events=Count("pk"))
        .order_by("year")
    )
    counts = {row["year"]: row["events"] for row in rows}
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def countries_reached(today: datetime.date | None = None) -> list[Country]:
    """The countries of the selected participants, by name in the reader's language."""
    reached = Country.objects.filter(
        iso2__in=EventParticipant.objects.filter(
            event__in=held_events(today), status=ParticipantStatus.SELECTED
        ).values("country_id")
    )
    return sorted(reached, key=lambda country: sort_key(country.name))


# --- Bar charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: float  # in the units of `core.charts` (the largest count spans BAR_AREA)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    label_heading: str
    bars: list[Bar]

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.label}: {bar.count}" for bar in self.bars)

    @property
    def svg(self):
        return bar_chart_svg(
            chart_id=self.slug,
            title=self.title,
            description=self.description,
            rows=[(bar.label, (bar.count,)) for bar in self.bars],
        )


def bar_chart(slug: str, title: str, label_heading: str, rows) -> Chart:
    """Horizontal bars for (label, count) rows, scaled to the largest count."""
    rows = list(rows)
    largest = max((count for _label, count in rows), default=0) or 1
    bars = [
        Bar(label=str(label), count=count, width=round(BAR_AREA * count / largest, 1))
        for label, count in rows
    ]
    return Chart(slug=slug, title=title, label_heading=label_heading, bars=bars)


def statistics_page(today: datetime.date | None = None) -> dict:
    """Everything the public statistics page shows (five queries)."""
    today = today or timezone.localdate()
    by_theme = events_by_theme_field(today)
    by_year = events_by_year(today)
    return {
        "figures": public_figures(today),
        "charts": [
            bar_chart(
                "theme-fields",
                _("Dialogue events by theme field"),
                _("Theme field"),
                [(label, count) for _value, label, count in by_theme],
            ),
            bar_chart("years", _("Dialogue events by year"), _("Year"), by_year),
        ],
        "countries": countries_reached(today),
        "today": today,
    }
