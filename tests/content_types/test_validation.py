"""The rules an editor meets in the admin, each with its French message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content_types.core.geo import format_point
from content_types.models import EventOccurrence, EventPage, OpeningHours, PlacePage

pytestmark = pytest.mark.django_db


def test_occurrence_must_end_after_it_starts():
    start = timezone.now()
    occurrence = EventOccurrence(start=start, end=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        occurrence.clean()
    assert error.value.message_dict["end"] == ["La fin doit être postérieure au début."]


def test_occurrence_ending_after_start_is_valid():
    start = timezone.now()
    EventOccurrence(start=start, end=start + timedelta(hours=2)).clean()


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


def test_event_at_a_venue_takes_the_venue_map_point():
    event = EventPage.objects.filter(venue__isnull=False).select_related("venue").first()
    assert (event.latitude, event.longitude) == (event.venue.latitude, event.venue.longitude)


def test_moving_a_venue_moves_its_events():
    event = EventPage.objects.filter(venue__isnull=False).first()
    venue = event.venue.specific
    venue.location = format_point(45.0, 5.0)
    venue.save()
    event.refresh_from_db()
    assert (event.latitude, event.longitude) == (45.0, 5.0)


def test_choosing_a_venue_sets_the_event_map_point():
    event = EventPage.objects.filter(venue__isnull=True).first()
    venue = PlacePage.objects.exclude(latitude=event.latitude).first()
    event.venue = venue
    event.save()
    event.refresh_from_db()
    assert (event.latitude, event.longitude) == (venue.latitude, venue.longitude)
