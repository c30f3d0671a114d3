"""Response headers and outage pages shared by every environment."""

import logging

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("cms.middleware")


class PermissionsPolicyMiddleware:
    """`Permissions-Policy`: the browser features no page of the site uses are switched off."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def database_unavailable_response():
    """A 503 rendered without the database (no context processor, no session, no model)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """PostgreSQL down or restarting: a clean French 503 page rather than a 500.

    Django drops a broken connection at the end of the request (CONN_HEALTH_CHECKS checks
    a persistent one before reuse), so the first request after the server is back
    reconnects, without restarting the application.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG:
            return None  # a developer's missing migration gets Django's debug page, not this one
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Base de données indisponible : %s", exception)
            return database_unavailable_response()
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, relaxed for the Wagtail admin only.

    The public site runs no inline script or style (the identity colours' <style> carries
    the nonce). Wagtail's admin still writes inline scripts and styles (its page editor's
    data blocks, vendor.js's injected styles), so under ADMIN_PREFIX the policy also allows
    'unsafe-inline' for those two directives, and lets the map-point panel ask the address
    search service (`GEOCODER_URL`, OpenStreetMap's Nominatim) — nothing else: scripts,
    styles and frames still come from this origin only.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(settings.CSP_ADMIN_PREFIX):
            parts.update = {
                **(parts.update or {}),
                "script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"],
                "connect-src": [settings.GEOCODER_ORIGIN],
            }
            parts.nonce = None  # a nonce in a directive makes browsers ignore 'unsafe-inline'
        return parts
