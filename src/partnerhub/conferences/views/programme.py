"""Pages: programme."""

urlpatterns: list = []
