"""Open data: the catalogue page and the downloads (all public, read-only, GET only)."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partnerhub.core.exports import table_response

from . import datasets, feeds, iati

IATI_CONTENT_TYPE = "application/xml; charset=utf-8"


@require_GET
def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets.catalogue(),
            "licence_name": datasets.LICENCE_NAME,
            "licence_url": datasets.LICENCE_URL,
        },
    )


def _xml(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=IATI_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def iati_partnerships(request):
    return _xml(iati.iter_partnerships_xml(), "partnerships.xml")


@require_GET
def iati_learning_processes(request):
    return _xml(iati.iter_learning_processes_xml(), "learning-processes.xml")


@require_GET
def csv_download(request, slug):
    dataset = datasets.CSV_DATASETS.get(slug)
    if dataset is None:
        raise Http404
    return table_response("csv", slug, dataset.headers, dataset.rows())


@require_GET
def series_calendar(request, series):
    found = feeds.series_for_feed(series)
    if found is None:
        raise Http404

    def url_of(edition):
        return request.build_absolute_uri(
            reverse("conferences:edition", args=[found.slug, edition.number])
        )

    response = HttpResponse(
        feeds.series_calendar(found, url_of=url_of, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{found.slug}.ics"'
    return response
