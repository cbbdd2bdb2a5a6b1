"""Public pages: calls, learning processes, figures."""

from django.shortcuts import render
from django.urls import path


def call_list(request):
    return render(request, "calls/call_list.html", {})


urlpatterns = [
    path("", call_list, name="list"),
]
