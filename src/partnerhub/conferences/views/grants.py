"""Pages: grants."""

urlpatterns: list = []
