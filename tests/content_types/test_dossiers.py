"""Every content page carries schema.org JSON-LD with the properties search engines need."""

import pytest

from content_types.models import ArticlePage, DossierPage, EventPage, PlacePage

from .conftest import json_ld_blocks

pytestmark = pytest.mark.django_db


def main_entity(html, kind):
    blocks = json_ld_blocks(html)
    assert any(b["@type"] == "BreadcrumbList" for b in blocks)
    for block in blocks:
        types = block["@type"] if isinstance(block["@type"], list) else [block["@type"]]
        if kind in types:
            return block
    raise AssertionError(f"no {kind} in {blocks}")


def test_event_jsonld(fetch, make_event):
    from content_types.models import Organisation

    event = make_event(title="Soirée <script>alert(1)</script>", days=(2, 6), is_free=False, price="8",
                       organiser=Organisation.objects.first())
    html = fetch(event).content.decode()
    assert "<script>alert(1)</script>" not in html
    data = main_entity(html, "Event")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == event.title
    first = event.occurrences.order_by("start").first()
    assert data["startDate"].startswith(first.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M"))
    assert "endDate" in data
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    location = data["location"]
    assert location["@type"] == "Place"
    assert location["address"]["addressLocality"] == "Orléans"
    assert location["geo"]["latitude"] == pytest.approx(47.9029)
    assert data["organizer"]["name"] == event.organiser.name
    assert data["offers"]["price"] == "8.00" and data["offers"]["priceCurrency"] == "EUR"
    assert len(data["subEvent"]) == 2


def test_event_at_a_venue_uses_the_venue_as_location(fetch):
    event = EventPage.objects.live().filter(venue__isnull=False).first()
    data = main_entity(fetch(event).content.decode(), "Event")
    assert data["location"]["name"] == event.venue.title
    assert data["location"]["geo"]["longitude"] == pytest.approx(event.venue.longitude)
    assert data["image"].startswith("http://")


def test_cancelled_event_status(fetch, make_event):
    event = make_event(days=(3,))
    event.occurrences.update(status="annule")
    data = main_entity(fetch(event).content.decode(), "Event")
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_place_jsonld_with_geo_and_opening_hours(fetch):
    museum = PlacePage.objects.live().filter(kind="musee", opening_hours__isnull=False).distinct().first()
    data = main_entity(fetch(museum).content.decode(), "Museum")
    assert "TouristAttraction" in data["@type"]
    assert data["name"] == museum.title
    assert data["geo"]["latitude"] == pytest.approx(museum.latitude)
    assert data["address"]["postalCode"] == museum.postcode
    hours = data["openingHoursSpecification"]
    assert len(hours) == museum.opening_hours.count()
    assert hours[0]["dayOfWeek"].startswith("https://schema.org/") and hours[0]["opens"]
    garden = PlacePage.objects.live().filter(kind="jardin").first()
    assert main_entity(fetch(garden).content.decode(), "TouristAttraction")


def test_article_jsonld(fetch):
    article = ArticlePage.objects.live().filter(author__isnull=False, listing_image__isnull=False).first()
    data = main_entity(fetch(article).content.decode(), "Article")
    assert data["headline"] == article.title
    assert data["author"]["name"] == article.author.get_full_name()
    assert data["datePublished"] == article.date.isoformat()
    assert data["image"].startswith("http://")


def test_dossier_and_home_jsonld(fetch, client):
    dossier = DossierPage.objects.live().first()
    data = main_entity(fetch(dossier).content.decode(), "CollectionPage")
    assert {part["name"] for part in data["hasPart"]} == {page.title for page in dossier.get_selection()}
    home = json_ld_blocks(client.get("/", HTTP_HOST="localhost").content.decode())
    assert home[0]["@type"] == "WebSite" and home[0]["name"] == "Echosciences Centre-Val de Loire"
