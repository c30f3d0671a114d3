"""Redis as the shared cache, degrading to a miss when Redis does not answer.

Every application server shares one Redis (`REDIS_URL`): the map API's responses and
generation counter, allauth's rate-limit counters and any page cache agree across
processes. When Redis is stopped the site keeps serving: reads are misses, writes are
dropped, both logged (at most once every `LOG_EVERY` seconds per process). `add()`
answers False, so allauth's rate limits, which take a lock with `add()` before counting,
refuse signups and logins rather than letting them through uncounted (they fail closed;
`cms.views.too_many_requests` then explains the outage in French).
"""

import hashlib
import logging
import time
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("cms.cache")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 10  # seconds
RECENT = 30  # seconds during which a failure counts as "the cache is down"


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis-py client around the connection pool for every operation;
    building one fills its table of reply callbacks (a few hundred dictionary writes, about
    0.15 ms). A page asks the cache 10 to 20 times (fragments, renditions): one client per
    pool, made once per process. redis-py clients are thread-safe; the pool is unchanged."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(pool)
        if client is None:
            client = clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    last_failure = None
    _last_log = None

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _failed(self, operation, error):
        now = time.monotonic()
        self.last_failure = now
        if self._last_log is None or now - self._last_log >= LOG_EVERY:
            self._last_log = now
            logger.error("Cache Redis indisponible (%s) : %s — lecture manquée, écriture ignorée.", operation, error)

    def recently_failed(self):
        return self.last_failure is not None and time.monotonic() - self.last_failure < RECENT

    def ping(self):
        """Raises when Redis does not answer (for /healthz); not swallowed."""
        return self._cache.get_client(write=True).ping()

    def _guard(operation, fallback):  # noqa: N805 — a decorator factory used in the class body
        def decorate(method):
            def wrapper(self, *args, **kwargs):
                try:
                    return method(self, *args, **kwargs)
                except UNAVAILABLE as error:
                    self._failed(operation, error)
                    return fallback(*args, **kwargs) if callable(fallback) else fallback

            wrapper.__name__ = method.__name__
            wrapper.__doc__ = method.__doc__
            return wrapper

        return decorate

    get = _guard("get", lambda key, default=None, *a, **k: default)(RedisCache.get)
    get_many = _guard("get_many", {})(RedisCache.get_many)
    has_key = _guard("has_key", False)(RedisCache.has_key)
    add = _guard("add", False)(RedisCache.add)
    set = _guard("set", None)(RedisCache.set)
    set_many = _guard("set_many", lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _guard("touch", False)(RedisCache.touch)
    delete = _guard("delete", False)(RedisCache.delete)
    delete_many = _guard("delete_many", None)(RedisCache.delete_many)
    clear = _guard("clear", None)(RedisCache.clear)

    del _guard


class Generation:
    """A value naming the current state of some cached content, kept in the shared cache: the
    keys of entries carry it, and a new one leaves every older entry unread (each expires on
    its own). Used for the pages and fragments (home/fragments.py), comment threads
    (home/page_cache.py) and map responses (content_types/api/cache.py)."""

    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get_or_set(self.key, uuid.uuid4().hex, None)

    def new(self, *args, **kwargs):
        """Everything cached under the current value is out of date (also a signal receiver)."""
        cache.set(self.key, uuid.uuid4().hex, None)


def key_of(prefix, parts):
    """A cache key for what `parts` (a list of plain values) describe."""
    return prefix + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()
