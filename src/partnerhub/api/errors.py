"""Every API error is JSON with a `detail` message; bad input is 4xx, never 500."""

from django.http import Http404
from ninja.errors import ValidationError


def install_error_handlers(api):
    @api.exception_handler(ValidationError)
    def invalid_input(request, exc):
        return api.create_response(
            request, {"detail": "Invalid request parameters.", "errors": exc.errors}, status=400
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
