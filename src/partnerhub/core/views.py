from django.shortcuts import render

from partnerhub.core.queries import home_figures


def home(request):
    return render(request, "core/home.html", {"figures": home_figures()})
