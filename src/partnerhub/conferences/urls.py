from .views import grants, organiser, programme, public, registration

app_name = "conferences"
urlpatterns = [
    *public.urlpatterns,
    *registration.urlpatterns,
    *programme.urlpatterns,
    *grants.urlpatterns,
    *organiser.urlpatterns,
]
