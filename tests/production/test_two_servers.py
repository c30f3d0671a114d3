"""Two application servers (gunicorn, production settings) on one PostgreSQL and one Redis:
what happens through one is seen through the other at the next request."""

import uuid

import pytest
import requests
from django.conf import settings
from django.db import connection

from content_types.models import AgendaPage, EventPage
from members.setup import ensure_groups
from tests.members.conftest import PASSWORD, make_user
from tests.page_forms import event_form_data

from .conftest import database_url
from .helpers import Gunicorn, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MAP = "/api/v3/map/features"
FRANCE = {"bbox": "-5,41,10,52", "type": "event"}


@pytest.fixture
def servers(seeded_live_server, shared_redis_url, collected_static, tmp_path):
    """Servers A and B, sharing the test database and a Redis key space of this test alone."""
    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=shared_redis_url,
        CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex[:8]}",
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        MAP_API_CACHE_SECONDS="60",
        DJANGO_ALLOWED_HOSTS="localhost,grenoble.localhost",  # requests name the host
    )
    started = [Gunicorn(env, log_dir=tmp_path), Gunicorn(env, log_dir=tmp_path)]
    try:
        yield [server.wait() for server in started]
    finally:
        for server in started:
            server.stop()


class ProxiedSession(requests.Session):
    """The Secure cookies go back to the app over the proxy-to-app hop, plain HTTP."""

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def browser_like(server):
    """A visitor behind the HTTPS proxy: CSRF needs the Origin, and cookies are kept though
    they are marked Secure (the proxy-to-app hop is plain HTTP here)."""
    session = ProxiedSession()
    # Both servers see the public host the proxy passes on (allauth keys lock-outs by it).
    session.headers.update({"X-Forwarded-Proto": "https", "Host": "localhost", "Origin": "https://localhost"})
    session.base = f"http://localhost:{server.port}"
    return session


def login(session, email, password):
    session.get(session.base + "/compte/login/")
    return session.post(session.base + "/compte/login/", data={
        "login": email, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": session.headers["Origin"] + "/compte/login/"}, allow_redirects=False)


def production_user(email, **extra):
    """A member whose password hash the production settings verify (the suite hashes with MD5)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    ensure_groups()
    user = make_user(email, **extra)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def map_titles(server):
    response = server.session().get(server.url + MAP, params=FRANCE)
    assert response.status_code == 200
    return {feature["properties"]["title"] for feature in response.json()["features"]}


def test_production_headers_behind_the_proxy(servers):
    a, _ = servers
    response = a.session().get(a.url + "/", allow_redirects=False)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    insecure = a.session().get(a.url + "/", headers={"X-Forwarded-Proto": "http"}, allow_redirects=False)
    assert insecure.status_code == 301 and insecure.headers["Location"] == "https://localhost/"
    # Static files with hashed names, compressed, from gunicorn itself (WhiteNoise).
    css = next(part for part in response.text.split('"') if part.startswith("/static/css/site.") and part.endswith(".css"))
    assert css != "/static/css/site.css"
    static = a.session().get(a.url + css, headers={"Accept-Encoding": "gzip"})
    assert static.status_code == 200 and static.headers["Content-Encoding"] == "gzip"
    assert "immutable" in static.headers["Cache-Control"]


def test_a_publication_through_one_server_shows_on_the_other(servers):
    a, b = servers
    production_user("admin-cluster@example.org", superuser=True)
    title = "Nuit des étoiles à deux serveurs"
    before = map_titles(b)  # B's response is now cached in Redis
    assert title not in before and map_titles(b) == before

    session = browser_like(a)
    assert login(session, "admin-cluster@example.org", PASSWORD).status_code == 302
    agenda = AgendaPage.objects.filter(url_path__startswith="/centre").first() or AgendaPage.objects.first()
    data = event_form_data(title, action="action-publish")
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    add = f"/admin/pages/add/content_types/eventpage/{agenda.pk}/"
    response = session.post(session.base + add, data=data, headers={"Referer": session.headers["Origin"] + add},
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    event = EventPage.objects.get(title=title)
    assert event.live

    assert title in map_titles(b)
    page = b.session(host=event.get_site().hostname).get(b.url + event.get_url_parts()[2])
    assert page.status_code == 200 and title in page.text


def test_a_lock_out_counted_on_one_server_holds_on_the_other(servers):
    a, b = servers
    production_user("cible-cluster@example.org")
    for _ in range(5):
        response = login(browser_like(a), "cible-cluster@example.org", "mauvais-mot-de-passe")
        assert response.status_code == 200
    refused = login(browser_like(b), "cible-cluster@example.org", PASSWORD)
    assert refused.status_code == 200 and "Trop de tentatives" in refused.text
    other = login(browser_like(b), "cible-cluster@example.org", PASSWORD)
    assert "sessionid" not in other.cookies
