"""Error pages that need to know why: a database outage, a cache outage behind a rate limit."""

import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views.defaults import server_error as django_server_error

from cms.middleware import database_unavailable_response


def server_error(request, *args, **kwargs):
    """Errors raised outside a view (a middleware reaching the database) get the 503 page too."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable_response()
    return django_server_error(request, *args, **kwargs)


def too_many_requests(request, *args, **kwargs):
    """allauth's rate limits: 429 when counted out, 503 when the counters cannot be read.

    Counters live in the shared cache; when it is down the limits fail closed (see
    cms.cache) and the visitor is told it is an outage, not something they did.
    """
    recently_failed = getattr(cache, "recently_failed", None)
    outage = bool(recently_failed and recently_failed())
    response = render(request, "429.html", {"outage": outage}, status=503 if outage else 429)
    response["Retry-After"] = "60" if outage else "900"
    return response
