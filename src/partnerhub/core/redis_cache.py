"""Django's Redis cache backend, with one Redis client per server instead of one per call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache call,
and building one copies its table of about 200 reply handlers: about 70 µs of CPU, as much
as the call itself (docs/performance.md). A `redis.Redis` holds no connection of its own
(its pool does) and is safe to share between threads, so one per server's pool serves
every call. Settings: `CACHES["default"]["BACKEND"] = "partnerhub.core.redis_cache.RedisCache"`.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a connection pool → its client, made when first needed

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
