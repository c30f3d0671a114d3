"""Pages made for the map API tests, in a corner of the world the demo never uses
(the Atlantic around 10°N 30°W), so counts there are exact whatever the demo holds."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from content_types.core.geo import format_point
from content_types.models import AgendaPage, EventOccurrence, EventPage, PlaceIndexPage, PlacePage

# minLon,minLat,maxLon,maxLat around the test pages.
TEST_BBOX = "-31,9,-29,11"
TEST_BBOX_VALUES = (-31.0, 9.0, -29.0, 11.0)


def site(hostname):
    return Site.objects.select_related("root_page").get(hostname=hostname)


def agenda_of(hostname="localhost"):
    return AgendaPage.objects.descendant_of(site(hostname).root_page).get()


def places_of(hostname="localhost"):
    return PlaceIndexPage.objects.descendant_of(site(hostname).root_page).get()


def make_event(title, *, days=(3,), lat=10.0, lng=-30.0, tags=(), hostname="localhost", live=True,
               duration=timedelta(hours=2), summary="", venue=None):
    """An event whose occurrences start `days` days from now (negative: in the past)."""
    now = timezone.now().replace(microsecond=0)
    page = EventPage(
        title=title, slug=slugify(title), summary=summary or f"Résumé de {title}",
        location="" if venue else format_point(lat, lng), venue=venue, live=live,
    )
    page.occurrences = [
        EventOccurrence(start=now + timedelta(days=offset), end=now + timedelta(days=offset) + duration, sort_order=n)
        for n, offset in enumerate(days)
    ]
    page.tags.add(*tags)
    agenda_of(hostname).add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return EventPage.objects.get(pk=page.pk)


def make_place(title, *, lat=10.0, lng=-30.0, tags=(), hostname="localhost", kind="musee", live=True):
    page = PlacePage(
        title=title, slug=slugify(title), summary=f"Résumé de {title}", kind=kind,
        city="Testville", address="1 rue du Test", location=format_point(lat, lng), live=live,
    )
    page.tags.add(*tags)
    places_of(hostname).add_child(instance=page)
    if live:
        page.save_revision().publish()
    return PlacePage.objects.get(pk=page.pk)


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
