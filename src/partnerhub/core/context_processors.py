from django.conf import settings


def site(request):
    """What every page's layout needs: the languages and whether this is a demo."""
    return {
        "LANGUAGES": settings.LANGUAGES,
        "site_is_demo": settings.DEBUG,
    }
