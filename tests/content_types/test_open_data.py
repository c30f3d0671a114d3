"""« Données ouvertes »: a territory's agenda and places as CSV, GeoJSON and iCalendar, openly licensed."""

import csv
import io
import json

import icalendar
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content_types.models import AgendaPage, EventPage, OpenDataPage, PlacePage
from content_types.open_data.exports import COLUMN_NAMES, LICENCE_URL
from tests import factories

pytestmark = pytest.mark.django_db

LICENCE = "Licence Ouverte / Open Licence 2.0"


@pytest.fixture
def open_data():
    return OpenDataPage.objects.get(url_path="/centre-val-de-loire/donnees-ouvertes/")


@pytest.fixture
def agenda():
    return AgendaPage.objects.get(url_path="/centre-val-de-loire/agenda/")


@pytest.fixture
def get(client, open_data):
    site = open_data.get_site()

    def fetch(suffix=""):
        path = open_data.url_path[len(site.root_page.url_path) - 1:] + suffix
        return client.get(path, HTTP_HOST=site.hostname)

    return fetch


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def csv_rows(response):
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def add_event(agenda, title, days, publish=True, point=True):
    return factories.make_event(
        title, parent=agenda, days=days, live=publish, tags=("astronomie",), summary="Pour les tests.",
        city="Orléans", postcode="45000", address="1 place du Martroi", is_free=True, audience="familles",
        location=factories.ORLEANS if point else "",
    )


def upcoming_in(agenda):
    return EventPage.objects.live().public().descendant_of(agenda.get_parent()).upcoming()


def test_each_territory_has_an_open_data_page_stating_the_licence_and_the_columns(get):
    response = get()
    html = body(response)
    assert response.status_code == 200
    assert LICENCE in html and f'href="{LICENCE_URL}" rel="license"' in html
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in html
    for route in ("evenements/csv/", "evenements/geojson/", "evenements/ical/", "lieux/csv/", "lieux/geojson/"):
        assert f"donnees-ouvertes/{route}" in html
    assert OpenDataPage.objects.filter(url_path="/grenoble/donnees-ouvertes/").exists()


def test_events_csv_lists_upcoming_public_events_with_their_dates(get, agenda):
    event = add_event(agenda, "Nuit des étoiles, « ouverte »", days=(-3, 2, 9))
    add_event(agenda, "Brouillon caché", days=(4,), publish=False)
    add_event(agenda, "Déjà passé", days=(-10,))
    response = get("evenements/csv/")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'<{LICENCE_URL}>; rel="license"' in response["Link"]
    assert "describedby" in response["Link"]
    assert response["Content-Disposition"] == 'attachment; filename="evenements.csv"'
    rows = csv_rows(response)
    assert list(rows[0].keys()) == COLUMN_NAMES
    titles = [row["title"] for row in rows]
    assert "Brouillon caché" not in titles and "Déjà passé" not in titles
    assert len(rows) == upcoming_in(agenda).count()
    row = next(row for row in rows if row["id"] == f"event-{event.pk}")
    assert row["title"] == "Nuit des étoiles, « ouverte »"
    assert row["url"].startswith("http") and row["url"].endswith(f"/agenda/{event.slug}/")
    dates = row["dates"].split(" ; ")
    assert len(dates) == 2  # the past date is left out
    start, end = dates[0].split("/")
    assert start.endswith(("+01:00", "+02:00")) and start < end
    assert (row["town"], row["postcode"], row["price"], row["audience"]) == ("Orléans", "45000", "0", "familles")
    assert (float(row["latitude"]), float(row["longitude"])) == (47.9029, 1.9093)
    assert row["tags"] == "astronomie"


def test_places_csv_lists_the_territorys_places(get, agenda):
    rows = csv_rows(get("lieux/csv/"))
    places = PlacePage.objects.live().public().descendant_of(agenda.get_parent())
    assert {row["id"] for row in rows} == {f"place-{pk}" for pk in places.values_list("pk", flat=True)}
    assert all(row["dates"] == "" and row["title"] for row in rows)


def test_csv_metadata_states_the_licence_and_documents_each_column(get):
    response = get("evenements/csv-metadata/")
    metadata = json.loads(body(response))
    assert metadata["dc:license"] == {"@id": LICENCE_URL} and metadata["dc:rights"] == LICENCE
    assert [column["name"] for column in metadata["tableSchema"]["columns"]] == COLUMN_NAMES
    assert all(column["dc:description"] for column in metadata["tableSchema"]["columns"])
    assert metadata["url"].endswith("/donnees-ouvertes/evenements/csv/")


def test_events_csv_costs_the_same_queries_whatever_the_number_of_events(get, agenda):
    """Streaming reads events in chunks with their tags and dates: no query per row."""

    def queries_for_csv():
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(get("evenements/csv/"))
        return len(captured), len(rows)

    queries_for_csv()  # warm Django's caches (content types, sites) so both runs compare rows only
    before, rows_before = queries_for_csv()
    for number in range(8):
        add_event(agenda, f"Conférence {number}", days=(number + 1, number + 20))
    after, rows_after = queries_for_csv()
    assert rows_after == rows_before + 8
    assert after == before
    assert after <= 12


def test_events_geojson_has_the_licence_and_only_events_with_a_point(get, agenda):
    with_point = add_event(agenda, "Avec un point", days=(3,))
    without_point = add_event(agenda, "Sans point", days=(3,), point=False)
    response = get("evenements/geojson/")
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    assert collection["license"]["url"] == LICENCE_URL and collection["license"]["name"] == LICENCE
    ids = {feature["id"] for feature in collection["features"]}
    assert f"event-{with_point.pk}" in ids and f"event-{without_point.pk}" not in ids
    feature = next(f for f in collection["features"] if f["id"] == f"event-{with_point.pk}")
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.9093, 47.9029]}
    assert feature["properties"]["title"] == "Avec un point" and len(feature["properties"]["dates"]) == 1


def test_places_geojson_is_valid(get):
    collection = json.loads(body(get("lieux/geojson/")))
    assert collection["features"]
    assert all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in collection["features"])


def test_events_icalendar_has_one_entry_per_upcoming_date_and_the_licence(get, agenda):
    event = add_event(agenda, "Trois dates", days=(-2, 5, 6))
    response = get("evenements/ical/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert LICENCE in str(calendar["DESCRIPTION"])
    entries = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Trois dates"]
    assert len(entries) == 2
    expected = sum(
        event.occurrences.filter(end__gte=timezone.now()).count()
        for event in upcoming_in(agenda)
    )
    assert len(calendar.walk("VEVENT")) == expected
    upcoming = event.occurrences.filter(end__gte=timezone.now()).order_by("start")
    assert sorted(entry.decoded("DTSTART") for entry in entries) == [o.start for o in upcoming]


def test_an_unknown_data_set_is_a_404(get):
    assert get("inconnu/csv/").status_code == 404
    assert get("inconnu/geojson/").status_code == 404
