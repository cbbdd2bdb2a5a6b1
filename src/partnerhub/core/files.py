"""Uploaded and generated files: one check for uploads, one way to serve them.

Uploads
    `upload_problem(upload, kinds=("pdf",), max_bytes=…)` checks a file by its
    content (the first bytes, not the name or the browser's content type) and its
    size. It returns a translated message, or "" when the file is acceptable.
    Services call it and raise a ValidationError with the message.

Storage
    Every FileField stores below `private/` of MEDIA_ROOT (`private_path`):
    nothing there is reachable by URL — Django's development server skips it
    (root urls.py) and the production web server must not serve MEDIA_ROOT/private
    (docs/security.md). Nothing is ever written below static/.
    tests/security/test_uploads.py checks every FileField of every model.

Serving
    `file_response(file, filename, …)` is the only way a stored file leaves the
    server, from a view that has checked permissions first: attachment (or inline
    for PDFs when asked), the declared content type, `X-Content-Type-Options:
    nosniff`, a `Content-Security-Policy: sandbox` that runs nothing even if a
    browser renders the file, no caching by shared caches, and a 404 if the file
    is gone.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PRIVATE_PREFIX = "private/"

# Magic numbers: what a file of each kind starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
KIND_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}

# For file responses: nothing in the file may run or load anything.
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def kind_of(head: bytes) -> str | None:
    """The kind of file whose first bytes are `head`, or None."""
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def upload_problem(upload, *, kinds=("pdf",), max_bytes: int | None = None) -> str:
    """An empty string if `upload` is one of `kinds` by its content and within `max_bytes`."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        return _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}
    if size == 0:
        return _("The file is empty.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if kind_of(head) not in kinds:
        names = ", ".join(KIND_NAMES[kind] for kind in kinds)
        return _("The file is not of an accepted type (%(kinds)s); its content was checked.") % {
            "kinds": names
        }
    return ""


def private_path(*parts: str) -> str:
    """A storage name below private/ (for `upload_to` functions)."""
    return PRIVATE_PREFIX + "/".join(str(part).strip("/") for part in parts)


def file_response(
    file,
    filename: str,
    *,
    content_type: str = "application/pdf",
    inline: bool = False,
) -> FileResponse:
    """Serve a stored file (FieldFile or file object) after the caller checked permissions."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb") if hasattr(file, "open") else file
    except (OSError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=not (inline and content_type == "application/pdf"),
        filename=filename,
        content_type=content_type,
    )
    secure_file_headers(response)
    return response


def secure_file_headers(response):
    """The headers of every file download (also for generated PDFs and exports)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
