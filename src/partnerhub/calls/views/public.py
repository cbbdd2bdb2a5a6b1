"""Public pages of calls: the list and a call's page; the organisers' call form.

* `call_list`: open calls first (nearest deadline first), then upcoming and
  closed ones; organisers also see unpublished calls and "new call".
* `call_detail`: the call in the reader's language (with a marked fallback),
  who may apply, deadline in German time and the closed state, criteria,
  limits, and for members of a municipality that may apply "Write a proposal".
* `call_create` / `call_edit` / `call_publish`: organisers only.

A call's address is its slug right under /calls/. So that a call never hides
another page of the app ("mine/", the review and learning pages), the slug
converter refuses the first path segments the other page modules use, and the
call form refuses them as slugs.
"""

import copy
import functools
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, register_converter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.reference.models import MunicipalityKind

from .. import queries, rules_of_call, services
from ..forms_calls import CallForm
from ..models import SECTIONS, Proposal, ThemeField

LITERAL_SEGMENT = re.compile(r"[-\w]+")
OWN_SEGMENTS = ("new",)


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """First path segments of the other pages under /calls/: no call may be called so."""
    from . import learning, proposals, reviews

    segments = set(OWN_SEGMENTS)
    for module in (learning, proposals, reviews):
        for pattern in module.urlpatterns:
            first = str(pattern.pattern).lstrip("^").split("/", 1)[0]
            if LITERAL_SEGMENT.fullmatch(first):
                segments.add(first)
    return frozenset(segments)


class CallSlugConverter:
    """A slug that is not the first segment of another page of the app (see above)."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if value in reserved_slugs():
            raise ValueError(value)  # no match: the resolver tries the next pattern
        return value

    def to_url(self, value: str) -> str:
        return value


CALL_SLUG = "callslug"
register_converter(CallSlugConverter, CALL_SLUG)


def organisers_only(perm: str):
    """Log in first (anonymous → log-in page), then the permission (others → 403)."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


def _call(request, slug):
    call = queries.call_for_page(slug, request.user)
    if call is None:
        raise Http404
    return call


def call_list(request):
    return render(
        request,
        "calls/call_list.html",
        {
            "calls": queries.calls_by_state(request.user),
            "may_create": request.user.has_perm("calls.add_call"),
        },
    )


def call_detail(request, slug):
    call = _call(request, slug)
    now = timezone.now()
    user = request.user
    options = queries.applicant_options(user, call) if user.is_authenticated else []
    kinds = dict(MunicipalityKind.choices)
    context = {
        "call": call,
        "title": call.display_title,
        "text": call.display_text,
        "is_open": call.is_open(now),
        "deadline_passed": rules_of_call.deadline_passed(call, now),
        "not_yet_open": bool(call.is_published and call.opens_at and now < call.opens_at),
        "eligible_kinds": [kinds.get(kind, kind) for kind in call.eligible_kinds],
        "theme_fields": [ThemeField(value).label for value in call.theme_fields],
        "criteria": list(call.criteria.all()),
        "sections": [
            {
                "number": number,
                "label": Proposal._meta.get_field(section).verbose_name,
                "limit": call.limit_for(section),
            }
            for number, section in enumerate(SECTIONS, start=1)
        ],
        "options": options,
        "may_write": any(option.may_apply for option in options),
        "proposals": queries.proposals_of(user, call) if user.is_authenticated else [],
        "may_manage": user.has_perm("calls.change_call", call),
    }
    return render(request, "calls/call_detail.html", context)


def _apply_errors(error: ValidationError, form) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@organisers_only("calls.add_call")
def call_create(request):
    form = CallForm(request.POST or None, reserved_slugs=reserved_slugs())
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(by=request.user, **form.call_fields())
        except ValidationError as error:
            _apply_errors(error, form)
        else:
            messages.success(request, _("The call has been created."))
            return redirect("calls:call", call.slug)
    return render(request, "calls/call_form.html", {"form": form, "call": None})


@organisers_only("calls.change_call")
def call_edit(request, slug):
    call = _call(request, slug)
    # The form works on a copy: what it is given must not show as the call's (its slug
    # and title in the page) before it is saved.
    form = CallForm(request.POST or None, instance=copy.copy(call), reserved_slugs=reserved_slugs())
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_update(call=call, by=request.user, **form.call_fields())
        except ValidationError as error:
            _apply_errors(error, form)
        else:
            messages.success(request, _("The call has been saved."))
            return redirect("calls:call", call.slug)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@require_POST
@organisers_only("calls.change_call")
def call_publish(request, slug):
    call = _call(request, slug)
    published = request.POST.get("published") == "1"
    services.call_publish(call=call, by=request.user, published=published)
    if published:
        messages.success(request, _("The call is published."))
    else:
        messages.success(request, _("The call is no longer published."))
    return redirect("calls:call", call.slug)


urlpatterns = [
    path("", call_list, name="list"),
    path("new/", call_create, name="call_create"),
    path(f"<{CALL_SLUG}:slug>/", call_detail, name="call"),
    path(f"<{CALL_SLUG}:slug>/edit/", call_edit, name="call_edit"),
    path(f"<{CALL_SLUG}:slug>/publish/", call_publish, name="call_publish"),
]
