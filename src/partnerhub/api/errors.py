"""Every API error is JSON with a `detail` message; bad input is 4xx, never 500.

* 400: the request does not match the documented parameters or body (`errors`
  lists what, as pydantic reports it).
* 401: no valid API token and no session (`WWW-Authenticate: Bearer`).
* 403: the caller may not do this (a service's `PermissionDenied`).
* 404: an unknown object (`Http404`); `fields` names the field that pointed at it.
* 409: the request collided with another change at the same moment; send it again.
* 422: a rule of the platform refuses it (a service's `ValidationError`); `fields`
  holds the messages per field, keyed as the service keys them (e.g.
  `people[1].email`; `__all__` for the whole record).

Messages come in the request's language (Accept-Language, or the language
cookie of a browser session) wherever the platform has them translated.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, ValidationError


class NotFoundInBody(Http404):
    """An object named in the body (by slug or code) does not exist: 404 with the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def error_body(exc: DjangoValidationError) -> dict:
    """`detail` (every message in one sentence) and, for field errors, `fields`."""
    if hasattr(exc, "error_dict"):
        fields = {key: [str(m) for m in messages] for key, messages in exc.message_dict.items()}
        detail = " ".join(message for messages in fields.values() for message in messages)
        return {"detail": detail, "fields": fields}
    return {"detail": " ".join(str(m) for m in exc.messages)}


def install_error_handlers(api):
    @api.exception_handler(ValidationError)
    def invalid_input(request, exc):
        return api.create_response(
            request, {"detail": _("Invalid request parameters."), "errors": exc.errors}, status=400
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        body = {"detail": str(exc) or _("Not found.")}
        if isinstance(exc, NotFoundInBody):
            body["fields"] = {exc.field: [exc.message]}
        return api.create_response(request, body, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = exc.message
        if detail == AuthenticationError().message:  # ninja's default "Unauthorized"
            detail = _(
                "Authentication required: send a personal API token "
                "(Authorization: Bearer <token>) or log in."
            )
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("You may not do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(DjangoValidationError)
    def refused_by_a_rule(request, exc):
        return api.create_response(request, error_body(exc), status=422)

    @api.exception_handler(IntegrityError)
    def conflict(request, exc):
        return api.create_response(
            request,
            {
                "detail": _(
                    "Another change collided with this request at the same moment; "
                    "please send it again."
                )
            },
            status=409,
        )
