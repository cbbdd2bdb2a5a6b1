"""Pages of partner matchmaking (issue 6, item 3); the logic is in `matchmaking`.

* `suggestions/`: choose the municipality (one's own; organisers search any).
* `suggestions/<slug>/`: ranked partner municipalities, open calls and learning
  processes with their explanations, and the form to hide the municipality from
  other municipalities' suggestions. Its members and organisers only.
* `suggestions/<slug>/visibility/` (POST): hide or show again, through
  `matchmaking.suggestions_visibility_set`.

Anonymous people go to the log-in page; everybody else without the right gets 403.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerhub.accounts.predicates import is_organiser
from partnerhub.reference.models import Municipality

from . import matchmaking

HIDE, SHOW = "hide", "show"


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=gettext_lazy("Visibility in suggestions"),
        choices=[
            (HIDE, gettext_lazy("Hidden from other municipalities' suggestions")),
            (SHOW, gettext_lazy("Shown in other municipalities' suggestions")),
        ],
        widget=forms.RadioSelect,
    )


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.select_related("country"), slug=slug)


@login_required
def suggestions_choose(request):
    q = request.GET.get("q", "")
    own, found = matchmaking.municipality_choices(request.user, q)
    return render(
        request,
        "partnerships/suggestions_choose.html",
        {
            "own": own,
            "found": found,
            "q": q[:100],
            "may_search": is_organiser(request.user),
        },
    )


def _render(request, municipality, *, form=None, status=200):
    suggestions = matchmaking.suggestions_for(municipality, request.user)
    current = HIDE if municipality.hidden_from_suggestions else SHOW
    return render(
        request,
        "partnerships/suggestions.html",
        {
            "municipality": municipality,
            "suggestions": suggestions,
            "form": form or VisibilityForm(initial={"visibility": current}),
            "next_visibility": SHOW if municipality.hidden_from_suggestions else HIDE,
        },
        status=status,
    )


@login_required
def suggestions_for(request, slug):
    municipality = _municipality(slug)
    if not request.user.has_perm(matchmaking.VIEW_PERMISSION, municipality):
        raise PermissionDenied(_("Only members of the municipality and organisers see this."))
    return _render(request, municipality)


@login_required
@require_POST
def suggestions_visibility(request, slug):
    municipality = _municipality(slug)
    if not request.user.has_perm(matchmaking.HIDE_PERMISSION, municipality):
        raise PermissionDenied(
            _("Only members of the municipality and organisers may change this.")
        )
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        return _render(request, municipality, form=form, status=400)
    hidden = form.cleaned_data["visibility"] == HIDE
    matchmaking.suggestions_visibility_set(
        municipality=municipality, hidden=hidden, by=request.user
    )
    if hidden:
        text = _("%(name)s is now hidden from other municipalities' suggestions.")
    else:
        text = _("%(name)s is now shown in other municipalities' suggestions again.")
    messages.success(request, text % {"name": municipality.name})
    return redirect("partnerships:suggestions_for", slug=municipality.slug)


urlpatterns = [
    path("suggestions/", suggestions_choose, name="suggestions"),
    path("suggestions/<slug:slug>/", suggestions_for, name="suggestions_for"),
    path(
        "suggestions/<slug:slug>/visibility/",
        suggestions_visibility,
        name="suggestions_visibility",
    ),
]
