"""Settings shared by every environment; the environment picks a module (dev, test, production)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from search.index_settings import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "home",
    "content_types",
    "search",
    "members",
    "network",
    "social",
    "demo",
    "allauth",
    "allauth.account",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "ninja",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a balancer's probe is answered before the host check and the HTTPS redirect.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    # Whole pages for anonymous visitors (home/page_cache.py): outside the session, CSRF and
    # messages middleware, so it sees the cookies they set before storing anything.
    "home.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.ContributorAdminGuardMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL selects the server (PostgreSQL in tests, CI and production);
# unset, the embedded SQLite file of `make run`.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite has one writer at a time: a transaction that starts by reading then writes
    # fails at once ("database is locked") when another writes. Taking the write lock at
    # BEGIN and waiting up to 20 s for it makes concurrent requests queue instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# The public site speaks French whatever the browser asks for (dates included); a territory
# translating the site adds its language here. The admin may still be used in English.
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "collected_static"
# node_modules holds the third-party front-end packages installed by `make setup`
# (npm ci); they are served from /static/vendor/, never copied into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Echosciences"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Editors must give every uploaded image a description: it is the alt text Wagtail renders.
# Members' uploads are re-encoded without their metadata (members/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "members.image_forms.MemberImageForm"
# A 15 KB PNG can declare 11,000 x 11,000 pixels and cost a second per rendition.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_MODERATION_ENABLED = True
# GDPR: the admin sends nothing about its users to third parties — no Gravatar (it would
# receive a hash of each user's e-mail) and no call home for Wagtail's upgrade notice.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

# The map widget of the admin centres on France.
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 46.6, "lng": 2.4}
GEO_WIDGET_ZOOM = 6
GEO_WIDGET_LEAFLET_TILE_LAYER = os.environ.get(
    "MAP_TILE_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
)
# The credit every map shows for its tiles (HTML); OpenStreetMap's fits its own tiles and
# the many servers drawing OpenStreetMap data.
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; les contributeurs d’<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}

# ELASTICSEARCH_URL selects Elasticsearch (the backend matching the pinned client's major,
# French analysis from search/index_settings.py); unset, Wagtail's database backend in French
# (search/database.py).
# ELASTICSEARCH_URLS (comma-separated) lists the nodes of a cluster; with two or more the
# index keeps one replica, so search answers with a node down.
ELASTICSEARCH_URLS = [
    url.strip()
    for url in (os.environ.get("ELASTICSEARCH_URLS") or os.environ.get("ELASTICSEARCH_URL", "")).split(",")
    if url.strip()
]
ELASTICSEARCH_URL = ELASTICSEARCH_URLS[0] if ELASTICSEARCH_URLS else ""
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "echosciences")
WAGTAILSEARCH_BACKENDS = search_backends(ELASTICSEARCH_URLS, ELASTICSEARCH_INDEX)

# Seconds an anonymous visitor's page is kept in the cache (home/page_cache.py); 0 is off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0") or 0)

# REDIS_URL selects Redis as the cache shared by every process and machine (rate limits,
# map API responses); unset, each process keeps its own local-memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(url):
    return {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "echo"),
            # A stopped Redis must cost a page milliseconds, not seconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)

# Security headers every environment sends (production adds HTTPS-only ones).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}
PERMISSIONS_POLICY["fullscreen"] = ["self"]


def origin_of(url_template):
    """`https://{s}.tile.example.org/{z}/…` -> `https://*.tile.example.org` (CSP source)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url_template.replace("{s}", "TILE-SUBDOMAIN"))
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('TILE-SUBDOMAIN', '*')}"


