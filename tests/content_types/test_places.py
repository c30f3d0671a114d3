"""A place: its JSON-LD, its page, its opening hours, its map point as editors set it, its listing."""

import re

import pytest
from django.core.exceptions import ValidationError

from content_types.core.geo import format_point
from content_types.models import OpeningHours, PlaceIndexPage, PlacePage

from .conftest import NBSP, add_places, assert_page_shell, count_queries, main_entity, visible_text

pytestmark = pytest.mark.django_db


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


def test_place_page_shows_hours_contact_access_and_events_held_there(fetch):
    place = PlacePage.objects.live().filter(events__isnull=False, opening_hours__isnull=False).distinct().first()
    html = fetch(place).content.decode()
    assert_page_shell(html)
    assert "Horaires d’ouverture" in html and "<table class=\"hours\">" in html
    slot = place.opening_hours.first()
    assert slot.get_weekday_display() in html
    assert place.phone in html and place.email in html
    assert "Prochains événements dans ce lieu" in html
    assert 'data-point-map' in html



def test_place_listing_filters_by_kind_and_town(fetch):
    index = PlaceIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    museums = PlacePage.objects.live().child_of(index).filter(kind="musee")
    html = fetch(index, type="musee").content.decode()
    for place in PlacePage.objects.live().child_of(index):
        assert (f">{place.title}</a>" in html) == (place.kind == "musee")
    town = museums.first().city
    html = fetch(index, type="musee", ville=town).content.decode()
    for place in PlacePage.objects.live().child_of(index):
        assert (f">{place.title}</a>" in html) == (place.kind == "musee" and place.city == town)
    assert '<label for="id_type">' in html and '<label for="id_ville">' in html


def test_place_opening_hours_use_the_same_time_format(fetch):
    place = PlacePage.objects.live().filter(opening_hours__isnull=False).first()
    text = visible_text(fetch(place).content.decode())
    assert re.search(rf"\b\d{{1,2}}{NBSP}h{NBSP}\d\d – \d{{1,2}}{NBSP}h{NBSP}\d\d", text)
    assert not re.search(r"\d{1,2}h\d{2}", text)


def test_place_listing_query_count_does_not_grow(client):
    index = PlaceIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    small = count_queries(client, index)
    add_places(index, 10)
    assert count_queries(client, index) == small


@pytest.mark.parametrize(
    "latitude, longitude, message",
    [
        (91, 2, "La latitude doit être comprise entre -90 et 90."),
        (-90.5, 2, "La latitude doit être comprise entre -90 et 90."),
        (47, 181, "La longitude doit être comprise entre -180 et 180."),
        (47, -200, "La longitude doit être comprise entre -180 et 180."),
    ],
)
def test_map_point_out_of_range_is_refused(latitude, longitude, message):
    place = PlacePage(title="Lieu", slug="lieu", location=format_point(latitude, longitude))
    with pytest.raises(ValidationError) as error:
        place.clean()
    assert message in error.value.message_dict["location"]



def test_unreadable_map_point_is_refused():
    place = PlacePage(title="Lieu", slug="lieu", location="quelque part")
    with pytest.raises(ValidationError) as error:
        place.clean()
    assert "illisible" in error.value.message_dict["location"][0]



def test_map_point_is_stored_as_indexed_numbers():
    place = PlacePage.objects.live().first()
    place.location = format_point(47.9029, 1.9093)
    place.save()
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (47.9029, 1.9093)



def test_opening_hours_close_after_opening():
    from datetime import time

    hours = OpeningHours(weekday=0, opens=time(18), closes=time(9))
    with pytest.raises(ValidationError) as error:
        hours.clean()
    assert error.value.message_dict["closes"] == ["L'heure de fermeture doit suivre l'heure d'ouverture."]

