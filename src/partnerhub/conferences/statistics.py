"""Figures of an edition for the organisers, and bar charts of them as SVG.

Every figure is computed by the database (aggregate queries over the
registrations) when the page is shown, never stored: a cancellation shows at
once. Two numbers per line: *confirmed* participants (who hold a place) and
*all active* registrations (confirmed, awaiting approval or on the waiting
list).

The charts are plain SVG written on the server by `core.charts` (no JavaScript):
`role="img"` with a `<title>` and `<desc>`, and the page shows the same figures
as a table next to each chart, which is what screen readers and copy-and-paste
use. The SVG uses presentation attributes only (no style attributes), so a
Content-Security-Policy without inline styles holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partnerhub.core import charts
from partnerhub.reference.models import LANGUAGE_CODES, Region, translated

from .models import ACTIVE_STATUSES, Edition, ParticipantType, Registration, RegistrationStatus
from .queries.organiser import JOINT

CONFIRMED = Q(status=RegistrationStatus.CONFIRMED)

# Colours with at least 4.5:1 contrast on white; the values are written next to the bars too,
# so colour is never the only way to tell the two apart. The drawing is `core.charts`.
COLOUR_CONFIRMED = "#0b5394"
COLOUR_ACTIVE = "#4a5360"
BAR_AREA = charts.BAR_AREA


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    confirmed: int
    active: int


@dataclass(frozen=True)
class Breakdown:
    slug: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    filter_name: str = ""  # the participant-list filter that shows a line's people

    @property
    def total_confirmed(self) -> int:
        return sum(f.confirmed for f in self.figures)

    @property
    def total_active(self) -> int:
        return sum(f.active for f in self.figures)

    @property
    def chart(self) -> SafeString:
        return bar_chart_svg(chart_id=f"chart-{self.slug}", title=self.title, figures=self.figures)


@dataclass(frozen=True)
class EditionStatistics:
    by_country: Breakdown
    by_type: Breakdown
    by_region: Breakdown
    german_municipalities: Breakdown

    @property
    def breakdowns(self) -> list[Breakdown]:
        return [self.by_country, self.by_type, self.by_region, self.german_municipalities]


def _active(edition: Edition):
    return Registration.objects.filter(edition=edition, status__in=ACTIVE_STATUSES).order_by()


def _grouped(edition: Edition, *fields: str):
    return (
        _active(edition)
        .values(*fields)
        .annotate(active=Count("id"), confirmed=Count("id", filter=CONFIRMED))
        .order_by("-confirmed", "-active", *fields)
    )


def by_country(edition: Edition) -> Breakdown:
    name_fields = [f"country__name_{code}" for code in LANGUAGE_CODES]
    figures = []
    for row in _grouped(edition, "country_id", *name_fields):
        names = SimpleNamespace(
            **{f"name_{code}": row[f"country__name_{code}"] for code in LANGUAGE_CODES}
        )
        figures.append(
            Figure(row["country_id"], translated(names, "name"), row["confirmed"], row["active"])
        )
    return Breakdown("country", _("Participants by country"), figures, filter_name="country")


def by_participant_type(edition: Edition) -> Breakdown:
    labels = dict(ParticipantType.choices)
    figures = [
        Figure(
            row["participant_type"],
            str(labels.get(row["participant_type"], row["participant_type"])),
            row["confirmed"],
            row["active"],
        )
        for row in _grouped(edition, "participant_type")
    ]
    return Breakdown(
        "type", _("Participants by participant type"), figures, filter_name="participant_type"
    )


def by_region(edition: Edition) -> Breakdown:
    labels = dict(Region.choices)
    figures = [
        Figure(
            row["country__region"],
            str(labels.get(row["country__region"], row["country__region"])),
            row["confirmed"],
            row["active"],
        )
        for row in _grouped(edition, "country__region")
    ]
    return Breakdown("region", _("Participants by region"), figures, filter_name="region")


def german_municipalities(edition: Edition) -> Breakdown:
    """German municipalities (counted once each) registered with their partner, and without.

    "With a partner": at least one of its representatives registered in a joint
    form together with the partner municipality's delegation.
    """
    represented = _active(edition).filter(
        participant_type=ParticipantType.GERMAN_MUNICIPALITY, municipality__isnull=False
    )
    figures = represented.aggregate(
        all_active=Count("municipality", distinct=True),
        with_active=Count("municipality", distinct=True, filter=JOINT),
        all_confirmed=Count("municipality", distinct=True, filter=CONFIRMED),
        with_confirmed=Count("municipality", distinct=True, filter=JOINT & CONFIRMED),
    )
    return Breakdown(
        "german",
        _("German municipalities registered with a partner and without"),
        [
            Figure(
                "german_with_partner",
                _("with their partner municipality"),
                figures["with_confirmed"],
                figures["with_active"],
            ),
            Figure(
                "german_without_partner",
                _("without a partner municipality"),
                figures["all_confirmed"] - figures["with_confirmed"],
                figures["all_active"] - figures["with_active"],
            ),
        ],
        filter_name="partnership",
    )


def edition_statistics(edition: Edition) -> EditionStatistics:
    """All figures of the statistics page (four aggregate queries)."""
    return EditionStatistics(
        by_country=by_country(edition),
        by_type=by_participant_type(edition),
        by_region=by_region(edition),
        german_municipalities=german_municipalities(edition),
    )


# --- SVG -------------------------------------------------------------------------------


def bar_chart_svg(*, chart_id: str, title: str, figures: list[Figure]) -> SafeString:
    """A horizontal bar chart: per line its label, a bar for confirmed and one for all active."""
    return charts.bar_chart_svg(
        chart_id=chart_id,
        title=title,
        description=_(
            "Bars per line: confirmed participants and all active registrations; "
            "the table gives the same figures."
        ),
        rows=[(figure.label, (figure.confirmed, figure.active)) for figure in figures],
        series=(
            charts.Series(_("confirmed"), COLOUR_CONFIRMED),
            charts.Series(_("all active"), COLOUR_ACTIVE),
        ),
    )
