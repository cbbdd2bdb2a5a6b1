from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from partnerhub.api.urls import api
from partnerhub.core import views as core_views
from partnerhub.core.views_bench import healthz
from partnerhub.core.views_language import switch_language

admin.site.site_header = _("Partnerhub administration")
admin.site.site_title = _("Partnerhub")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    path("account/", include("partnerhub.accounts.urls")),
    path("reference/", include("partnerhub.reference.urls")),
    path("partnerships/", include("partnerhub.partnerships.urls")),
    path("conferences/", include("partnerhub.conferences.urls")),
    path("calls/", include("partnerhub.calls.urls")),
    path("climate/", include("partnerhub.climate.urls")),
    path("publications/", include("partnerhub.publications.urls")),
    path("open-data/", include("partnerhub.opendata.urls")),
    path("audit/", include(("partnerhub.core.views_audit", "audit"))),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    # Public uploads only: private files (proposals, letters) are served by permission-checked
    # views, never under MEDIA_URL.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!private/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
