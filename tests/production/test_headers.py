"""Security headers on public pages, the admin and the API."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PAGES = {
    "public": "/",
    "admin": "/admin/",  # redirects to the login page
    "login": "/compte/login/",
    "api": "/api/v3/map/features?bbox=-5,41,10,52",
    "search": "/recherche/?q=ciel",
}


@pytest.mark.parametrize("name", PAGES)
def test_security_headers(client, name):
    response = client.get(PAGES[name], HTTP_HOST="localhost")
    assert response.status_code in (200, 302)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    if name == "admin":  # the admin's map-point panel looks addresses up at the geocoder, nothing else
        assert policy["connect-src"] == f"'self' {settings.GEOCODER_ORIGIN}"
    else:
        assert policy["connect-src"] == "'self'"
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    if name == "admin":  # Wagtail's admin still writes inline scripts and styles
        assert policy["script-src"] == "'self' 'unsafe-inline'"
    else:
        assert policy["script-src"] == "'self'" and "unsafe-inline" not in response["Content-Security-Policy"]


def test_identity_colours_style_carries_the_policy_nonce(client):
    from home.models import SiteIdentity
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.primary_colour = "#123456"
    identity.save()
    response = client.get("/", HTTP_HOST="localhost")
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">:root {{ --brand: #123456;' in html


@pytest.mark.parametrize("proto, expected", [("https", 200), ("http", 301)])
def test_https_behind_the_proxy(client, settings, proto, expected):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/", HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO=proto)
    assert response.status_code == expected
    if proto == "https":
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    else:
        assert response["Location"] == "https://localhost/"
