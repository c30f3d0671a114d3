"""The map's server cache: identical requests skip the database, and any change to
published content shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from .map_corner import TEST_BBOX, ids, make_event

pytestmark = pytest.mark.django_db

URL = "/api/v3/map/features"


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.MAP_API_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def get(client, **params):
    response = client.get(URL, {"bbox": TEST_BBOX, **params}, HTTP_HOST="localhost")
    assert response.status_code == 200
    return response


def test_an_identical_request_is_served_without_queries(client):
    make_event("Mis en cache")
    first = get(client)
    with CaptureQueriesContext(connection) as context:
        second = get(client)
    assert len(context.captured_queries) == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert get(client, type="place").content != first.content, "other parameters, other entry"


def test_publishing_shows_at_once(client):
    first = make_event("Premier")
    assert ids(get(client).json()) == [f"event-{first.pk}"]
    second = make_event("Second", days=(9,))
    assert ids(get(client).json()) == [f"event-{first.pk}", f"event-{second.pk}"]


def test_unpublishing_and_restricting_show_at_once(client):
    kept = make_event("Gardé")
    withdrawn = make_event("Retiré", days=(4,))
    restricted = make_event("Restreint", days=(5,))
    assert len(ids(get(client).json())) == 3
    withdrawn.unpublish()
    assert len(ids(get(client).json())) == 2
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert ids(get(client).json()) == [f"event-{kept.pk}"]


def test_each_site_has_its_own_entries(client):
    here = make_event("Ici")
    there = make_event("Là-bas", hostname="grenoble.localhost")
    assert ids(get(client).json()) == [f"event-{here.pk}"]
    response = client.get(URL, {"bbox": TEST_BBOX}, HTTP_HOST="grenoble.localhost")
    assert ids(response.json()) == [f"event-{there.pk}"]
