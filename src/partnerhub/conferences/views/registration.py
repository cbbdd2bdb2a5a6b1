"""The registration form and the participant's own pages."""

from django.http import Http404
from django.urls import path


def registration_by_token(request, token):
    raise Http404


urlpatterns = [
    path("registration/<str:token>/", registration_by_token, name="registration_by_token"),
]
