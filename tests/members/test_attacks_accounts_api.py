"""Issue 11, continued: the login lock-out, the public API's media endpoints and its documentation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from wagtail.images import get_image_model

from members.setup import members_collection

from .conftest import PASSWORD, make_user, png_bytes

pytestmark = pytest.mark.django_db
LOGIN = "/compte/login/"


def test_the_lock_out_follows_the_account_whatever_the_host(groups):
    make_user("cible@example.org")
    attacker = Client()
    for _ in range(5):
        attacker.post(LOGIN, {"login": "cible@example.org", "password": "mauvais"}, HTTP_HOST="localhost")
    for host in ("localhost:8001", "127.0.0.1", "grenoble.localhost", "LOCALHOST"):
        client = Client()
        response = client.post(LOGIN, {"login": "cible@example.org", "password": PASSWORD}, HTTP_HOST=host)
        assert "_auth_user_id" not in client.session, host
        assert "Trop de tentatives" in response.content.decode(), host
    # The address's case does not open a new counter either.
    client = Client()
    client.post(LOGIN, {"login": "Cible@Example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_one_visitors_failures_do_not_lock_out_the_others(groups):
    """Per-IP limits read the client's address from X-Forwarded-For, not the proxy's."""
    make_user("ok@example.org")
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for number in range(21):
        attacker.post(LOGIN, {"login": f"inconnu{number}@example.org", "password": "mauvais"})
    blocked = attacker.post(LOGIN, {"login": "ok@example.org", "password": PASSWORD})
    assert blocked.status_code == 200 and "_auth_user_id" not in attacker.session
    assert "Trop de tentatives" in blocked.content.decode()
    visitor = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = visitor.post(LOGIN, {"login": "ok@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in visitor.session


def unused_upload(user):
    Image = get_image_model()
    image = Image(title="Photo jamais publiée", description="x", collection=members_collection(), uploaded_by_user=user,
                  file=SimpleUploadedFile("gps.png", png_bytes(), content_type="image/png"))
    image.save()
    return image


def test_the_media_endpoints_are_not_public(actors):
    image = unused_upload(actors["membre"])
    for user in (None, actors["autre membre"]):
        client = Client()
        if user:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for url in ("/api/v3/images/", f"/api/v3/images/{image.pk}/", "/api/v3/documents/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"jamais publi" not in response.content


def test_the_staff_still_reads_the_media_endpoints(actors):
    image = unused_upload(actors["membre"])
    client = Client()
    client.force_login(actors["administrateur"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v3/images/").status_code == 200
    response = client.get(f"/api/v3/images/{image.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Photo jamais publiée"


def test_public_api_documentation_describes_only_the_read_api(actors):
    schema = Client().get("/api/v3/openapi.json").json()
    assert "/api/v3/map/features" in schema["paths"], "the map API stays documented"
    assert "/api/v3/pages/" in schema["paths"], "so does the headless pages listing"
    assert all(path.startswith(("/api/v3/map/", "/api/v3/pages/")) for path in schema["paths"]), list(schema["paths"])
    assert all(set(item) == {"get"} for item in schema["paths"].values())
    assert not any("revisions" in path or "actions" in path for path in schema["paths"])
    assert not any("Create" in name or "Update" in name for name in schema["components"]["schemas"])
    assert Client().get("/api/v3/docs/").status_code == 200
    staff = Client()
    staff.force_login(actors["administrateur"], backend="django.contrib.auth.backends.ModelBackend")
    assert "/api/v3/pages/" in staff.get("/api/v3/openapi.json").json()["paths"]
