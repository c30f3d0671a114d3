"""/healthz: 200 with every dependency's status, 503 naming the one that does not answer."""

import time

import pytest
from django.test import override_settings

from .conftest import redis_caches

pytestmark = pytest.mark.django_db


def test_every_dependency_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "search": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@override_settings(ALLOWED_HOSTS=["echo.example.org"], SECURE_SSL_REDIRECT=True)
def test_a_balancer_probing_by_address_over_http_gets_an_answer(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_a_search_server_that_does_not_answer_is_named(client, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8", "URLS": ["http://127.0.0.1:9"],
        "INDEX_PREFIX": "nowhere_", "TIMEOUT": 1, "OPTIONS": {"max_retries": 0}}}
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["search"]
    assert body["checks"]["database"]["status"] == "ok" and body["checks"]["cache"]["status"] == "ok"
    assert "Connection" in body["checks"]["search"]["error"]


@pytest.mark.redis
def test_a_stopped_redis_is_named_then_recovered(client, private_redis):
    with override_settings(CACHES=redis_caches(private_redis.url)):
        assert client.get("/healthz").status_code == 200
        private_redis.stop()
        started = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - started < 2
        assert response.status_code == 503 and response.json()["failing"] == ["cache"]
        private_redis.start()
        assert client.get("/healthz").status_code == 200


def test_polling_every_second_is_cheap(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):  # one `SELECT 1` per probe
        started = time.monotonic()
        for _ in range(20):
            assert client.get("/healthz").status_code == 200
    assert (time.monotonic() - started) / 20 < 0.1