# Content Security Policy (django-csp): scripts and styles only from our own static files,
# the identity colours' <style> by nonce; map tiles from the configured tile server and
# OpenStreetMap's (the embeddable widget's default); video embeds from their providers.
MAP_TILE_SOURCES = [
    source
    for source in {origin_of(GEO_WIDGET_LEAFLET_TILE_LAYER), "https://tile.openstreetmap.org"}
    if source
]
CSP_FRAME_SOURCES = [
    source.strip()
    for source in os.environ.get(
        "CSP_FRAME_SOURCES",
        "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,"
        "https://www.dailymotion.com,https://geo.dailymotion.com,https://peertube.fr",
    ).split(",")
    if source.strip()
]
CSP_ADMIN_PREFIX = "/admin/"  # Wagtail's admin needs inline scripts and styles (cms.middleware)
# The admin's map-point panel looks addresses up there (static/js/admin-address-field.js).
GEOCODER_ORIGIN = "https://nominatim.openstreetmap.org"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", "blob:", *sorted(MAP_TILE_SOURCES)],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *CSP_FRAME_SOURCES],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Echosciences <noreply@echosciences.localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Members' accounts (django-allauth): e-mail login, mandatory confirmation by a signed,
# expiring link (HMAC, no database row), rate limits and a honeypot on signup.
# The rate-limit counters live in the cache: production needs a cache shared by every worker.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "site_web"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner opening the link must not confirm it
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Echosciences] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "signup": "5/h/ip",
    "login": "30/m/ip",
    # Lock-out: 5 failures on one address lock it for 15 minutes, 20 an hour from one IP.
    "login_failed": "20/h/ip,5/15m/key",
    "reset_password": "5/h/ip,3/h/key",
}
# Wagtail's own login and account forms would bypass those limits: one way in, allauth's.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
# Contributions a member may start per rolling 24 hours.
MEMBERS_CONTRIBUTIONS_PER_DAY = int(os.environ.get("MEMBERS_CONTRIBUTIONS_PER_DAY", "10"))

# iCalendar import (content_types/events/ical_import.py): largest feed accepted, in bytes;
# seconds allowed to fetch it; days of recurring events expanded ahead.
ICAL_IMPORT_MAX_BYTES = int(os.environ.get("ICAL_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
ICAL_IMPORT_TIMEOUT = float(os.environ.get("ICAL_IMPORT_TIMEOUT", "10"))
ICAL_IMPORT_HORIZON_DAYS = 365

# Members' comments (social/): post-moderated, edited for 15 minutes, limited per member.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)
COMMENT_MAX_LINKS = 2
COMMENTS_PER_WINDOW = int(os.environ.get("COMMENTS_PER_WINDOW", "5"))
COMMENT_RATE_WINDOW = 600  # seconds

# One login for the whole network (network/login.py, README « Connexion unique »): the
# account host is an OpenID Connect provider (allauth.idp.oidc) and every territory's site
# signs in through it (allauth's OpenID Connect client). Unset NETWORK_ACCOUNT_URL: each
# site keeps its own password login, as before.
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.idp.oidc",
]
MIDDLEWARE.insert(MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
                  "network.login.NetworkLoginMiddleware")
# The account host's public address, e.g. https://reseau.echosciences.fr (no trailing slash).
NETWORK_ACCOUNT_URL = os.environ.get("NETWORK_ACCOUNT_URL", "").rstrip("/")
# Where the territories' servers reach it for server-to-server calls (token, discovery), when
# the public name does not resolve there (e.g. http://127.0.0.1:8000); unset: the public URL.
NETWORK_ACCOUNT_INTERNAL_URL = os.environ.get("NETWORK_ACCOUNT_INTERNAL_URL", "").rstrip("/")
# Each territory's client secret is derived from this one secret (unset: SECRET_KEY).
NETWORK_LOGIN_SECRET = os.environ.get("NETWORK_LOGIN_SECRET", "")
# The provider's RSA signing key (PEM); the dev and test settings make one when unset.
IDP_OIDC_PRIVATE_KEY = os.environ.get("IDP_OIDC_PRIVATE_KEY", "")
IDP_OIDC_ADAPTER = "network.login.ProviderAdapter"
# A territory's logout sends a valid id_token_hint: the account host ends its session too,
# without asking.
IDP_OIDC_RP_INITIATED_LOGOUT_ASKS_FOR_OP_LOGOUT = False
ACCOUNT_ADAPTER = "network.login.NetworkAccountAdapter"
SOCIALACCOUNT_ADAPTER = "network.login.TerritoryClientAdapter"
# The territory's login page sends the visitor straight on to the account host (no
# intermediate « continue » page): one redirect round trip.
SOCIALACCOUNT_LOGIN_ON_GET = True


def development_signing_key():
    """A throwaway RSA key for the provider's tokens (dev and tests: one process signs and
    checks them). Production takes IDP_OIDC_PRIVATE_KEY from the environment."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()

# The occurrence index (content_types 0007) carries its `end` column as a PostgreSQL covering
# index (INCLUDE); SQLite, the demo's database, builds the same index without it.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
