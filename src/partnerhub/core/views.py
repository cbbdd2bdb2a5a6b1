from django.shortcuts import render

from partnerhub.calls.statistics import public_figures
from partnerhub.conferences.queries import next_upcoming_edition
from partnerhub.core.queries import home_figures


def home(request):
    """The public home page: what the platform offers, and its figures."""
    return render(
        request,
        "core/home.html",
        {
            "figures": home_figures(),
            "next_edition": next_upcoming_edition(),
            "call_figures": public_figures(),
        },
    )
