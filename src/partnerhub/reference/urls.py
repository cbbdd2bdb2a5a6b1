from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:iso2>/", views.country_detail, name="country"),
    path("dac-lists/", views.dac_lists, name="dac_lists"),
    path("sdgs/", views.sdg_list, name="sdgs"),
    path("municipalities/", views.municipality_list, name="municipalities"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality"),
]
