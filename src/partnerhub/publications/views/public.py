"""Pages: the public catalogue, a publication's page and its PDF download.

* `catalogue` (`publications:catalogue`): filters by topic (`?topic=climate`),
  language, series and a search over titles and numbers (also the other
  number a source gives); 20 per page.
* `detail` (`publications:detail`, by slug): every fact, the note on the
  sources, the download and the way to order printed copies.
* `download`: the PDF as an attachment (`Content-Disposition`, `nosniff`), from
  storage outside any public media address (`core.files.file_response`:
  attachment, `nosniff`, a sandboxing CSP).

Unpublished entries exist only for organisers (404 for everybody else).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from partnerhub.core.files import file_response

from .. import queries
from ..forms import CatalogueFilterForm
from ..models import Topic

PAGE_SIZE = 20


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else dict.fromkeys(("q", "topic", "language", "series"))
    publications = queries.catalogue(person=request.user, **filters)
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publications/catalogue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": any(filters.values()),
            "topic_label": Topic(filters["topic"]).label if filters["topic"] else "",
        },
    )


def detail(request, slug):
    publication = queries.publication_for_page(slug, request.user)
    if publication is None:
        raise Http404
    return render(request, "publications/detail.html", {"publication": publication})


def download(request, slug):
    publication = queries.publication_for_page(slug, request.user)
    if publication is None or not publication.pdf:
        raise Http404
    return file_response(publication.pdf, f"{publication.slug}.pdf")


urlpatterns = [
    path("", catalogue, name="catalogue"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/download.pdf", download, name="download"),
]
