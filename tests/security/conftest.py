import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters live in the cache; every test starts without any.

    Only the local-memory cache is emptied (a shared Redis is never flushed by tests).
    """
    local = "locmem" in settings.CACHES["default"]["BACKEND"]
    if local:
        cache.clear()
    yield
    if local:
        cache.clear()
