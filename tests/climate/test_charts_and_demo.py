"""The shared SVG charts, and the demo part of the climate app."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.climate import demo
from partnerhub.climate.models import (
    ClimatePartnership,
    ExpertSecondment,
    ProgrammeStatus,
    ProgrammeVersion,
    ProgressReport,
)
from partnerhub.conferences.models import Edition, SeriesKind
from partnerhub.core.charts import Series, bar_chart_svg, line_chart_svg


def test_bar_chart_is_accessible_and_escapes_labels():
    svg = bar_chart_svg(
        chart_id="c",
        title="Title <b>",
        description="Same as the table",
        rows=[("Ghana <script>", (3, 1)), ("Tanzania", (1, 0))],
        series=(Series("all"), Series("adopted", "#4a5360")),
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert svg.count("<rect") == 2 + 4  # legend squares, one bar per value (zero: width 0)
    assert 'width="540.0"' in svg  # the largest value spans the bar area


def test_line_chart_draws_values_against_the_target_path():
    svg = line_chart_svg(
        chart_id="t",
        title="Emissions",
        description="d",
        points=[(2013, 90.0), (2014, 80.0)],
        path=[(2010, 100.0), (2020, 60.0)],
        points_label="reported",
        path_label="path",
    )
    assert 'stroke-dasharray="6 4"' in svg
    assert svg.count("<circle") == 2
    assert ">2010<" in svg and ">2020<" in svg
    empty = line_chart_svg(chart_id="e", title="x", description="d", points=[], path=[])
    assert "<title" in empty


class Report:
    def __init__(self):
        self.lines = []

    def line(self, text):
        self.lines.append(text)

    def login(self, *args):
        pass


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent():
    from partnerhub.partnerships import demo as partnerships_demo
    from partnerhub.reference import demo as reference_demo

    reference_demo.load(Report())
    partnerships_demo.load(Report())
    demo.load(Report())
    climates = ClimatePartnership.objects.select_related("partnership__german_municipality")
    assert climates.count() == 9
    kinds = [c.partnership.german_municipality.kind for c in climates]
    assert kinds.count("district") == 1
    countries = set(climates.values_list("partnership__partners__country_id", flat=True).distinct())
    assert countries == {"GH", "TZ", "ZA"}
    assert all(c.is_sample for c in climates)
    assert ProgrammeVersion.objects.filter(status=ProgrammeStatus.ADOPTED).count() == 1
    assert ProgrammeVersion.objects.filter(status=ProgrammeStatus.DRAFT).count() == 1
    assert ProgressReport.objects.filter(submitted_at__isnull=False).count() == 2
    assert ExpertSecondment.objects.count() == 1
    meetings = Edition.objects.filter(series__kind=SeriesKind.CLIMATE_NETWORK)
    assert meetings.count() == 6
    with CaptureQueriesContext(connection) as second:
        demo.load(Report())
    writes = [
        q["sql"] for q in second.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
