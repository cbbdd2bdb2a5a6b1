"""The open datasets: what the "Open data" page lists and what each csv download holds.

Every dataset is public information that the platform's public pages already
show; nothing here reveals a person. Each table is read in a fixed number of
queries (`rows()` functions), whatever the number of rows.

CSV files are written by `core.exports` like every download of the platform:
UTF-8 with a byte-order mark, semicolons, cells that start like a spreadsheet
formula defused with an apostrophe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Min, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.calls.models import Call, LearningProcess
from partnerhub.calls.queries.learning import event_last_day
from partnerhub.conferences.dates import partial_iso
from partnerhub.conferences.models import ConferenceSeries, Edition, EditionPart
from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import Municipality

# The licence of the platform's own data (docs/open-data.md). The service agency may choose
# another; it is one constant.
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    format: str
    url_name: str
    headers: Sequence[str] = ()
    rows: Callable[[], Iterable[Sequence]] | None = None
    licence: str = LICENCE_NAME
    licence_url: str = LICENCE_URL
    url_args: tuple = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


def _w3c(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


# --- Rows --------------------------------------------------------------------------------


def edition_rows() -> Iterable[Sequence]:
    """One row per edition (three queries)."""
    editions = (
        Edition.objects.select_related("series", "host_municipality")
        .prefetch_related(
            Prefetch("parts", queryset=EditionPart.objects.order_by("start", "id")), "sdgs"
        )
        .annotate(first_start=Min("parts__start"))
        .order_by("series__position", "series__slug", "number")
    )
    for edition in editions:
        parts = edition.ordered_parts
        first, last = (parts[0], parts[-1]) if parts else (None, None)
        yield (
            edition.series.slug,
            edition.number,
            edition.display_title,
            partial_iso(first.start, first.precision) if first else "",
            partial_iso(last.end or last.start, last.precision) if last else "",
            first.precision if first else "",
            edition.dates_display,
            edition.place_display,
            edition.is_online,
            edition.host_municipality.name if edition.host_municipality_id else "",
            edition.status,
            " ".join(str(goal.number) for goal in edition.sdgs.all()),
            reverse("conferences:edition", args=[edition.series.slug, edition.number]),
        )


def call_rows() -> Iterable[Sequence]:
    """Published calls, by deadline (one query)."""
    for call in Call.objects.filter(is_published=True).order_by("deadline", "pk"):
        yield (
            call.slug,
            call.title_de,
            call.title_en,
            _w3c(call.opens_at),
            _w3c(call.deadline),
            " ".join(call.theme_fields),
            reverse("calls:call", args=[call.slug]),
        )


def learning_process_rows() -> Iterable[Sequence]:
    """Learning processes with their dialogue event (two queries)."""
    processes = (
        LearningProcess.objects.select_related("host__country", "dialogue_event")
        .prefetch_related("sdgs")
        .order_by("-starts_on", "title")
    )
    for process in processes:
        event = getattr(process, "dialogue_event", None)
        yield (
            process.pk,
            process.title,
            process.host.name,
            process.host.country_id,
            process.theme_field,
            process.starts_on,
            process.ends_on,
            event.starts_on if event else "",
            event_last_day(event) if event else "",
            event.place if event else "",
            event.working_language if event else "",
            " ".join(str(goal.number) for goal in process.sdgs.all()),
            reverse("calls:learning_process", args=[process.pk]),
        )


def partnership_rows() -> Iterable[Sequence]:
    """One row per partnership (three queries)."""
    partnerships = (
        Partnership.objects.select_related("german_municipality")
        .prefetch_related(
            Prefetch("partners", queryset=Municipality.objects.order_by("name", "pk")), "sdgs"
        )
        .order_by("pk")
    )
    for partnership in partnerships:
        partners = list(partnership.partners.all())
        yield (
            partnership.pk,
            partnership.german_municipality.name,
            partnership.german_municipality.official_key,
            " | ".join(m.name for m in partners),
            " ".join(sorted({m.country_id for m in partners})),
            partnership.kind,
            partnership.since_year or "",
            partnership.status,
            " ".join(partnership.themes),
            " ".join(str(goal.number) for goal in partnership.sdgs.all()),
            reverse("partnerships:detail", args=[partnership.pk]),
        )


def publication_rows() -> Iterable[Sequence]:
    """The published "Material" catalogue as the public sees it (one query)."""
    from partnerhub.publications.queries import catalogue as publication_catalogue

    for publication in publication_catalogue().order_by("series", "number", "slug"):
        yield (
            publication.slug,
            publication.series,
            publication.number or "",
            publication.title_de,
            publication.title_en,
            publication.iso_date or "",
            publication.date_precision if publication.published_on else "",
            " ".join(publication.language_codes),
            publication.topic,
            publication.online_only,
            reverse("publications:detail", args=[publication.slug]),
        )


# --- The catalogue -----------------------------------------------------------------------

CSV_DATASETS: dict[str, Dataset] = {}


def _csv(slug, title, description, headers, rows) -> None:
    CSV_DATASETS[slug] = Dataset(
        slug=slug,
        title=title,
        description=description,
        format="CSV",
        url_name="opendata:csv",
        url_args=(slug,),
        headers=headers,
        rows=rows,
    )


_csv(
    "conference-editions",
    _("Conference editions"),
    _("Every edition of every conference series: dates at their precision, place, status."),
    (
        "series",
        "number",
        "title",
        "start",
        "end",
        "date_precision",
        "dates",
        "place",
        "online",
        "host_municipality",
        "status",
        "sdgs",
        "page",
    ),
    edition_rows,
)
_csv(
    "calls",
    _("Calls for proposals"),
    _("Published calls for topic proposals with opening and deadline (German time)."),
    ("slug", "title_de", "title_en", "opens_at", "deadline", "theme_fields", "page"),
    call_rows,
)
_csv(
    "learning-processes",
    _("Learning processes and dialogue events"),
    _("Learning processes with their host and their international dialogue event."),
    (
        "id",
        "title",
        "host_municipality",
        "host_country",
        "theme_field",
        "starts_on",
        "ends_on",
        "event_first_day",
        "event_last_day",
        "event_place",
        "event_working_language",
        "sdgs",
        "page",
    ),
    learning_process_rows,
)
_csv(
    "partnerships",
    _("Municipal partnerships"),
    _("Partnerships between German municipalities and their partners abroad."),
    (
        "id",
        "german_municipality",
        "german_official_key",
        "partner_municipalities",
        "partner_countries",
        "kind",
        "since_year",
        "status",
        "themes",
        "sdgs",
        "page",
    ),
    partnership_rows,
)
_csv(
    "publications",
    _("Publications (Material)"),
    _("The published catalogue of the service agency's publications."),
    (
        "slug",
        "series",
        "number",
        "title_de",
        "title_en",
        "published",
        "date_precision",
        "languages",
        "topic",
        "online_only",
        "page",
    ),
    publication_rows,
)


def catalogue() -> list[Dataset]:
    """Every dataset of the "Open data" page (the series calendars come from one query)."""
    datasets = [
        Dataset(
            slug="iati-partnerships",
            title=_("Partnerships as IATI activities"),
            description=_("IATI activity XML, standard 2.03, one activity per partnership."),
            format="IATI XML 2.03",
            url_name="opendata:iati_partnerships",
        ),
        Dataset(
            slug="iati-learning-processes",
            title=_("Learning processes as IATI activities"),
            description=_(
                "IATI activity XML, standard 2.03, one activity per learning process "
                "with its dialogue event."
            ),
            format="IATI XML 2.03",
            url_name="opendata:iati_learning_processes",
        ),
        *CSV_DATASETS.values(),
    ]
    for series in ConferenceSeries.objects.order_by("position", "slug"):
        datasets.append(
            Dataset(
                slug=f"calendar-{series.slug}",
                title=_("Calendar: %(series)s") % {"series": series.title},
                description=_("Every edition of the series as an iCalendar feed."),
                format="iCalendar",
                url_name="opendata:series_calendar",
                url_args=(series.slug,),
            )
        )
    datasets.append(
        Dataset(
            slug="api",
            title=_("JSON API (OpenAPI document)"),
            description=_("Countries, SDGs, conferences, calls and more as JSON."),
            format="OpenAPI 3 / JSON",
            url_name="api-v1:openapi-json",
        )
    )
    return datasets
