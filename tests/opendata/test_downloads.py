"""The "Open data" page, csv downloads of the public lists and the calendars per series."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from partnerhub.conferences.dates import DatePrecision
from partnerhub.conferences.models import EditionPart, EditionStatus
from partnerhub.opendata import datasets
from tests.conferences.helpers import load_history
from tests.factories import EditionFactory, PartnershipFactory, SeriesFactory
from tests.permissions import assert_matrix

from .conftest import make_processes

pytestmark = pytest.mark.django_db
EVERYONE = {
    "anonymous": 200,
    "participant": 200,
    "member_own": 200,
    "member_other": 200,
    "reviewer_conflict": 200,
    "organiser": 200,
}


def csv_lines(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return [line.split(";") for line in text.strip().splitlines()]


def test_open_data_page_lists_every_dataset_with_licence_and_format(client):
    SeriesFactory()
    response = client.get(reverse("opendata:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for dataset in datasets.catalogue():
        assert dataset.url in page
        assert dataset.format in page
    assert datasets.LICENCE_URL in page
    assert reverse("opendata:series_calendar", args=["africa"]) in page
    assert "<caption>Datasets</caption>" in page


def test_open_data_pages_are_public(client, roles):
    SeriesFactory()
    for url in [
        reverse("opendata:index"),
        reverse("opendata:csv", args=["partnerships"]),
        reverse("opendata:series_calendar", args=["africa"]),
    ]:
        assert_matrix(client, url, EVERYONE)


def test_an_unknown_dataset_or_series_is_404(client):
    assert client.get(reverse("opendata:csv", args=["people"])).status_code == 404
    assert client.get(reverse("opendata:series_calendar", args=["nowhere"])).status_code == 404


def test_downloads_refuse_writes(client):
    assert client.post(reverse("opendata:csv", args=["calls"])).status_code == 405


def test_conference_editions_csv_keeps_date_precision(client):
    edition = EditionFactory(start=datetime.date(2021, 10, 1), title_en="Sample edition")
    part = edition.parts.get()
    part.precision, part.end = DatePrecision.MONTH, None
    part.save()
    response = client.get(reverse("opendata:csv", args=["conference-editions"]))
    assert response["Content-Type"].startswith("text/csv")
    header, row = csv_lines(response)
    values = dict(zip(header, row, strict=True))
    assert (values["start"], values["end"], values["date_precision"]) == (
        "2021-10",
        "2021-10",
        "month",
    )
    assert values["title"] == "Sample edition"


def test_partnerships_csv_defuses_formulas(client):
    partnership = PartnershipFactory()
    partnership.german_municipality.name = "=HYPERLINK(1)"
    partnership.german_municipality.save()
    header, row = csv_lines(client.get(reverse("opendata:csv", args=["partnerships"])))
    assert dict(zip(header, row, strict=True))["german_municipality"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("slug", sorted(datasets.CSV_DATASETS))
def test_every_csv_runs_a_fixed_number_of_queries(client, slug, django_assert_max_num_queries):
    from tests.publications.helpers import make_publication

    counts = []
    for size in (2, 20):
        for index in range(size):
            PartnershipFactory()
            EditionFactory()
            make_publication(slug=f"sample-{size}-{index}", is_published=True)
        make_processes(size)
        with django_assert_max_num_queries(4):
            response = client.get(reverse("opendata:csv", args=[slug]))
        counts.append(len(csv_lines(response)))
    assert response.status_code == 200
    if slug != "calls":
        assert counts[1] > counts[0]


def test_series_calendar_has_every_dated_edition_and_names_the_others(client):
    load_history()
    response = client.get(
        reverse("opendata:series_calendar", args=["africa"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids))
    for event in events:
        assert isinstance(event.decoded("dtstart"), datetime.date)
        assert event.decoded("dtend") > event.decoded("dtstart")
    undated = EditionPart.objects.filter(edition__series__slug="africa").exclude(
        precision=DatePrecision.DAY
    )
    if undated.exists():
        assert "exact days not known" in str(calendar["x-wr-caldesc"])


def test_month_precision_is_not_an_event_on_the_first(client):
    edition = EditionFactory(
        start=datetime.date(2030, 10, 1), status=EditionStatus.PLANNED, title_en="Sample planned"
    )
    edition.parts.update(precision=DatePrecision.MONTH, end=None)
    EditionFactory(start=datetime.date(2030, 3, 4), title_en="Sample dated")
    response = client.get(
        reverse("opendata:series_calendar", args=[edition.series.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Sample dated"]
    assert "Sample planned: October 2030" in str(calendar["x-wr-caldesc"])


@pytest.mark.parametrize("size", [2, 20])
def test_series_calendar_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    series = SeriesFactory()
    for _ in range(size):
        EditionFactory(series=series)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("opendata:series_calendar", args=[series.slug]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == size


def test_publications_csv_lists_the_published_catalogue_only(client):
    from tests.publications.helpers import make_publication

    make_publication(slug="sample-guide", title_en="Sample guide", is_published=True)
    make_publication(slug="sample-draft", is_published=False)
    header, *rows = csv_lines(client.get(reverse("opendata:csv", args=["publications"])))
    assert [dict(zip(header, row, strict=True))["slug"] for row in rows] == ["sample-guide"]
    values = dict(zip(header, rows[0], strict=True))
    assert (values["published"], values["date_precision"]) == ("2012-05", "month")


@pytest.mark.parametrize("size", [1, 12])
def test_open_data_page_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    for index in range(size):
        SeriesFactory(slug=f"sample-series-{index}", region="")
    with django_assert_max_num_queries(2):
        response = client.get(reverse("opendata:index"))
    assert response.content.count(b".ics") == size
