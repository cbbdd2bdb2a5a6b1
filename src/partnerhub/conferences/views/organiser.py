"""Pages: organiser."""

urlpatterns: list = []
