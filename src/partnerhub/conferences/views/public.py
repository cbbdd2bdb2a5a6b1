"""Public conference pages, the organiser's rotation planner and the interest in hosting.

Views only parse the request, ask `queries` or call `services`, and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms import DecisionForm, HostingInterestForm
from ..ics import edition_calendar
from ..models import HostingInterest
from ..structured_data import edition_event, json_ld


def overview(request):
    """All series with the timeline, the next editions and what is due."""
    series_list = queries.series_with_editions()
    return render(
        request,
        "conferences/overview.html",
        {
            "series_list": series_list,
            "plan": queries.rotation_plan(series_list=series_list),
            "upcoming": queries.upcoming_editions(series_list=series_list),
        },
    )


def archive(request):
    return render(request, "conferences/archive.html", {"editions": queries.editions_public()})


def _edition(series: str, number: int):
    edition = queries.edition_detail(series=series, number=number)
    if edition is None:
        raise Http404
    return edition


def edition_detail(request, series, number):
    edition = _edition(series, number)
    url = request.build_absolute_uri()
    return render(
        request,
        "conferences/edition_detail.html",
        {
            "edition": edition,
            "json_ld": json_ld(edition_event(edition, url=url)),
            "registration_box": queries.registration_box(edition, request.user),
            "programme": queries.edition_programme(edition),
        },
    )


def edition_ics(request, series, number):
    edition = _edition(series, number)
    url = request.build_absolute_uri(reverse("conferences:edition", args=[series, number]))
    response = HttpResponse(
        edition_calendar(edition, url=url, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{series}-{number}.ics"'
    return response


@login_required
@permission_required("conferences.view_rotation", raise_exception=True)
def rotation(request):
    """The organisers' rotation planner and the interests in hosting to decide."""
    interests = list(queries.hosting_interests_for_organisers().select_related("edition__series"))
    return render(
        request,
        "conferences/rotation.html",
        {
            "plan": queries.rotation_plan(),
            "interests": interests,
            "pending": [i for i in interests if i.status == "pending"],
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@login_required
@permission_required("conferences.decide_hostinginterest", raise_exception=True)
def interest_decide(request, pk):
    interest = get_object_or_404(HostingInterest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline."))
        return redirect("conferences:rotation")
    try:
        services.hosting_interest_decide(
            interest=interest,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("conferences:rotation")


@require_POST
@login_required
@permission_required("conferences.add_edition", raise_exception=True)
def interest_create_edition(request, pk):
    """Lea picked this accepted interest: create the edition and go to its page."""
    interest = get_object_or_404(HostingInterest, pk=pk)
    try:
        edition = services.edition_create_from_interest(interest=interest, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("conferences:rotation") + "#interests")
    messages.success(
        request,
        _("The edition has been created: %(edition)s. Set its dates and open registration next.")
        % {"edition": edition.display_title},
    )
    return redirect("conferences:edition", edition.series.slug, edition.number)


@login_required
@permission_required("conferences.offer_hosting", raise_exception=True)
def hosting_interest(request):
    """A municipality member offers to host a future edition, and sees earlier offers."""
    municipalities = queries.municipalities_that_may_offer(request.user)
    form = HostingInterestForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            services.hosting_interest_submit(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the organisers will get back to you."))
            return redirect("conferences:hosting_interest")
    return render(
        request,
        "conferences/hosting_interest.html",
        {"form": form, "interests": queries.hosting_interests_of(request.user)},
    )


urlpatterns = [
    path("", overview, name="overview"),
    path("archive/", archive, name="archive"),
    path("rotation/", rotation, name="rotation"),
    path("rotation/interests/<int:pk>/decide/", interest_decide, name="interest_decide"),
    path(
        "rotation/interests/<int:pk>/edition/",
        interest_create_edition,
        name="interest_create_edition",
    ),
    path("hosting/", hosting_interest, name="hosting_interest"),
    path("<slug:series>/<int:number>/", edition_detail, name="edition"),
    path("<slug:series>/<int:number>/calendar.ics", edition_ics, name="edition_ics"),
]
