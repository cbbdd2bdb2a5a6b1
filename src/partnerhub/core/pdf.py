"""HTML templates to PDF (WeasyPrint): badges, certificates, letters, proposal documents.

Why HTML: the same templates, translations and styles as the pages; WeasyPrint
needs no browser and no network. Images and style sheets are only read from
the project's static files (`url_fetcher`), never fetched from the web, so a
document renders the same on every machine and cannot be made to reach out.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from partnerhub.core.files import secure_file_headers

STATIC_PREFIX = "static:"


class StaticOnlyFetcher(URLFetcher):
    """Serve `static:css/x.css` from the static files and data: URLs; refuse everything else.

    Templates refer to images and styles as `static:<path>` (e.g. `static:img/favicon.svg`).
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            path = finders.find(url.removeprefix(STATIC_PREFIX))
            if path:
                return super().fetch(f"file://{path}", headers)
        raise ValueError(f"Documents may only use the project's static files, not {url!r}.")


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes (in the active language)."""
    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=StaticOnlyFetcher()).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return secure_file_headers(response)
