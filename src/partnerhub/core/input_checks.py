"""Refuse NUL characters in form and query input before any view sees it.

PostgreSQL cannot store or even compare text containing the NUL character
(U+0000): a query with such a parameter fails with a DataError, which would be
a 500. Django's form `CharField` refuses NUL already, but choice fields, model
choice fields and views that read `request.GET` directly pass the value on to
the database. No legitimate input contains NUL, so this middleware answers any
request whose query string or form data (not uploaded files) contains one
with 400 and a clear message, in one place for every page. The JSON API checks
its bodies in its schemas (`api/registrations.py`, `NoNullCharacters`) and gets
the same 400 for its query parameters here.

Install it right after `CommonMiddleware` (before the CSRF check, so that a
refused request is refused for the NUL, whatever else is wrong with it).
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

NUL = "\x00"


def contains_nul(querydict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in querydict.lists()
    )


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if contains_nul(request.GET) or (request.method == "POST" and contains_nul(request.POST)):
            return refusal(request)
        return self.get_response(request)


def refusal(request):
    message = _(
        "The input contains a NUL character (U+0000), which no text may contain. "
        "Remove it and send the form again."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(
        f'<!doctype html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "en"))}">'
        f'<head><meta charset="utf-8"><title>{escape(_("Bad request"))}</title></head>'
        f"<body><main><h1>{escape(_('Bad request'))}</h1><p>{escape(message)}</p>"
        f'<p><a href="/">{escape(_("Home page"))}</a></p></main></body></html>',
    )
