"""GET /api/v3/map/features: the contract of shared/design/map-api.md, as an external
widget or a developer calling it would notice."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from content_types.api.schemas import FeatureCollection
from content_types.models import EventPage, PlacePage

from .map_corner import TEST_BBOX, agenda_of, ids, make_event, make_place, site

pytestmark = pytest.mark.django_db

URL = "/api/v3/map/features"


# ---- The response ----------------------------------------------------------------


def test_a_feature_collection_of_points_in_geojson(client):
    event = make_event("Nuit test des étoiles", lat=10.25, lng=-30.5, tags=["astronomie"])
    place = make_place("Observatoire test", lat=9.75, lng=-29.5, kind="observatoire", tags=["physique"])

    response = client.get(URL, {"bbox": TEST_BBOX}, HTTP_HOST="localhost")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    FeatureCollection.model_validate(body)  # the schema published in openapi.json
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == 2
    by_id = {feature["id"]: feature for feature in body["features"]}
    assert set(by_id) == {f"event-{event.pk}", f"place-{place.pk}"}

    event_feature = by_id[f"event-{event.pk}"]
    assert event_feature["type"] == "Feature"
    assert event_feature["geometry"] == {"type": "Point", "coordinates": [-30.5, 10.25]}
    props = event_feature["properties"]
    assert props["type"] == "event"
    assert props["title"] == "Nuit test des étoiles"
    assert props["summary"] == "Résumé de Nuit test des étoiles"
    assert props["url"] == "http://localhost/agenda/nuit-test-des-etoiles/"
    assert props["tags"] == ["astronomie"]
    occurrence = event.occurrences.get()
    assert datetime.fromisoformat(props["start"]) == occurrence.start
    assert datetime.fromisoformat(props["end"]) == occurrence.end
    assert props["start"].endswith(("+01:00", "+02:00")), "ISO 8601 with the Paris offset"

    place_props = by_id[f"place-{place.pk}"]["properties"]
    assert by_id[f"place-{place.pk}"]["geometry"]["coordinates"] == [-29.5, 9.75]
    assert place_props["type"] == "place"
    assert place_props["kind"] == "observatoire"
    assert place_props["kind_label"] == "Observatoire"
    assert place_props["city"] == "Testville"
    assert place_props["url"].startswith("http://localhost/")


def test_an_event_at_a_venue_names_the_venue_and_its_city():
    venue = make_place("Planétarium test", lat=10.5, lng=-30.25)
    event = make_event("Séance test", venue=venue)

    from django.test import Client

    feature = next(
        f for f in Client().get(URL, {"bbox": TEST_BBOX, "type": "event"}).json()["features"]
        if f["id"] == f"event-{event.pk}"
    )
    assert feature["geometry"]["coordinates"] == [-30.25, 10.5]
    assert feature["properties"]["place"] == "Planétarium test"
    assert feature["properties"]["city"] == "Testville"


def test_image_is_an_absolute_rendition_url(client):
    image = get_image_model().objects.first()
    assert image is not None, "the demo seeds images"
    event = make_event("Événement illustré")
    event.listing_image = image
    event.save_revision().publish()

    props = client.get(URL, {"bbox": TEST_BBOX}).json()["features"][0]["properties"]

    rendition = image.renditions.get(filter_spec="width-400")
    assert props["image"] == f"http://testserver{rendition.url}"
    assert ".width-400." in props["image"]


# ---- Parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("event", {"event"}), ("place", {"place"}), ("event,place", {"event", "place"}),
     (" Place , EVENT ", {"event", "place"}), (None, {"event", "place"})],
)
def test_type_selects_events_places_or_both(features, value, expected):
    make_event("Événement typé")
    make_place("Lieu typé")
    body = features(type=value)
    assert {feature["properties"]["type"] for feature in body["features"]} == expected


def test_bbox_keeps_only_points_inside_it_edges_included(features):
    inside = make_event("Dedans", lat=10.0, lng=-30.0)
    edge = make_event("Sur le bord", lat=11.0, lng=-29.0)
    outside = make_event("Dehors", lat=12.0, lng=-30.0)
    body = features(bbox="-31,9,-29,11")
    assert set(ids(body)) == {f"event-{inside.pk}", f"event-{edge.pk}"}
    assert f"event-{outside.pk}" in ids(features(bbox="-31,9,-29,12.5"))


def test_without_bbox_the_whole_world_is_searched(features):
    far = make_place("Lieu lointain", lat=-45.0, lng=170.0)
    assert f"place-{far.pk}" in ids(features(bbox=None, type="place", limit=5000))


def test_by_default_only_events_that_have_not_ended(features):
    past = make_event("Déjà fini", days=(-10,))
    ongoing = make_event("En cours", days=(0,), duration=timedelta(days=2))
    ongoing.occurrences.update(start=timezone.now() - timedelta(hours=1))
    future = make_event("À venir", days=(5,))
    body = features(type="event")
    assert set(ids(body)) == {f"event-{ongoing.pk}", f"event-{future.pk}"}
    assert f"event-{past.pk}" not in ids(body)


def test_start_and_end_select_events_with_an_occurrence_in_the_window(features):
    soon = make_event("Bientôt", days=(3,))
    later = make_event("Plus tard", days=(40,))
    both = make_event("Deux dates", days=(3, 40))
    day = lambda offset: (timezone.localdate() + timedelta(days=offset)).isoformat()  # noqa: E731

    window = features(type="event", start=day(35), end=day(45))
    assert set(ids(window)) == {f"event-{later.pk}", f"event-{both.pk}"}
    # The occurrence shown is the one inside the window, not the first one overall.
    both_feature = next(f for f in window["features"] if f["id"] == f"event-{both.pk}")
    assert datetime.fromisoformat(both_feature["properties"]["start"]) == both.occurrences.order_by("start").last().start

    early = features(type="event", start=day(1), end=day(5))
    assert set(ids(early)) == {f"event-{soon.pk}", f"event-{both.pk}"}
    # An end date covers its whole day.
    assert f"event-{soon.pk}" in ids(features(type="event", start=day(0), end=day(3)))


def test_a_past_window_brings_back_past_events(features):
    past = make_event("Conférence passée", days=(-10,))
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert ids(features(type="event", start=day, end=day)) == [f"event-{past.pk}"]
    assert ids(features(type="event", start=f"{day}T00:00:00+01:00")) != []


def test_an_end_already_past_without_start_finds_no_event(features):
    make_event("À venir", days=(5,))
    place = make_place("Toujours là")
    for offset in (0, 1):
        body = features(end="2020-01-01", offset=offset)
        assert ids(body) == [f"place-{place.pk}"][offset:]
        assert body["numberMatched"] == 1


def test_only_an_end_keeps_events_from_now_until_then(features):
    soon = make_event("Cette semaine", days=(2,))
    make_event("Dans deux mois", days=(60,))
    make_event("Passé", days=(-3,))
    end = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert ids(features(type="event", end=end)) == [f"event-{soon.pk}"]


def test_dates_do_not_filter_places(features):
    place = make_place("Musée intemporel")
    assert ids(features(type="place", start="2001-01-01", end="2001-01-02")) == [f"place-{place.pk}"]


def test_tags_match_any_of_the_slugs(features):
    sky = make_event("Ciel", tags=["astronomie"])
    life = make_place("Vie", tags=["biodiversité"])
    make_event("Rien à voir", tags=["chimie"])
    assert set(ids(features(tags="astronomie,biodiversité"))) == {f"event-{sky.pk}", f"place-{life.pk}"}
    assert ids(features(tags="ASTRONOMIE")) == [f"event-{sky.pk}"]
    assert ids(features(tags="inconnue")) == []


def test_a_page_with_two_matching_tags_appears_once(features):
    page = make_event("Double thème", tags=["astronomie", "physique"])
    body = features(tags="astronomie,physique")
    assert ids(body) == [f"event-{page.pk}"]
    assert body["features"][0]["properties"]["tags"] == ["astronomie", "physique"]


@pytest.fixture(scope="module")
def elasticsearch_index(django_db_setup, django_db_blocker):
    """The Elasticsearch index built from the seeded test database, once for this module."""
    from django.conf import settings

    if settings.ELASTICSEARCH_URL:
        import io

        from django.core.management import call_command

        with django_db_blocker.unblock():
            call_command("update_index", stdout=io.StringIO())


def refresh_search_index():
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.get_index_for_model(EventPage).refresh()


def search_case(features):
    match = make_event("Exoplanètes zorglubiennes", summary="Soirée zorglubienne")
    make_event("Autre soirée")
    make_place("Musée zorglubien", lat=40.0, lng=0.0)  # matches, but outside the bbox
    refresh_search_index()
    assert ids(features(q="zorglubiennes")) == [f"event-{match.pk}"]
    assert ids(features(q="zorglubiennes", type="place")) == []


@override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "wagtail.search.backends.database"}})
def test_q_searches_through_the_database_backend(features):
    search_case(features)


@pytest.mark.elasticsearch
def test_q_searches_through_elasticsearch(elasticsearch_index, features):
    search_case(features)


def test_a_search_backend_failure_is_a_503_not_a_500(client, monkeypatch):
    from content_types.api import features as module

    class Broken:
        def search(self, *args, **kwargs):
            raise ConnectionError("search server down")

    monkeypatch.setattr(module, "get_search_backend", lambda: Broken())
    response = client.get(URL, {"q": "étoiles"})
    assert response.status_code == 503
    assert response.json()["detail"].startswith("q:")
    assert client.get(URL).status_code == 200, "without q the map still works"


def test_limit_offset_and_next_links_walk_every_feature_once(client):
    made = [make_event(f"Série {n}", days=(n + 1,)) for n in range(5)]
    seen, url, pages = [], f"{URL}?bbox={TEST_BBOX}&type=event&limit=2", 0
    while url:
        body = client.get(url).json()
        pages += 1
        assert body["numberMatched"] == 5
        assert body["numberReturned"] == len(body["features"]) <= 2
        seen += ids(body)
        nexts = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url = nexts[0] if nexts else None
        if url:
            assert urlsplit(url).scheme == "http" and parse_qs(urlsplit(url).query)["limit"] == ["2"]
    assert pages == 3
    # Soonest first.
    assert seen == [f"event-{page.pk}" for page in made]


def test_paging_runs_from_events_into_places(features):
    events = [make_event(f"É{n}", days=(n + 1,)) for n in range(3)]
    places = [make_place(f"L{n}") for n in range(3)]
    body = features(limit=2, offset=2)
    assert ids(body) == [f"event-{events[2].pk}", f"place-{places[0].pk}"]
    assert body["numberMatched"] == 6
    assert features(offset=6)["features"] == []


# ---- Sites -----------------------------------------------------------------------


def test_each_site_serves_its_own_territory(features):
    here = make_event("Ici", hostname="localhost")
    there = make_event("Là-bas", hostname="grenoble.localhost")
    assert ids(features(type="event")) == [f"event-{here.pk}"]
    assert ids(features(host="grenoble.localhost", type="event")) == [f"event-{there.pk}"]
    assert ids(features(type="event", site="grenoble.localhost")) == [f"event-{there.pk}"]
    assert ids(features(type="event", site=str(site("grenoble.localhost").pk))) == [f"event-{there.pk}"]
    assert set(ids(features(type="event", site="all"))) == {f"event-{here.pk}", f"event-{there.pk}"}
    assert set(ids(features(type="event", site="ALL"))) == {f"event-{here.pk}", f"event-{there.pk}"}


def test_demo_territories_do_not_mix(client):
    centre = client.get(URL, {"limit": 5000}).json()
    grenoble = client.get(URL, {"limit": 5000}, HTTP_HOST="grenoble.localhost").json()
    assert centre["numberReturned"] > 0 and grenoble["numberReturned"] > 0
    assert not set(ids(centre)) & set(ids(grenoble))
    # Grenoble lies east of 4.5°E, the Centre-Val de Loire west of it (but for the pages
    # a territory shares from the other, network/sharing.py).
    shared = {f"{type(page).__name__[:-4].lower()}-{page.pk}"
              for page in Page.objects.filter(alias_of__isnull=False).specific()}
    assert all(f["geometry"]["coordinates"][0] > 4.5 for f in grenoble["features"] if f["id"] not in shared)
    assert all(f["geometry"]["coordinates"][0] < 4.5 for f in centre["features"] if f["id"] not in shared)


# ---- What never appears ----------------------------------------------------------


def test_drafts_and_unpublished_pages_never_appear(features):
    draft = make_event("Brouillon", live=False)
    withdrawn = make_event("Retiré")
    withdrawn.unpublish()
    shown = make_event("Publié")
    # A live page with unpublished changes shows its published version.
    shown.title = "Titre pas encore publié"
    shown.save_revision()
    body = features(type="event")
    assert ids(body) == [f"event-{shown.pk}"]
    assert body["features"][0]["properties"]["title"] == "Publié"
    assert f"event-{draft.pk}" not in ids(features(type="event", site="all"))


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_pages_under_a_view_restriction_never_appear(client, features, restriction_type):
    hidden = make_event("Réservé aux membres")
    visible = make_event("Ouvert à tous")
    PageViewRestriction.objects.create(page=hidden, restriction_type=restriction_type, password="secret")
    assert ids(features(type="event")) == [f"event-{visible.pk}"]
    # Not even for a logged-in superuser: the response is public and shared by caches.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="admin-map@example.org", password="x")
    client.force_login(admin)
    assert ids(features(type="event", site="all")) == [f"event-{visible.pk}"]


def test_a_restricted_section_hides_everything_under_it(features):
    make_event("Sous l'agenda")
    place = make_place("Lieu public")
    PageViewRestriction.objects.create(page=agenda_of("localhost"), restriction_type=PageViewRestriction.LOGIN)
    assert ids(features()) == [f"place-{place.pk}"]


# ---- Errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "1,2,3,4,5"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "1,2,,4"}, "bbox"),
        ({"bbox": "nan,1,2,3"}, "bbox"),
        ({"bbox": "0,-91,1,1"}, "bbox"),
        ({"bbox": "0,0,1,90.5"}, "bbox"),
        ({"bbox": "-181,0,1,1"}, "bbox"),
        ({"bbox": "0,0,180.1,1"}, "bbox"),
        ({"bbox": "2,0,1,1"}, "bbox"),
        ({"bbox": "0,2,1,1"}, "bbox"),
        ({"start": "demain"}, "start"),
        ({"start": "2026-02-30"}, "start"),
        ({"end": "2026-13-01"}, "end"),
        ({"end": "31/12/2026"}, "end"),
        ({"start": "2026-12-01", "end": "2026-11-30"}, "start"),
        ({"type": "article"}, "type"),
        ({"type": "event,dossier"}, "type"),
        ({"type": ","}, "type"),
        ({"limit": "0"}, "limit"),
        ({"limit": "5001"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "2.5"}, "limit"),
        ({"limit": "99999999999999999999999"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "x"}, "offset"),
        ({"offset": "1e3"}, "offset"),
        ({"offset": "99999999999999999999999"}, "offset"),
        ({"site": "inconnu.example"}, "site"),
        ({"site": "999999"}, "site"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"].startswith(f"{parameter}:"), body
    assert response["Access-Control-Allow-Origin"] == "*", "a browser must be able to read the error"


def test_empty_parameters_mean_the_defaults(client):
    response = client.get(URL, {name: "" for name in ("type", "bbox", "start", "end", "tags", "site", "q", "limit", "offset")})
    assert response.status_code == 200
    assert response.json()["numberReturned"] > 0


def test_limit_at_its_bounds_is_accepted(features):
    make_event("Borne")
    assert features(limit=1)["numberReturned"] == 1
    assert features(limit=5000)["numberReturned"] == 1


# ---- HTTP: CORS, caching ---------------------------------------------------------


def test_any_origin_may_read(client):
    response = client.get(URL, HTTP_ORIGIN="https://musee.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_is_answered(client):
    response = client.options(
        URL, HTTP_ORIGIN="https://mairie.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()


def test_etag_and_not_modified(client):
    make_event("Cache")
    first = client.get(URL, {"bbox": TEST_BBOX})
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    again = client.get(URL, {"bbox": TEST_BBOX}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(URL, {"bbox": TEST_BBOX}, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304

    # Other data, other tag: the stale copy is not confirmed.
    make_event("Nouveauté")
    changed = client.get(URL, {"bbox": TEST_BBOX}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # Other parameters, other representation.
    assert client.get(URL, {"bbox": TEST_BBOX, "type": "place"})["ETag"] != changed["ETag"]


def test_writing_methods_are_not_allowed(client):
    assert client.post(URL, {}).status_code == 405
    assert client.delete(URL).status_code == 405


# ---- OpenAPI ---------------------------------------------------------------------


def test_the_endpoint_is_described_in_openapi(client):
    spec = client.get("/api/v3/openapi.json").json()
    operation = spec["paths"]["/api/v3/map/features"]["get"]
    names = {param["name"] for param in operation["parameters"]}
    assert names == {"type", "bbox", "start", "end", "tags", "site", "q", "limit", "offset"}
    limit = next(param for param in operation["parameters"] if param["name"] == "limit")
    assert limit["schema"]["type"] == "integer" and limit["schema"]["maximum"] == 5000
    schema = operation["responses"]["200"]["content"]["application/geo+json"]["schema"]
    assert set(schema["required"]) >= {"type", "numberMatched", "numberReturned", "links", "features"}
    feature = schema["properties"]["features"]["items"]
    assert "coordinates" in feature["properties"]["geometry"]["properties"]
    assert {"title", "url", "start", "end", "kind", "tags"} <= set(feature["properties"]["properties"]["properties"])
    assert "400" in operation["responses"] and "304" in operation["responses"]
    assert "options" not in spec["paths"]["/api/v3/map/features"]


def test_the_schema_is_what_the_endpoint_does(client):
    """`type` is the enumeration of the registry's map types, errors are documented under
    the media type they are sent with, and 304 has no body."""
    spec = client.get("/api/v3/openapi.json").json()
    operation = spec["paths"]["/api/v3/map/features"]["get"]
    type_param = next(param for param in operation["parameters"] if param["name"] == "type")
    assert type_param["schema"]["enum"] == [
        "event", "place", "project", "event,place", "event,project", "place,project", "event,place,project",
    ]
    responses = operation["responses"]
    assert "content" not in responses["304"]
    error = client.get(URL, {"bbox": "1,2,3"})
    (media_type,) = responses["400"]["content"]
    assert error["Content-Type"] == media_type == "application/problem+json"
    assert "detail" in responses["400"]["content"][media_type]["schema"]["required"]
    assert list(responses["200"]["content"]) == [client.get(URL, {"limit": 1})["Content-Type"]]


# ---- Queries ---------------------------------------------------------------------


def count_queries(client, params):
    """Queries of a request (after a first one has filled Wagtail's cache of site roots)."""
    client.get(URL, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()["numberReturned"]


def test_query_count_does_not_grow_with_the_number_of_features(client):
    image = get_image_model().objects.first()
    params = {"bbox": TEST_BBOX, "limit": 5000}

    def add(n, offset):
        for i in range(n):
            event = make_event(f"Lot {offset + i}", tags=["astronomie", "climat"], days=(i + 1, i + 30))
            place = make_place(f"Lieu lot {offset + i}", tags=["chimie"])
            EventPage.objects.filter(pk=event.pk).update(listing_image=image)
            PlacePage.objects.filter(pk=place.pk).update(listing_image=image)

    image.get_rendition("width-400")
    add(2, 0)
    few, returned_few = count_queries(client, params)
    add(25, 100)
    many, returned_many = count_queries(client, params)
    assert (returned_few, returned_many) == (4, 54)
    assert many == few
    assert few <= 15
