"""The test suite: the same stack as production, fast password hashing."""

from .base import *  # noqa: F401,F403
import os
import tempfile

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each run writes its uploads (the seeded images) to a directory of its own, removed at the end.
MEDIA_ROOT = tempfile.mkdtemp(prefix="echo-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"

# Two suites on one PostgreSQL server (a developer's and a helper's) keep apart by name.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# The suite's Elasticsearch index never overwrites a development one on the same server.
if ELASTICSEARCH_URL:  # noqa: F405
    WAGTAILSEARCH_BACKENDS = search_backends(  # noqa: F405
        ELASTICSEARCH_URLS, f"{ELASTICSEARCH_INDEX}_test"  # noqa: F405
    )

# Each test starts from an empty per-process cache (rate-limit counters, map responses),
# even where REDIS_URL is exported; the Redis tests (tests/production) set their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
IDP_OIDC_PRIVATE_KEY = IDP_OIDC_PRIVATE_KEY or development_signing_key()  # noqa: F405
