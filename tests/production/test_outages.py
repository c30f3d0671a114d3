"""Outages of real servers, stopped and started by the tests: private PostgreSQL and
Elasticsearch instances (scripts/services.sh on other ports and another directory), never
the shared ones."""

import subprocess
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import seed

from .conftest import database_url
from .helpers import ROOT, Gunicorn, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Ports below Linux's ephemeral range (32768-60999): a client connection of the suite cannot be
# holding one (ES binds its transport 100 above its HTTP port).
PRIVATE = {"PG_PORT": "25434", "ES_PORT": "29220", "SERVICES_DIR": "/tmp/echo-prod-outages"}
PRIVATE_DATABASE_URL = f"postgres://echo@127.0.0.1:{PRIVATE['PG_PORT']}/echo"
PRIVATE_ES_URL = f"http://127.0.0.1:{PRIVATE['ES_PORT']}"
DOWN_MESSAGE = "Service momentanément indisponible"


def services(command):
    import os

    subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), command], check=True, timeout=300,
                   env={**os.environ, **PRIVATE}, capture_output=True)


def copy_test_database_to(url, tmp_path):
    """The seeded test database, copied into the private server with scripts/backup.sh."""
    env = {"PATH": "/usr/bin:/bin", "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    script = str(ROOT / "scripts" / "backup.sh")
    subprocess.run(["bash", script, "backup", str(tmp_path / "copie")], check=True, capture_output=True,
                   env={**env, "DATABASE_URL": database_url(connection.settings_dict)})
    # The private server outlives a run: start from an empty schema, whatever an older
    # version of the code left there (pg_restore --clean only drops what the dump holds).
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True, capture_output=True, env=env)
    subprocess.run(["bash", script, "restore", str(tmp_path / "copie")], check=True, capture_output=True,
                   env={**env, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")})


@pytest.fixture
def private_postgres(tmp_path):
    services("start-pg")
    seed()
    copy_test_database_to(PRIVATE_DATABASE_URL, tmp_path)
    yield PRIVATE_DATABASE_URL
    services("start-pg")  # left running for the next run, as the shared one


def test_postgresql_restarting_gets_a_french_503_then_recovers_without_restart(
        private_postgres, private_redis, collected_static, tmp_path):
    server = Gunicorn(production_env(
        DATABASE_URL=private_postgres, REDIS_URL=private_redis.url, STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp_path / "media"), DJANGO_ALLOWED_HOSTS="localhost", ELASTICSEARCH_URLS=None,
        PAGE_CACHE_SECONDS="0",  # pages rendered during the outage (a kept copy would still be served)
    ), workers=2, log_dir=tmp_path).wait()
    try:
        visitor = server.session()
        assert visitor.get(server.url + "/").status_code == 200
        assert visitor.get(server.url + "/agenda/").status_code == 200

        services("stop-pg")
        for path in ("/", "/agenda/", "/api/v3/map/features?bbox=-5,41,10,52"):
            started = time.monotonic()
            response = visitor.get(server.url + path)
            assert time.monotonic() - started < 5
            assert response.status_code == 503, (path, response.text[:300])
            assert response.headers["Retry-After"]
            if path != "/api/v3/map/features?bbox=-5,41,10,52":
                assert DOWN_MESSAGE in response.text and "Traceback" not in response.text
        health = visitor.get(server.url + "/healthz")
        assert health.status_code == 503 and "database" in health.json()["failing"]

        services("start-pg")
        # Each worker's first request after the restart succeeds: no stale connection kept.
        for _ in range(6):
            assert visitor.get(server.url + "/agenda/").status_code == 200
        assert visitor.get(server.url + "/healthz").status_code == 200
    finally:
        server.stop()


@pytest.fixture
def private_elasticsearch():
    services("start-es")
    yield PRIVATE_ES_URL
    services("stop-es")  # a JVM idling through the rest of the suite would slow it


def test_elasticsearch_stopped_pages_and_map_serve_search_says_so_in_french(
        seeded_live_server, private_elasticsearch, private_redis, collected_static, tmp_path):
    from .helpers import manage

    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict), REDIS_URL=private_redis.url,
        ELASTICSEARCH_URLS=private_elasticsearch, ELASTICSEARCH_INDEX="echo_prod_outage",
        STATIC_ROOT=str(collected_static), MEDIA_ROOT=str(settings.MEDIA_ROOT), DJANGO_ALLOWED_HOSTS="localhost",
        PAGE_CACHE_SECONDS="0",  # searches answered during the outage, not a copy kept from before it
    )
    assert manage("update_index", env=env, timeout=300).returncode == 0
    server = Gunicorn(env, log_dir=tmp_path).wait()
    map_api = server.url + "/api/v3/map/features"
    try:
        visitor = server.session()
        assert visitor.get(map_api, params={"bbox": "-5,41,10,52", "q": "science"}).status_code == 200
        assert visitor.get(server.url + "/recherche/", params={"q": "science"}).status_code == 200

        services("stop-es")
        assert visitor.get(server.url + "/").status_code == 200
        assert visitor.get(server.url + "/agenda/").status_code == 200
        features = visitor.get(map_api, params={"bbox": "-5,41,10,52"})
        assert features.status_code == 200 and features.json()["features"]
        # (q=science, asked before the outage, is still answered from the shared cache)
        with_q = visitor.get(map_api, params={"bbox": "-5,41,10,52", "q": "étoiles"})
        assert with_q.status_code == 503
        assert with_q.headers["Content-Type"].startswith("application/problem+json")
        search = visitor.get(server.url + "/recherche/", params={"q": "science"})
        assert search.status_code == 503 and "La recherche est momentanément indisponible" in search.text
        health = visitor.get(server.url + "/healthz")
        assert health.status_code == 503 and health.json()["failing"] == ["search"]

        services("start-es")
        assert visitor.get(server.url + "/recherche/", params={"q": "science"}).status_code == 200
        assert visitor.get(map_api, params={"bbox": "-5,41,10,52", "q": "étoiles"}).status_code == 200
        assert visitor.get(server.url + "/healthz").status_code == 200
    finally:
        server.stop()
