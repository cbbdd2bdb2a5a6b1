from .views import editing, organiser, public, reports

app_name = "climate"
urlpatterns = [
    *public.urlpatterns,
    *editing.urlpatterns,
    *reports.urlpatterns,
    *organiser.urlpatterns,
]
