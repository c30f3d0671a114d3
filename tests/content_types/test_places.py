"""A place: its JSON-LD, its page and its listing."""

import pytest

from content_types.models import PlacePage

from .conftest import main_entity

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

