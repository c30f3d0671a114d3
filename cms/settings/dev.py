"""`make run`: SQLite, database search, console e-mail, debug pages."""

from .base import *  # noqa: F401,F403
import os

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-not-secret"
ALLOWED_HOSTS = ["*"]
