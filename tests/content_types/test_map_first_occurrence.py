"""The map's events on PostgreSQL: each event's first date in the window read by one LATERAL
join and its text completed by the database (content_types/api/features.py,
`texts_in_database`), against the same texts completed in Python from the event
queryset's rule (`texts_in_python`, the path of every other database). Same events, same
dates, same order, same bytes and counts, at the window's edges ([start, end), Europe/Paris)."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory

from content_types.api.features import (
    FeatureContext, matching_features, restricted_paths, texts_in_database, texts_in_python,
)
from content_types.api.params import MapQuery
from content_types.core import registry
from content_types.models import EventOccurrence

from .map_corner import TEST_BBOX_VALUES, make_event, site

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PARIS = ZoneInfo("Europe/Paris")
WINDOW_START = datetime(2027, 3, 10, tzinfo=PARIS)
WINDOW_END = datetime(2027, 3, 12, tzinfo=PARIS)
HOUR = timedelta(hours=1)


def dated_event(title, *dates):
    """An event in the test bbox whose only dates are `dates` ((start, end) pairs)."""
    event = make_event(title)
    EventOccurrence.objects.filter(event=event).delete()
    EventOccurrence.objects.bulk_create(
        EventOccurrence(event=event, start=start, end=end, sort_order=n) for n, (start, end) in enumerate(dates)
    )
    return event


@pytest.fixture
def window_events():
    return {
        "ends_as_window_opens": dated_event("Fin à l'ouverture", (WINDOW_START - 2 * HOUR, WINDOW_START)),
        "starts_as_window_closes": dated_event("Début à la fermeture", (WINDOW_END, WINDOW_END + HOUR)),
        # Its dates are not entered in order; the first one in the window is the 05:00 one.
        "several_dates": dated_event(
            "Plusieurs dates",
            (WINDOW_START - timedelta(days=10), WINDOW_START - timedelta(days=10) + HOUR),
            (WINDOW_START + timedelta(days=1), WINDOW_START + timedelta(days=1) + HOUR),
            (WINDOW_START + 5 * HOUR, WINDOW_START + 6 * HOUR),
        ),
        "same_start_1": dated_event("Même heure 1", (WINDOW_START + 3 * HOUR, WINDOW_START + 4 * HOUR)),
        "same_start_2": dated_event("Même heure 2", (WINDOW_START + 3 * HOUR, WINDOW_START + 5 * HOUR)),
        "outside": dated_event("Hors fenêtre", (WINDOW_END + timedelta(days=3), WINDOW_END + timedelta(days=3, hours=1))),
    }


def query(**overrides):
    params = dict(
        type="event", bbox=TEST_BBOX_VALUES, start=WINDOW_START, end=WINDOW_END, tags=(), site="",
        q="", limit=500, offset=0,
    )
    params.update(overrides)
    return MapQuery.of(**params)


def events_entry():
    return next(entry for entry in registry.map_types() if entry.key == "event")


def both_ways(map_query, offset=0, limit=500, features=None):
    """The texts and count completed by PostgreSQL, and those completed in Python."""
    entry = events_entry()
    if features is None:
        features = matching_features(entry, map_query, [site("localhost")], restricted_paths())
    context = FeatureContext(RequestFactory().get("/api/v3/map/features", HTTP_HOST="localhost"))
    return (
        texts_in_database(entry, features, map_query, context, offset, limit),
        texts_in_python(entry, features, map_query, context, offset, limit),
    )


def parsed(texts):
    return [json.loads(text) for text in texts]


def test_the_first_date_in_the_window_of_each_event_soonest_first(window_events):
    (in_database, total), in_python = both_ways(query())

    assert (in_database, total) == in_python, "the same bytes either way"
    features = parsed(in_database)
    expected = ["ends_as_window_opens", "same_start_1", "same_start_2", "several_dates"]
    assert [f["id"] for f in features] == [f"event-{window_events[name].pk}" for name in expected]
    starts = [datetime.fromisoformat(f["properties"]["start"]) for f in features]
    assert starts == [WINDOW_START - 2 * HOUR, WINDOW_START + 3 * HOUR, WINDOW_START + 3 * HOUR, WINDOW_START + 5 * HOUR]
    assert features[0]["properties"]["start"] == "2027-03-09T22:00:00+01:00", "in Paris time, with its offset"
    assert features[0]["properties"]["url"].startswith("http://localhost/")
    assert total == 4, "the number of events matched"


def test_pages_of_the_same_texts_and_the_count_beyond_them(window_events):
    (whole, _), _ = both_ways(query())
    for offset in range(5):
        in_database, in_python = both_ways(query(), offset=offset, limit=2)
        assert in_database == in_python
        assert in_database[0] == whole[offset:offset + 2]


def test_a_window_open_at_its_end_a_summer_date_and_a_narrowed_set_of_pages(window_events):
    summer = dated_event("En été", (datetime(2027, 7, 1, 20, tzinfo=PARIS), datetime(2027, 7, 1, 22, tzinfo=PARIS)))
    # Written by a script, not the admin: a fraction of a second, written alike both ways.
    fraction = dated_event("Fraction", (datetime(2027, 7, 2, 9, 0, 0, 500000, tzinfo=PARIS),
                                        datetime(2027, 7, 2, 10, 0, 0, 123450, tzinfo=PARIS)))
    in_database, in_python = both_ways(query(end=None))
    assert in_database == in_python
    ids = [f["id"] for f in parsed(in_database[0])]
    assert f"event-{window_events['starts_as_window_closes'].pk}" in ids
    assert f"event-{window_events['outside'].pk}" in ids
    shown = next(f for f in parsed(in_database[0]) if f["id"] == f"event-{summer.pk}")
    assert shown["properties"]["start"] == "2027-07-01T20:00:00+02:00"
    shown = next(f for f in parsed(in_database[0]) if f["id"] == f"event-{fraction.pk}")
    assert (shown["properties"]["start"], shown["properties"]["end"]) == (
        "2027-07-02T09:00:00.5+02:00", "2027-07-02T10:00:00.12345+02:00")

    # Features narrowed to none (as by a search matching nothing): no texts, no error.
    nothing = matching_features(events_entry(), query(), [site("localhost")], []).filter(page_id__in=[])
    assert both_ways(query(), features=nothing) == (([], 0), ([], 0))
