from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("archive/", views.archive, name="archive"),
    path("rotation/", views.rotation, name="rotation"),
    path("rotation/interests/<int:pk>/decide/", views.interest_decide, name="interest_decide"),
    path("hosting/", views.hosting_interest, name="hosting_interest"),
    path("<slug:series>/<int:number>/", views.edition_detail, name="edition"),
    path("<slug:series>/<int:number>/calendar.ics", views.edition_ics, name="edition_ics"),
]
