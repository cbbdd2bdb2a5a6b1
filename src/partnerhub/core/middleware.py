"""Security middleware: the two-factor gate.

`TwoFactorMiddleware` (after AuthenticationMiddleware): a logged-in person who
must use two-factor authentication (`accounts.two_factor.requires_two_factor`)
and whose session has not passed the second step yet gets no page but the
two-factor pages and log-out; every other request is redirected to the set-up
page (no confirmed device yet) or the code page, remembering where they wanted
to go. API requests get a 403 JSON answer instead of a redirect. Requests that
carry an `Authorization` header are authenticated by their API token, not by
the session (see api/auth.py), and pass.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerhub.accounts import two_factor

ALLOWED_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "set_language",
    }
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not two_factor.needs_second_step(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_URL_NAMES:
            return None
        if request.path.startswith("/api/"):
            if "HTTP_AUTHORIZATION" in request.META:
                return None
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor authentication is not complete for this session: "
                        "finish logging in on the website, or use an API token."
                    )
                },
                status=403,
            )
        name = (
            "accounts:two_factor_verify"
            if two_factor.confirmed_device(request.user)
            else "accounts:two_factor_setup"
        )
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
