"""The language switcher of visitors who are not logged in: a GET, so the page needs no
CSRF token and can be served from the page cache (core.page_cache).

`GET /language/?language=en&next=/conferences/` sets the language cookie and goes back to
`next` when it is an address on this site, else to the page the visitor came from, else
to the home page. An unknown language changes nothing. Logged-in people keep Django's
`set_language` (a POST with the CSRF token; their pages are never cached).

A GET that sets a cookie can be triggered from another site (a link, an image): the worst
it does is switch the visitor's interface language, which the visitor can switch back;
no data changes.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partnerhub.accounts.views import set_language_cookie


def _safe(request, url) -> bool:
    return url_has_allowed_host_and_scheme(
        url=url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@never_cache
@require_safe
def switch_language(request):
    next_url = request.GET.get("next")
    if not _safe(request, next_url):
        next_url = request.META.get("HTTP_REFERER")
        if not _safe(request, next_url):
            next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
    return response
