from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from partnerhub.api.urls import api
from partnerhub.core import views as core_views

admin.site.site_header = _("Partnerhub administration")
admin.site.site_title = _("Partnerhub")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("partnerhub.accounts.urls")),
    path("reference/", include("partnerhub.reference.urls")),
    path("partnerships/", include("partnerhub.partnerships.urls")),
    path("conferences/", include("partnerhub.conferences.urls")),
    path("calls/", include("partnerhub.calls.urls")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
