"""Who is calling: personal API tokens for programs, the session for the browser.

Endpoints that need a person use `api_auth`, which accepts, in this order:

1. `Authorization: Bearer <token>`: a personal API token, created and revoked by
   its owner on their account page (`accounts.services.api_token_create`). Only
   a hash of the token is stored. A header with an unknown or revoked token, or
   one of a person who is inactive or erased, is refused with 401 at once, even
   if the request also carries a session cookie.
2. The session cookie of a logged-in person (the browser, the interactive docs).
   Requests that change something (POST …) must then also pass Django's CSRF
   check: send the `csrftoken` cookie's value in the `X-CSRFToken` header, as
   for any form of the site. Token requests need no CSRF token: a browser never
   adds an `Authorization` header by itself, so a forged cross-site request
   cannot carry one.

Either way the handler finds the person in `request.auth` (and `request.user`).
Without either, the answer is 401 with a `WWW-Authenticate: Bearer` header.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from partnerhub.accounts.services import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer phk_…`: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        person = api_token_authenticate(token.strip())
        if person is None:
            raise AuthenticationError(
                message=_("The API token is not valid: it is unknown or has been revoked.")
            )
        request.user = person
        return person


class SessionAuth(APIKeyCookie):
    """The session of a logged-in person; requests that change something need the CSRF token.

    Unlike ninja's `django_auth`, a request without a logged-in person is simply
    not authenticated (401), whatever its method, instead of failing the CSRF
    check first (403).
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(
                403,
                _(
                    "CSRF check failed: send the value of the csrftoken cookie in the "
                    "X-CSRFToken header, or use an API token."
                ),
            )
        return user


api_auth = [ApiTokenAuth(), SessionAuth()]
