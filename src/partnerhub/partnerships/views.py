"""Pages of the partnership registry.

* `partnership_list`: search and filters (q, country, region, kind, sdg, theme), paginated.
* `partnership_map`: the same search drawn as a map (server-rendered SVG) with a table.
* `partnership_detail`: the public profile.
* `partnership_create` / `partnership_edit`: members of a municipality (either side) and
  organisers; `partnership_delete`: organisers.

The views only parse, ask `queries`/`services` and render; every rule is in `services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import current_memberships
from partnerhub.reference.models import Municipality

from . import map as partnership_map
from . import queries, services
from .forms import ContactFormSet, PartnershipFilterForm, PartnershipForm
from .models import Partnership

PAGE_SIZE = 20
MAP_LIMIT = 400


def _search(request):
    form = PartnershipFilterForm(request.GET)
    filters = form.filters()
    return form, filters, queries.search_partnerships(filters)


def partnership_list(request):
    form, filters, partnerships = _search(request)
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    params = filters.as_params()
    return render(
        request,
        "partnerships/list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query_string": urlencode(params),
            "map_url": f"{reverse('partnerships:map')}?{urlencode(params)}"
            if params
            else reverse("partnerships:map"),
            "may_add": request.user.has_perm("partnerships.add_partnership"),
        },
    )


def partnership_map_view(request):
    form, filters, partnerships = _search(request)
    shown = list(partnerships[: MAP_LIMIT + 1])
    truncated = len(shown) > MAP_LIMIT
    shown = shown[:MAP_LIMIT]
    params = filters.as_params()
    return render(
        request,
        "partnerships/map.html",
        {
            "form": form,
            "filters": filters,
            "map": partnership_map.build_map(shown),
            "partnerships": shown,
            "truncated": truncated,
            "limit": MAP_LIMIT,
            "legend": partnership_map.legend_items(),
            "list_url": f"{reverse('partnerships:list')}?{urlencode(params)}"
            if params
            else reverse("partnerships:list"),
        },
    )


def partnership_detail(request, pk):
    partnership = queries.partnership_profile(pk)
    if partnership is None:
        raise Http404
    climate_record = _climate_record(partnership)
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "is_climate": partnership_map.is_climate(partnership),
            "has_climate_record": climate_record is not None,
            "programme_pk": _public_programme_pk(climate_record),
            "themes": partnership.theme_labels(),
            "description_language": _description_language(partnership),
            "may_change": request.user.has_perm("partnerships.change_partnership", partnership),
            "may_delete": request.user.has_perm("partnerships.delete_partnership", partnership),
        },
    )


def _description_language(partnership) -> str:
    """The language of the description shown (the reader's, else the fallback's), for `lang`."""
    reader = (get_language() or "de")[:2]
    for code in (reader, "en", "de", "fr", "es"):
        if getattr(partnership, f"description_{code}", ""):
            return code
    return reader


def _climate_record(partnership):
    try:
        return partnership.climate_partnership
    except Exception:  # no record, or no climate app yet
        return None


def _public_programme_pk(climate_record) -> int | None:
    """The joint action programme of a climate partnership, if a version of it is public."""
    try:
        programme = climate_record.programme
        if any(version.is_public for version in programme.versions.all()):
            return programme.pk
    except Exception:  # no record, no programme yet, or no climate app
        return None
    return None


def _initial_for(user) -> dict:
    """Pre-select the municipality the person acts for, on its side of the form."""
    ids = list(current_memberships(user).municipalities)
    own = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
    german = [m for m in own if m.is_german]
    abroad = [m for m in own if not m.is_german]
    initial = {}
    if german:
        initial["german_municipality"] = german[0].pk
    elif abroad:
        initial["partners"] = [abroad[0].pk]
    return initial


@login_required
def partnership_create(request):
    if not request.user.has_perm("partnerships.add_partnership"):
        raise PermissionDenied
    form = PartnershipForm(request.POST or None, creating=True, initial=_initial_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_register(by=request.user, **form.service_fields())
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                _("The partnership has been registered. Add contact roles with “Edit”."),
            )
            return redirect("partnerships:detail", partnership.pk)
    return render(request, "partnerships/form.html", {"form": form, "partnership": None})


def _sides(partnership: Partnership) -> list:
    return [partnership.german_municipality, *partnership.partners.all()]


@login_required
def partnership_edit(request, pk):
    partnership = get_object_or_404(queries.partnerships_public(), pk=pk)
    if not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied
    initial = {
        "kind": partnership.kind,
        "since_year": partnership.since_year,
        "status": partnership.status,
        "themes": partnership.themes,
        "sdgs": [goal.pk for goal in partnership.sdgs.all()],
        "partners": [partner.pk for partner in partnership.partners.all()],
        **{
            f"description_{code}": getattr(partnership, f"description_{code}")
            for code in ("de", "en", "fr", "es")
        },
    }
    contacts_initial = [
        {"municipality": c.municipality_id, "role": c.role, "email": c.email}
        for c in partnership.contacts.order_by("position", "pk")
    ]
    form = PartnershipForm(request.POST or None, creating=False, initial=initial)
    contacts = ContactFormSet(
        request.POST or None,
        prefix="contacts",
        initial=contacts_initial,
        sides=_sides(partnership),
    )
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        fields = form.service_fields()
        try:
            services.partnership_update(
                partnership=partnership, by=request.user, contacts=contacts.contacts(), **fields
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                contacts.apply_errors(error)
                rest = {
                    key: value
                    for key, value in error.message_dict.items()
                    if not key.startswith("contacts[")
                }
                if rest:
                    form.apply_errors(ValidationError(rest))
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The partnership has been saved."))
            return redirect("partnerships:detail", partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "contacts": contacts, "partnership": partnership},
    )


@login_required
def partnership_delete(request, pk):
    partnership = get_object_or_404(queries.partnerships_public(), pk=pk)
    if not request.user.has_perm("partnerships.delete_partnership", partnership):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.partnership_delete(partnership=partnership, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The partnership has been deleted."))
            return redirect("partnerships:list")
    return render(request, "partnerships/delete.html", {"partnership": partnership, "error": error})
