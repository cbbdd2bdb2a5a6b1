"""Public pages: the project and its dashboard, a programme, its versions and reports,
PDF and xlsx. The public sees adopted versions (and those a later adoption replaced) and
submitted reports; drafts only the partners and organisers (`climate.view_version`)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from partnerhub.core.charts import Series, bar_chart_svg, line_chart_svg
from partnerhub.core.pdf import pdf_response, render_pdf

from .. import queries
from ..exports import programme_xlsx_response
from .common import programme_or_404, version_or_404


def _charts(board) -> list[dict]:
    adopted, total = _("with an adopted programme"), _("all climate partnerships")
    both = (Series(str(total), "#4a5360"), Series(str(adopted), "#0b5394"))
    return [
        {
            "slug": "phase",
            "title": _("Climate partnerships per phase"),
            "heading": _("Phase"),
            "columns": (total, adopted),
            "rows": [(label, (t, a)) for label, t, a in board.by_phase],
            "svg": bar_chart_svg(
                chart_id="chart-phase",
                title=_("Climate partnerships per phase"),
                description=_(
                    "Per phase: all climate partnerships and those with an adopted programme; "
                    "the table gives the same figures."
                ),
                rows=[(label, (t, a)) for label, t, a in board.by_phase],
                series=both,
            ),
        },
        {
            "slug": "country",
            "title": _("Climate partnerships per partner country"),
            "heading": _("Partner country"),
            "columns": (total, adopted),
            "rows": [(label, (t, a)) for label, t, a in board.by_country],
            "svg": bar_chart_svg(
                chart_id="chart-country",
                title=_("Climate partnerships per partner country"),
                description=_(
                    "Per partner country: all climate partnerships and those with an adopted "
                    "programme; the table gives the same figures."
                ),
                rows=[(label, (t, a)) for label, t, a in board.by_country],
                series=both,
            ),
        },
        {
            "slug": "programmes",
            "title": _("Action programmes by state"),
            "heading": _("State"),
            "columns": (_("Climate partnerships"),),
            "rows": [
                (_("adopted"), (board.states["adopted"],)),
                (_("agreed by both sides, not yet adopted"), (board.states["agreed"],)),
                (_("draft"), (board.states["draft"],)),
                (_("not started"), (board.states["none"],)),
            ],
        },
        {
            "slug": "measures",
            "title": _("Measures of adopted programmes by status"),
            "heading": _("Status"),
            "columns": (_("Measures"),),
            "rows": [(label, (count,)) for label, count in board.measures_by_status],
        },
    ]


def overview(request):
    project = queries.project()
    rows = list(queries.climate_partnerships())
    board = queries.dashboard(project, rows)
    charts = _charts(board)
    for chart in charts:
        if "svg" not in chart:
            chart["svg"] = bar_chart_svg(
                chart_id=f"chart-{chart['slug']}",
                title=chart["title"],
                description=_("The table below the chart gives the same figures."),
                rows=chart["rows"],
            )
    for climate in rows:
        climate.state = queries.state_of(climate)
    context = {
        "project": project,
        "board": board,
        "charts": charts,
        "partnerships": rows,
        "meetings": list(queries.network_meetings()),
        "may_manage": request.user.has_perm("climate.manage_project"),
    }
    return render(request, "climate/overview.html", context)


def _target_charts(progress) -> list[dict]:
    result = []
    for item in progress:
        target = item.target
        result.append(
            {
                "item": item,
                "svg": line_chart_svg(
                    chart_id=f"target-{target.pk}",
                    title=_("%(indicator)s (%(unit)s)")
                    % {"indicator": target.indicator, "unit": target.unit_label},
                    description=_(
                        "Reported values per year against the straight path from the baseline "
                        "to the target; the table gives the same figures."
                    ),
                    points=item.points,
                    path=item.path,
                    points_label=_("reported"),
                    path_label=_("path to the target"),
                ),
            }
        )
    return result


def _version_page(request, programme, version, *, template="climate/programme.html"):
    content = queries.version_content(version)
    may_see_drafts = request.user.has_perm("climate.view_drafts", programme)
    report_list = queries.reports(programme, submitted_only=not may_see_drafts)
    submitted = [r for r in report_list if r.is_submitted]
    context = {
        "programme": programme,
        "climate": programme.climate_partnership,
        "partnership": programme.climate_partnership.partnership,
        "version": version,
        "adopted": queries.adopted_version(programme),
        "open_version": queries.open_version(programme) if may_see_drafts else None,
        "reports": report_list,
        "charts": _target_charts(queries.target_progress(content["targets"], submitted))
        if version.is_public
        else [],
        "may_edit": request.user.has_perm("climate.edit_programme", programme),
        "may_report": request.user.has_perm("climate.report_progress", programme),
        "may_see_drafts": may_see_drafts,
        **content,
    }
    return render(request, template, context)


def programme_detail(request, pk):
    """The adopted version; for partners without one yet, the draft being written."""
    programme = programme_or_404(request, pk)
    version = queries.adopted_version(programme)
    if version is None:
        candidates = [v for v in programme.versions.all() if v.is_public]
        if not candidates and request.user.has_perm("climate.view_drafts", programme):
            candidates = list(programme.versions.all())
        if not candidates:
            raise Http404
        version = candidates[0]
    queries.attach(version, programme)
    return _version_page(request, programme, version)


def version_detail(request, pk, number):
    programme = programme_or_404(request, pk)
    version = version_or_404(request, programme, number)
    return _version_page(request, programme, version)


def version_history(request, pk):
    programme = programme_or_404(request, pk)
    versions = [
        queries.attach(v, programme)
        for v in programme.versions.all()
        if request.user.has_perm("climate.view_version", queries.attach(v, programme))
    ]
    return render(
        request,
        "climate/versions.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "versions": versions,
        },
    )


def programme_pdf(request, pk, number):
    programme = programme_or_404(request, pk)
    version = version_or_404(request, programme, number)
    content = queries.version_content(version)
    pdf = render_pdf(
        "climate/pdf/programme.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "partnership": programme.climate_partnership.partnership,
            "version": version,
            **content,
        },
        request=request,
    )
    return pdf_response(pdf, f"action-programme-{programme.pk}-v{version.number}.pdf")


def programme_xlsx(request, pk, number):
    programme = programme_or_404(request, pk)
    version = version_or_404(request, programme, number)
    may_see_drafts = request.user.has_perm("climate.view_drafts", programme)
    report_list = [
        r
        for r in queries.reports(programme, submitted_only=not may_see_drafts)
        if r.version_id == version.pk
    ]
    return programme_xlsx_response(
        programme, version, queries.version_content(version), report_list
    )


urlpatterns = [
    path("", overview, name="overview"),
    path("programmes/<int:pk>/", programme_detail, name="programme"),
    path("programmes/<int:pk>/versions/", version_history, name="versions"),
    path("programmes/<int:pk>/versions/<int:number>/", version_detail, name="version"),
    path("programmes/<int:pk>/versions/<int:number>/programme.pdf", programme_pdf, name="pdf"),
    path("programmes/<int:pk>/versions/<int:number>/programme.xlsx", programme_xlsx, name="xlsx"),
]
