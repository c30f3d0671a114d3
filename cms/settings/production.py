"""Production: every secret and host comes from the environment (README, « Déploiement »).

Each variable is checked before anything starts; all the problems are reported together
in one message, without a traceback (cms/settings/environment.py).
"""

from .base import *  # noqa: F401,F403
import os

from .environment import Environment

env = Environment(os.environ)

DEBUG = False
SECRET_KEY = env.secret_key("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
for origin in CSRF_TRUSTED_ORIGINS:
    env.url("CSRF_TRUSTED_ORIGINS", ("https", "http"), value=origin)
WAGTAILADMIN_BASE_URL = env.url("WAGTAILADMIN_BASE_URL", ("https", "http"))

DATABASE_URL = env.url("DATABASE_URL", ("postgres", "postgresql", "postgis"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}  # noqa: F405
    # A stopped server costs a request seconds, not minutes (then the 503 page).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.integer(
        "DATABASE_CONNECT_TIMEOUT", 3, minimum=1
    )

# The shared cache: required, since every worker and every machine must agree on rate
# limits and on the map API's cached responses.
REDIS_URL = env.url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)  # noqa: F405

# Optional: Elasticsearch nodes (without them, Wagtail's database search backend).
for url in ELASTICSEARCH_URLS:  # noqa: F405
    env.url("ELASTICSEARCH_URLS", ("http", "https"), value=url)
WAGTAILSEARCH_BACKENDS = search_backends(ELASTICSEARCH_URLS, ELASTICSEARCH_INDEX)  # noqa: F405

MEDIA_ROOT = Path(env.optional("MEDIA_ROOT", str(BASE_DIR / "media")))  # noqa: F405
STATIC_ROOT = Path(env.optional("STATIC_ROOT", str(BASE_DIR / "collected_static")))  # noqa: F405
# One machine without a web server in front (`make serve-prod`, an audit) lets Django serve
# the uploads; behind a reverse proxy, the proxy or the media storage serves them.
SERVE_MEDIA = env.boolean("SERVE_MEDIA", False)

# HTTPS: TLS ends at the reverse proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", True)

# Static files with hashed names, compressed, served by the application (WhiteNoise)
# with far-future cache headers; the proxy may cache them too.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.optional("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env.optional("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.optional("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.required("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env.optional("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The map API keeps generated responses for their max-age, dropped on any content change
# (content_types/api/cache.py), in the shared cache.
MAP_API_CACHE_SECONDS = env.integer("MAP_API_CACHE_SECONDS", 60)

# Anonymous visitors' pages, kept in the shared cache and dropped on any publication
# (home/page_cache.py); 0 switches the page cache off.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 300, minimum=0)

LOGGING["root"]["level"] = env.optional("LOG_LEVEL", "WARNING").upper()  # noqa: F405

# Behind the reverse proxy, REMOTE_ADDR is the proxy: allauth's per-IP rate limits must read
# the client's address from X-Forwarded-For, counting the proxies we run (one by default),
# or one visitor's failures would lock the login for everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("ALLAUTH_TRUSTED_PROXY_COUNT", 1, minimum=0)

# One login for the network (README « Connexion unique »): optional; once the account host is
# named, its signing key and the secret the territories' client secrets derive from are required.
NETWORK_ACCOUNT_URL = env.url("NETWORK_ACCOUNT_URL", ("https", "http"), required=False).rstrip("/")
NETWORK_ACCOUNT_INTERNAL_URL = env.url("NETWORK_ACCOUNT_INTERNAL_URL", ("https", "http"), required=False).rstrip("/")
if NETWORK_ACCOUNT_URL:
    NETWORK_LOGIN_SECRET = env.secret_key("NETWORK_LOGIN_SECRET")
    KEY_HELP = "clé RSA PEM / RSA PEM key (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048)"
    IDP_OIDC_PRIVATE_KEY = env.required("IDP_OIDC_PRIVATE_KEY", KEY_HELP)
    if IDP_OIDC_PRIVATE_KEY:
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        try:
            load_pem_private_key(IDP_OIDC_PRIVATE_KEY.encode(), password=None)
        except (ValueError, TypeError):
            env.problem("IDP_OIDC_PRIVATE_KEY", KEY_HELP)

env.check()
