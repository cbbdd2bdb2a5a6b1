from django.urls import path

from . import views, views_matchmaking

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("map/", views.partnership_map_view, name="map"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/delete/", views.partnership_delete, name="delete"),
    *views_matchmaking.urlpatterns,
]
