"""`make run`: SQLite, database search, console e-mail.

The demo shows the site's own French 404 and 500 pages, as a visitor would see them;
a developer who wants Django's technical pages sets DJANGO_DEBUG=1. Static files are then
served by `runserver --insecure` and uploads by the URL below (SERVE_MEDIA).
"""

from .base import *  # noqa: F401,F403
import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-not-secret"
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = True
IDP_OIDC_PRIVATE_KEY = IDP_OIDC_PRIVATE_KEY or development_signing_key()  # noqa: F405
