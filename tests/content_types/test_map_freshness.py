"""Whatever path a page took to the map, a reader of the API sees its published version,
never a stale or a draft one; and reading the map never writes to the database."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from content_types.models import EventPage

from .map_corner import TEST_BBOX, agenda_of, make_event, make_place

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


def test_a_save_outside_publication_shows_once_the_features_are_rebuilt(client):
    """A page row rewritten without Wagtail's publication (a script, a shell): the map keeps
    the published text until `rebuild_map_features` rewrites the stored features."""
    event = make_event("Avant le script")
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["title"] == "Avant le script"
    page = EventPage.objects.get(pk=event.pk)
    page.title = "Après le script"
    page.save()
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["title"] == "Avant le script"

    call_command("rebuild_map_features", stdout=open("/dev/null", "w"))

    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["title"] == "Après le script"


def test_unpublished_moved_and_deleted_pages_leave_or_follow_on_the_map(client):
    event = make_event("Déplacé puis dépublié")
    place = make_place("Supprimé")
    assert {f"event-{event.pk}", f"place-{place.pk}"} <= shown_ids(client)

    other_agenda = agenda_of("grenoble.localhost")
    event.move(other_agenda, pos="last-child")
    shown = props(client.get(URL, {"bbox": TEST_BBOX, "site": "all"}).json(), event)
    assert shown["url"].startswith("http://grenoble.localhost"), "its URL follows the move"
    assert f"event-{event.pk}" not in shown_ids(client), "it left this site's map"

    EventPage.objects.get(pk=event.pk).unpublish()
    assert f"event-{event.pk}" not in shown_ids(client, site="all")

    place.delete()
    assert f"place-{place.pk}" not in shown_ids(client, site="all")


def shown_ids(client, **params):
    return {f["id"] for f in client.get(URL, {"bbox": TEST_BBOX, **params}).json()["features"]}


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)


def writes_during(client, urls):
    """The write queries of GETs of `urls`, each (url, the status it must answer)."""
    with CaptureQueriesContext(connection) as context:
        for url, status in urls:
            assert client.get(url).status_code == status, url
    return [query["sql"] for query in context.captured_queries if WRITE.match(query["sql"])]


def test_reading_the_map_never_writes(client):
    """A page published with an image whose map rendition is gone (an import, a replaced
    file), pages on both sites, every parameter: the requests only read."""
    image = get_image_model().objects.first()
    event = make_event("Illustré", tags=["astronomie"])
    place = make_place("Lieu illustré")
    EventPage.objects.filter(pk=event.pk).update(listing_image=image)
    image.renditions.all().delete()
    urls = [
        (f"{URL}?bbox={TEST_BBOX}", 200), (f"{URL}?type=event&site=all&limit=5000", 200),
        (f"{URL}?tags=astronomie&start=2020-01-01", 200), (f"{URL}?type=place&offset=1&limit=1", 200),
        (f"{URL}?q=illustré", 200), (f"{URL}?bbox=1,2,3", 400), (f"{URL}?end=2020-01-01", 200),
    ]
    assert writes_during(client, urls) == []
    shown = props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)
    assert shown["image"] is None, "no rendition is made by a GET"
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), place)["title"] == "Lieu illustré"


def test_publishing_makes_the_image_rendition_the_map_shows(client):
    image = get_image_model().objects.first()
    image.renditions.filter(filter_spec="width-400").delete()
    event = make_event("Affiche")
    event.listing_image = image
    event.save_revision().publish()
    url = props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["image"]
    assert url.startswith("http://testserver/media/images/") and ".width-400." in url
    assert writes_during(client, [(f"{URL}?bbox={TEST_BBOX}", 200)]) == []


def test_rebuild_map_features_makes_missing_renditions_after_an_import(client):
    """Rows written without publication (a bulk import): the map shows them at once, and
    their images once `rebuild_map_features` has made the renditions."""
    image = get_image_model().objects.first()
    event = make_event("Importé")
    EventPage.objects.filter(pk=event.pk).update(listing_image=image)
    image.renditions.filter(filter_spec="width-400").delete()
    assert props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["image"] is None

    call_command("rebuild_map_features", stdout=open("/dev/null", "w"))

    assert ".width-400." in props(client.get(URL, {"bbox": TEST_BBOX}).json(), event)["image"]
