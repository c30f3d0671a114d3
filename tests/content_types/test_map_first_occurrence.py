"""The map's events on PostgreSQL: each event's first date in the window read by one LATERAL
join (content_types/events/map_features.py, FirstOccurrenceRows) rather than the event
queryset's subqueries. Same events, same dates, same order and counts as the queryset
every listing uses, at the window's edges ([start, end), Europe/Paris)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from content_types.api.features import matching_pages, rows_with_total
from content_types.api.params import MapQuery
from content_types.events import map_features
from content_types.models import EventOccurrence, EventPage

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


def both_ways(map_query, offset=0, limit=500):
    """The rows read on PostgreSQL by the LATERAL join, and by the event queryset."""
    pages = matching_pages(EventPage, map_query, [site("localhost")])
    lateral = map_features.select(pages, map_query)
    assert isinstance(lateral, map_features.FirstOccurrenceRows), "PostgreSQL reads the map's events by the join"
    return (
        rows_with_total(lateral, map_features.COLUMNS, offset, limit),
        rows_with_total(lateral.events, map_features.COLUMNS, offset, limit),
    )


def test_the_first_date_in_the_window_of_each_event_soonest_first(window_events):
    lateral, queryset = both_ways(query())

    assert lateral == queryset
    expected = ["ends_as_window_opens", "same_start_1", "same_start_2", "several_dates"]
    assert [row[0] for row in lateral] == [window_events[name].pk for name in expected]
    starts = [datetime.fromtimestamp(row[-3] / 1_000_000, tz=PARIS) for row in lateral]
    assert starts == [WINDOW_START - 2 * HOUR, WINDOW_START + 3 * HOUR, WINDOW_START + 3 * HOUR, WINDOW_START + 5 * HOUR]
    assert {row[-1] for row in lateral} == {4}, "each row carries the number of events matched"


def test_pages_of_the_same_rows_and_the_count_beyond_them(window_events):
    whole, _ = both_ways(query())
    for offset in range(5):
        lateral, queryset = both_ways(query(), offset=offset, limit=2)
        assert lateral == queryset == whole[offset:offset + 2]
    pages = matching_pages(EventPage, query(), [site("localhost")])
    assert map_features.select(pages, query()).count() == 4


def test_a_window_open_at_its_end_and_a_narrowed_set_of_pages(window_events):
    lateral, queryset = both_ways(query(end=None))
    assert lateral == queryset
    assert window_events["starts_as_window_closes"].pk in [row[0] for row in lateral]
    assert window_events["outside"].pk in [row[0] for row in lateral]

    # Pages narrowed to none (as by a search matching nothing): no rows, no error.
    nothing = matching_pages(EventPage, query(), [site("localhost")]).filter(pk__in=[])
    assert map_features.select(nothing, query()).rows_with_total(map_features.COLUMNS, 0, 500) == []
