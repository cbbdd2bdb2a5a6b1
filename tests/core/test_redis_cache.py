"""The Redis cache backend (core.redis_cache): one client per server, shared by every call
and every thread, and it still behaves as Django's cache."""

import threading
import uuid

import pytest
from django.core.cache import caches

from tests.security.test_throttle import redis_available

pytestmark = pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1")


@pytest.fixture
def redis_cache(settings):
    prefix = f"test-redis-cache-{uuid.uuid4().hex}"  # a shared Redis is never flushed
    settings.CACHES = {
        "default": {
            "BACKEND": "partnerhub.core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    cache = caches.create_connection("default")
    yield cache
    cache.delete_many(["a", "b", "n", *(f"thread-{i}" for i in range(8))])


def test_every_call_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client("any key", write=True) is client


def test_it_keeps_what_django_s_cache_does(redis_cache):
    redis_cache.set("a", {"places": 3}, timeout=60)
    assert redis_cache.get("a") == {"places": 3}
    assert redis_cache.add("a", "other") is False
    assert redis_cache.add("b", "first") is True
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"places": 3}, "b": "first"}
    redis_cache.set("n", 1)
    assert redis_cache.incr("n", 2) == 3
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


def test_threads_share_the_client_and_each_gets_its_own_values(redis_cache):
    errors = []

    def work(index):
        try:
            for round_ in range(50):
                redis_cache.set(f"thread-{index}", (index, round_))
                assert redis_cache.get(f"thread-{index}") == (index, round_)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
