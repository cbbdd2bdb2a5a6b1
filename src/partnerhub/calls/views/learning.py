"""Pages: learning."""

urlpatterns: list = []
