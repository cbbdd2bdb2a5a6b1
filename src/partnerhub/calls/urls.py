from .views import learning, proposals, public, reviews

app_name = "calls"
urlpatterns = [
    *public.urlpatterns,
    *proposals.urlpatterns,
    *reviews.urlpatterns,
    *learning.urlpatterns,
]
