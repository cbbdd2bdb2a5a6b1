from .views import learning, proposals, public, reviews, selection_runs

app_name = "calls"
urlpatterns = [
    *public.urlpatterns,
    *proposals.urlpatterns,
    *reviews.urlpatterns,
    *learning.urlpatterns,
    *selection_runs.urlpatterns,
]
