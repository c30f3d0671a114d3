"""Pages made for the map API tests, in a corner of the world the demo never uses
(the Atlantic around 10°N 30°W), so counts there are exact whatever the demo holds."""

from datetime import timedelta

import pytest

from content_types.core.geo import format_point
from tests import factories
from tests.factories import agenda_of, places_of, site  # noqa: F401 (the map tests import them from here)

# minLon,minLat,maxLon,maxLat around the test pages.
TEST_BBOX = "-31,9,-29,11"
TEST_BBOX_VALUES = (-31.0, 9.0, -29.0, 11.0)


def make_event(title, *, days=(3,), lat=10.0, lng=-30.0, tags=(), hostname="localhost", live=True,
               duration=timedelta(hours=2), summary="", venue=None):
    """An event whose occurrences start `days` days from now (negative: in the past), in the test corner."""
    return factories.make_event(
        title, days=days, tags=tags, hostname=hostname, live=live, duration=duration,
        summary=summary or f"Résumé de {title}", venue=venue, location="" if venue else format_point(lat, lng),
    )


def make_place(title, *, lat=10.0, lng=-30.0, tags=(), hostname="localhost", kind="musee", live=True):
    return factories.make_place(
        title, tags=tags, hostname=hostname, kind=kind, live=live,
        city="Testville", address="1 rue du Test", location=format_point(lat, lng),
    )


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    """Tests change the database behind the signals' back (queryset updates, rollbacks):
    the map's response cache is off, except where test_map_cache.py turns it on."""
    settings.MAP_API_CACHE_SECONDS = 0


@pytest.fixture
def features(client):
    """GET the map endpoint with the given params (inside the test bbox unless given); the parsed JSON."""

    def get(host="localhost", **params):
        params.setdefault("bbox", TEST_BBOX)
        params = {key: value for key, value in params.items() if value is not None}
        response = client.get("/api/v3/map/features", params, HTTP_HOST=host)
        assert response.status_code == 200, response.content
        return response.json()

    return get


def ids(collection):
    return [feature["id"] for feature in collection["features"]]
