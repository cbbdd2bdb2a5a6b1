from .views import assignment_runs, grants, organiser, programme, public, registration

app_name = "conferences"
urlpatterns = [
    *public.urlpatterns,
    *registration.urlpatterns,
    *programme.urlpatterns,
    *assignment_runs.urlpatterns,
    *grants.urlpatterns,
    *organiser.urlpatterns,
]
