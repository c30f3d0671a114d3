"""Redis as the shared cache: stopped, the site keeps serving and logins/signups fail closed."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.members.conftest import PASSWORD, make_user

from .conftest import redis_caches

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

LOGIN = "/compte/login/"
SIGNUP = "/compte/signup/"
MAP = "/api/v3/map/features"
OUTAGE_MESSAGE = "Les connexions et les inscriptions sont suspendues quelques instants"


@pytest.fixture
def redis_cache(private_redis):
    with override_settings(CACHES=redis_caches(private_redis.url), MAP_API_CACHE_SECONDS=60):
        cache.clear()
        yield private_redis


@pytest.fixture
def member(db):
    from members.setup import ensure_groups

    ensure_groups()
    return make_user("lecteur-redis@example.org")


def test_values_are_shared_through_redis(redis_cache):
    import redis

    cache.set("partage", {"valeur": 42}, 30)
    # Another process reads the same key: here, a raw client on the same server.
    keys = redis.Redis.from_url(redis_cache.url).keys("*partage*")
    assert len(keys) == 1
    assert cache.get("partage") == {"valeur": 42}


def test_a_stopped_redis_degrades_to_misses_and_is_logged(client, redis_cache, caplog):
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get(MAP, {"bbox": "-5,41,10,52"}).status_code == 200
    redis_cache.stop()
    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        assert client.get("/", HTTP_HOST="localhost").status_code == 200
        response = client.get(MAP, {"bbox": "-5,41,10,52"})
        assert response.status_code == 200 and response.json()["features"]
        assert cache.get("nimporte", "défaut") == "défaut"
        assert cache.add("nimporte", 1) is False
    assert any("Cache Redis indisponible" in record.getMessage() for record in caplog.records)


def test_logins_and_signups_fail_closed_with_a_french_message(client, redis_cache, member):
    redis_cache.stop()
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 503
    assert OUTAGE_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(SIGNUP, {"email": "nouvelle-redis@example.org", "password1": PASSWORD,
                                    "password2": PASSWORD, "first_name": "Marie", "last_name": "Curie"})
    assert response.status_code == 503
    assert OUTAGE_MESSAGE in response.content.decode()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="nouvelle-redis@example.org").exists()

    redis_cache.start()
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_real_rate_limit_still_says_too_many_attempts(client, redis_cache, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        client.post(LOGIN, {"login": member.email, "password": "mauvais"})
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
