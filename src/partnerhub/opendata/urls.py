from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("iati/partnerships.xml", views.iati_partnerships, name="iati_partnerships"),
    path(
        "iati/learning-processes.xml",
        views.iati_learning_processes,
        name="iati_learning_processes",
    ),
    path("csv/<slug:slug>.csv", views.csv_download, name="csv"),
    path("calendars/<slug:series>.ics", views.series_calendar, name="series_calendar"),
]
