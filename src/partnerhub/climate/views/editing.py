"""The partners' pages to write their programme: the open version (draft or agreed), its
details, fields of action, targets and measures; approval per side, adoption, new version.

Who may do what is `climate.rules`; what a change does (approvals cleared by an edit, what
is missing before an approval) is `climate.services.programmes`. A refusal of a service
is shown at its field and the form keeps what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.reference.models import Municipality

from .. import queries, services
from ..forms import (
    AdoptForm,
    FieldOfActionForm,
    MeasureForm,
    TargetForm,
    VersionDetailsForm,
    apply_errors,
)
from ..models import ClimatePartnership, FieldOfAction, Measure, Side, Target
from ..services.programmes import DETAIL_FIELDS
from .common import open_version_or_403, programme_or_404


@require_POST
@login_required
def programme_start(request, climate_pk):
    climate = get_object_or_404(
        ClimatePartnership.objects.select_related("partnership").prefetch_related(
            "partnership__partners"
        ),
        pk=climate_pk,
    )
    if not request.user.has_perm("climate.edit_programme", climate):
        raise PermissionDenied
    version = services.programme_start(climate_partnership=climate, by=request.user)
    return redirect("climate:edit", version.programme_id)


def _sides(request, version) -> list[str]:
    return [
        side
        for side in Side.values
        if request.user.has_perm(f"climate.approve_{side}_side", version)
    ]


def _edit_page(request, programme, version, *, details_form=None, adopt_form=None, status=200):
    content = queries.version_content(version)
    missing = services.version_missing(version)
    context = {
        "programme": programme,
        "climate": programme.climate_partnership,
        "partnership": programme.climate_partnership.partnership,
        "version": version,
        "details_form": details_form or VersionDetailsForm(instance=version),
        "adopt_form": adopt_form or AdoptForm(),
        "missing": [message for messages_ in missing.values() for message in messages_],
        "approve_sides": [
            (side, Side(side).label, version.approved_by_side(side))
            for side in _sides(request, version)
        ],
        "may_adopt": request.user.has_perm("climate.adopt_programme", version)
        and version.status == "agreed",
        **content,
    }
    return render(request, "climate/edit.html", context, status=status)


@login_required
@never_cache
def programme_edit(request, pk):
    programme = programme_or_404(request, pk)
    version = open_version_or_403(request, programme)
    if request.method == "POST":
        form = VersionDetailsForm(request.POST, instance=version)
        if form.is_valid():
            try:
                services.version_update_details(
                    version=version,
                    by=request.user,
                    **{name: form.cleaned_data[name] for name in DETAIL_FIELDS},
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The programme has been saved."))
                return redirect("climate:edit", pk)
        return _edit_page(request, programme, version, details_form=form, status=200)
    return _edit_page(request, programme, version)


@require_POST
@login_required
def programme_approve(request, pk):
    programme = programme_or_404(request, pk)
    version = open_version_or_403(request, programme)
    side = request.POST.get("side", "")
    if side not in _sides(request, version):
        raise PermissionDenied
    try:
        services.version_approve(version=version, side=side, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have approved this version for the %(side)s.") % {"side": Side(side).label},
        )
    return redirect("climate:edit", pk)


@require_POST
@login_required
def programme_adopt(request, pk):
    programme = programme_or_404(request, pk)
    version = open_version_or_403(request, programme)
    if not request.user.has_perm("climate.adopt_programme", version):
        raise PermissionDenied
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.version_adopt(
                version=version, decision_date=form.cleaned_data["decision_date"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The adoption has been recorded; the programme is public."))
            return redirect("climate:programme", pk)
    return _edit_page(request, programme, version, adopt_form=form)


@require_POST
@login_required
def programme_new_version(request, pk):
    programme = programme_or_404(request, pk)
    if not request.user.has_perm("climate.edit_programme", programme):
        raise PermissionDenied
    try:
        services.version_start_new(programme=programme, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("climate:programme", pk)
    messages.success(
        request,
        _(
            "A new draft has been started from the adopted version, which stays public "
            "until the new one is adopted."
        ),
    )
    return redirect("climate:edit", pk)


# --- Fields of action, targets and measures: one pattern ------------------------------------


class Item:
    """How to edit one kind of part of a version."""

    def __init__(self, model, form, save, delete, title_add, title_edit, extra=None):
        self.model, self.form, self.save, self.delete = model, form, save, delete
        self.title_add, self.title_edit, self.extra = title_add, title_edit, extra


def _sides_queryset(programme):
    partnership = programme.climate_partnership.partnership
    ids = [partnership.german_municipality_id, *(p.pk for p in partnership.partners.all())]
    return Municipality.objects.filter(pk__in=ids).order_by("-country_id", "name")


ITEMS = {
    "field": Item(
        FieldOfAction,
        lambda programme, version, **kw: FieldOfActionForm(**kw),
        lambda version, by, obj, data: services.field_of_action_save(
            version=version, by=by, field=obj, **data
        ),
        lambda obj, by: services.field_of_action_delete(field=obj, by=by),
        gettext_lazy("Add a field of action"),
        gettext_lazy("Change the field of action"),
    ),
    "target": Item(
        Target,
        lambda programme, version, **kw: TargetForm(
            version=version, sides=_sides_queryset(programme), **kw
        ),
        lambda version, by, obj, data: services.target_save(
            version=version, by=by, target=obj, **data
        ),
        lambda obj, by: services.target_delete(target=obj, by=by),
        gettext_lazy("Add a target"),
        gettext_lazy("Change the target"),
    ),
    "measure": Item(
        Measure,
        lambda programme, version, **kw: MeasureForm(version=version, **kw),
        lambda version, by, obj, data: services.measure_save(
            version=version,
            by=by,
            measure=obj,
            targets=data.pop("targets"),
            **data,
        ),
        lambda obj, by: services.measure_delete(measure=obj, by=by),
        gettext_lazy("Add a measure"),
        gettext_lazy("Change the measure"),
    ),
}


def _item(kind: str):
    if kind not in ITEMS:
        raise Http404
    return ITEMS[kind]


@login_required
@never_cache
def item_form(request, pk, kind, item_pk=None):
    item = _item(kind)
    programme = programme_or_404(request, pk)
    version = open_version_or_403(request, programme)
    obj = None
    if item_pk is not None:
        obj = item.model.objects.filter(version=version, pk=item_pk).first()
        if obj is None:
            raise Http404
    kwargs = {"instance": obj} if obj is not None else {}
    if request.method == "POST":
        form = item.form(programme, version, data=request.POST, **kwargs)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                item.save(version, request.user, obj, data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("climate:edit", pk)
    else:
        form = item.form(programme, version, **kwargs)
    return render(
        request,
        "climate/item_form.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "version": version,
            "form": form,
            "title": item.title_edit if obj else item.title_add,
            "approved": version.german_approved_at or version.partner_approved_at,
        },
    )


@login_required
def item_delete(request, pk, kind, item_pk):
    item = _item(kind)
    programme = programme_or_404(request, pk)
    version = open_version_or_403(request, programme)
    obj = item.model.objects.filter(version=version, pk=item_pk).first()
    if obj is None:
        raise Http404
    error_messages = []
    if request.method == "POST":
        try:
            item.delete(obj, request.user)
        except ValidationError as error:
            error_messages = error.messages
        except ProtectedError:
            error_messages = [_("Other parts of the programme still refer to this.")]
        else:
            messages.success(request, _("Deleted."))
            return redirect("climate:edit", pk)
    return render(
        request,
        "climate/item_delete.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "version": version,
            "object": obj,
            "errors": error_messages,
        },
    )


urlpatterns = [
    path("partnerships/<int:climate_pk>/start/", programme_start, name="start"),
    path("programmes/<int:pk>/edit/", programme_edit, name="edit"),
    path("programmes/<int:pk>/approve/", programme_approve, name="approve"),
    path("programmes/<int:pk>/adopt/", programme_adopt, name="adopt"),
    path("programmes/<int:pk>/new-version/", programme_new_version, name="new_version"),
    path("programmes/<int:pk>/edit/<slug:kind>/add/", item_form, name="item_add"),
    path("programmes/<int:pk>/edit/<slug:kind>/<int:item_pk>/", item_form, name="item_edit"),
    path(
        "programmes/<int:pk>/edit/<slug:kind>/<int:item_pk>/delete/",
        item_delete,
        name="item_delete",
    ),
]
