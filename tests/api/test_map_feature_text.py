"""The map features' text, written once per publication (MapFeatureText): whatever path a
page took to the map, a reader of the API sees its published version, never a stale or a
draft one, and the PostgreSQL fast path answers exactly what the portable one does."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from content_types.api import feature_text, features as map_features
from content_types.models import EventOccurrence, EventPage, MapFeatureText, PlacePage

from .conftest import TEST_BBOX, ids, make_event, make_place

pytestmark = pytest.mark.django_db

URL = "/api/v3/map/features"


def props(features_json, page):
    return next(f["properties"] for f in features_json["features"] if f["id"].endswith(f"-{page.pk}"))


def test_a_published_change_shows_at_once(features):
    event = make_event("Avant", tags=["astronomie"])
    assert props(features(), event)["title"] == "Avant"

    event.title = "Après"
    event.summary = "Nouveau résumé"
    event.tags.set(["climat", "chimie"])
    event.save_revision().publish()

    shown = props(features(), event)
    assert (shown["title"], shown["summary"], shown["tags"]) == ("Après", "Nouveau résumé", ["chimie", "climat"])


def test_a_draft_never_replaces_the_published_text(features):
    event = make_event("Publié")
    event.title = "Brouillon secret"
    event.location = "SRID=4326;POINT(-29.5 9.5)"
    event.save_revision()
    shown = next(f for f in features()["features"] if f["id"] == f"event-{event.pk}")
    assert shown["properties"]["title"] == "Publié"
    assert shown["geometry"]["coordinates"] == [-30.0, 10.0]


def test_a_renamed_or_moved_venue_shows_on_its_events(features):
    venue = make_place("Ancien nom", lat=10.5, lng=-30.25)
    event = make_event("Séance", venue=venue)
    assert props(features(), event)["place"] == "Ancien nom"

    venue.title = "Nouveau nom"
    venue.location = "SRID=4326;POINT(-29.75 9.75)"
    venue.city = "Autreville"
    venue.save_revision().publish()

    body = features(type="event")
    shown = next(f for f in body["features"] if f["id"] == f"event-{event.pk}")
    assert shown["properties"]["place"] == "Nouveau nom"
    assert shown["properties"]["city"] == "Autreville"
    assert shown["geometry"]["coordinates"] == [-29.75, 9.75]


def test_a_deleted_venue_leaves_its_events(features):
    venue = make_place("Lieu fermé", lat=10.5, lng=-30.25)
    event = make_event("Séance maintenue", venue=venue)
    assert props(features(type="event"), event)["place"] == "Lieu fermé"

    venue.delete()

    shown = props(features(type="event"), event)
    assert (shown["place"], shown["address"]) == ("", "")


def test_pages_without_text_are_served_the_same_and_get_it(client):
    """Pages imported in bulk (no publication) have no text: the first request writes it."""
    pages = [make_event("Importé", tags=["astronomie"]).pk, make_place("Lieu importé", tags=["chimie"]).pk]
    params = {"bbox": TEST_BBOX}
    before = client.get(URL, params).content
    feature_text.forget(pages)
    assert not MapFeatureText.objects.filter(page__in=pages).exists()

    assert client.get(URL, params).content == before
    assert MapFeatureText.objects.filter(page__in=pages).count() == 2


def test_a_save_outside_publication_drops_what_the_server_kept(client):
    """A page row rewritten without Wagtail's publication (a script, a shell): the map
    shows the row, not what a server process had kept in memory."""
    event = make_event("Avant le script")
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["title"] == "Avant le script"
    page = EventPage.objects.get(pk=event.pk)
    page.title = "Après le script"
    page.save()
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["title"] == "Après le script"


def test_rebuild_map_features_writes_every_live_page(client):
    make_event("Un", tags=["astronomie"])
    make_event("Deux", live=False)
    before = client.get(URL, {"bbox": TEST_BBOX}).content
    MapFeatureText.objects.all().delete()

    call_command("rebuild_map_features", stdout=open("/dev/null", "w"))

    live = EventPage.objects.live().count() + PlacePage.objects.live().count()
    assert MapFeatureText.objects.count() == live
    assert client.get(URL, {"bbox": TEST_BBOX}).content == before


@pytest.mark.postgres
def test_the_postgresql_path_answers_byte_for_byte_like_the_portable_one(client, monkeypatch):
    """FirstOccurrenceRows (PostgreSQL) against next_occurrence_rows (any database), on
    text that needs escaping, summer and winter offsets, several occurrences, paging."""
    tricky = 'Guillemets " barre \\ tab\t retour\n emoji 🔭 contrôle \x01'
    make_event(tricky, summary=tricky, tags=["astronomie"], days=(3, 200))
    make_event("Été", days=(-1, 150, 180), duration=timedelta(days=3))
    make_event("Hiver", days=(40,))
    make_place("Lieu « test »", tags=["chimie"])
    event = make_event("Précis à la microseconde")
    precise = timezone.now().replace(microsecond=123456) + timedelta(days=5)
    EventOccurrence.objects.filter(event=event).update(start=precise, end=precise + timedelta(hours=1))
    queries = [
        {}, {"type": "event"}, {"limit": 2}, {"limit": 2, "offset": 2}, {"offset": 4},
        {"start": "2020-01-01"}, {"start": (timezone.now() + timedelta(days=100)).date().isoformat()},
        {"end": (timezone.now() + timedelta(days=10)).date().isoformat()}, {"tags": "astronomie"},
    ]

    def bodies():
        return [client.get(URL, {"bbox": TEST_BBOX, **query}).content for query in queries]

    fast = bodies()
    monkeypatch.setattr(
        map_features, "FirstOccurrenceRows",
        lambda events, start, end: map_features.next_occurrence_rows(events, start, end),
    )
    assert bodies() == fast
    assert len(ids(json.loads(fast[0]))) == 5  # four events and the place
