"""`/healthz`: is each dependency answering? For load balancers and uptime probes.

Answered by a middleware at the top of the stack, before the host check and the HTTPS
redirect (a balancer probes a backend by its address, over plain HTTP), with no session,
no template and no model query: one `SELECT 1`, one cluster-health call with a short
timeout, one Redis `PING`. Cheap enough to be polled every second.
"""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger("cms.health")

PATH = "/healthz"
SEARCH_TIMEOUT = 2  # seconds


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_search():
    from django.conf import settings
    from wagtail.search.backends import get_search_backend

    if "elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        return  # the database search backend (built on the database): the database check covers it
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:
        return  # the database search backend: the database check covers it
    health = client.options(request_timeout=SEARCH_TIMEOUT).cluster.health()
    if health["status"] == "red":
        raise RuntimeError("cluster status red")


def check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()


CHECKS = {"database": check_database, "search": check_search, "cache": check_cache}


def health():
    statuses, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure of a dependency is reported, not raised
            healthy = False
            statuses[name] = {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}
            logger.warning("healthz: %s indisponible : %s", name, error)
        else:
            statuses[name] = {"status": "ok"}
        statuses[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return healthy, statuses


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        healthy, statuses = health()
        failing = [name for name, status in statuses.items() if status["status"] != "ok"]
        body = {"status": "ok" if healthy else "error", "failing": failing, "checks": statuses}
        response = JsonResponse(body, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
