from .views import fulfilment, orders, public

app_name = "publications"
urlpatterns = [
    *fulfilment.urlpatterns,
    *orders.urlpatterns,
    *public.urlpatterns,
]
