"""The test suite: the same stack as production, fast password hashing."""

from .base import *  # noqa: F401,F403
import os

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/tmp/echo-test-media")
WAGTAILADMIN_BASE_URL = "http://testserver"
