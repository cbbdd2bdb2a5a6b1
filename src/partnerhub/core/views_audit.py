"""The audit trail for organisers: every entry `core.services.audit_record` wrote, filtered.

Filters: the kind of record (content type), the action, the actor (name or
e-mail address, part of it is enough) and a date range in German time. The
page runs a fixed number of queries: the count, one page of entries (actor
and content type joined), the kinds and the actions offered in the filters.
Subjects are named by their kind and key, not loaded one by one.
"""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import AuditEvent

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    subject_type = forms.TypedChoiceField(
        label=_("Kind of record"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=150,
        help_text=_("Name or e-mail address, or part of it."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, content_types=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = [("", _("All kinds"))] + [
            (ct.pk, f"{ct.app_labeled_name}") for ct in content_types
        ]
        self.fields["action"].choices = [("", _("All actions"))] + [(a, a) for a in actions]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the range cannot be before its start."))
        return cleaned


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events(
    *,
    subject_type: int | None = None,
    action: str = "",
    actor: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The entries matching the filters, newest first, with actor and kind joined."""
    events = AuditEvent.objects.select_related("actor", "content_type").order_by("-at", "-id")
    if subject_type:
        events = events.filter(content_type_id=subject_type)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(
            Q(actor__full_name__icontains=actor) | Q(actor__email__icontains=actor)
        )
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return events


def _query_string(data) -> str:
    keep = {key: value for key, value in data.items() if key != "page" and value}
    return urlencode(keep)


@require_GET
@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_event_list(request):
    type_ids = AuditEvent.objects.values_list("content_type_id", flat=True).distinct()
    content_types = sorted(
        ContentType.objects.filter(pk__in=type_ids), key=lambda ct: ct.app_labeled_name
    )
    actions = list(
        AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    )
    form = AuditFilterForm(request.GET or None, content_types=content_types, actions=actions)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events(**{key: value for key, value in filters.items() if value})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "query": _query_string(request.GET)},
    )


urlpatterns = [path("", audit_event_list, name="events")]
