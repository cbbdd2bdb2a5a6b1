from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
]
