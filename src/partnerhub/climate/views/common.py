"""Loading a programme or version for a page, with the permission check in one place."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import queries
from ..models import ProgrammeVersion


def programme_or_404(request, pk: int):
    """The programme if the person may see something of it: an adopted version, or drafts."""
    programme = queries.programme_for_page(pk)
    if programme is None:
        raise Http404
    visible = queries.adopted_version(programme) is not None or any(
        v.is_public for v in programme.versions.all()
    )
    if not visible and not request.user.has_perm("climate.view_drafts", programme):
        raise Http404
    return programme


def version_or_404(request, programme, number: int) -> ProgrammeVersion:
    version = next((v for v in programme.versions.all() if v.number == number), None)
    if version is None:
        raise Http404
    queries.attach(version, programme)
    if not request.user.has_perm("climate.view_version", version):
        raise Http404
    return version


def open_version_or_403(request, programme) -> ProgrammeVersion:
    """The draft being written, for those who may edit it (404 when there is none)."""
    if not request.user.has_perm("climate.edit_programme", programme):
        raise PermissionDenied
    version = queries.open_version(programme)
    if version is None:
        raise Http404
    return queries.attach(version, programme)
