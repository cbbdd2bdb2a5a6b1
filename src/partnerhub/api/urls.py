"""The JSON API at /api/v1/ (django-ninja); OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from partnerhub.api.errors import install_error_handlers

api = NinjaAPI(
    title="Partnerhub API",
    version="1.0.0",
    description=(
        "Public reference data and conferences; registration for conferences with a personal "
        "API token (Authorization: Bearer <token>, created on your account page) or the "
        "session of the browser."
    ),
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/countries", "partnerhub.api.countries.router")
api.add_router("/sdgs", "partnerhub.api.sdgs.router")
api.add_router("/series", "partnerhub.api.conferences.series_router")
api.add_router("/editions", "partnerhub.api.conferences.editions_router")
api.add_router("", "partnerhub.api.registrations.router")
api.add_router("", "partnerhub.api.calls.router")
api.add_router("/partnerships", "partnerhub.api.partnerships.router")
api.add_router("/action-programmes", "partnerhub.api.climate.router")
api.add_router("/publications", "partnerhub.api.publications.router")
