"""What the agenda lists once its query lets the dates index drive the order (issue 13): the
same events, each once, at its first date in the window, soonest first, and pages that add up
to the count the agenda announces — on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content_types.events.filters import window_for
from content_types.models import AgendaPage, EventPage

from .conftest import host_and_path

pytestmark = pytest.mark.django_db

TAG = "ordre-de-l-agenda"


def expected_order(agenda, start, end):
    """Each tagged event's first date overlapping [start, end), by start then event: in Python."""
    firsts = []
    for event in EventPage.objects.live().child_of(agenda).filter(tags__slug=TAG).prefetch_related("occurrences"):
        dates = sorted((o for o in event.occurrences.all()
                        if o.end >= start and (end is None or o.start < end)), key=lambda o: (o.start, o.pk))
        if dates:
            firsts.append((dates[0].start, event.pk))
    return [(pk, start) for start, pk in sorted(firsts)]


def listed_on_every_page(fetch, agenda, **params):
    listed, page, count = [], 1, None
    while True:
        events = fetch(agenda, thematique=TAG, page=page, **params).context["events"]
        count = events.paginator.count
        listed += [(event.pk, event.next_start) for event in events]
        if not events.has_next():
            return listed, count
        page += 1


@pytest.fixture
def tricky_events(make_event):
    now = timezone.now()
    make_event(title="Plusieurs dates", days=(5, -2, 1, 1.5), tags=(TAG,))
    make_event(title="Commencé avant-hier", days=(-2,), hours=24 * 5, tags=(TAG,))  # still running
    same = [make_event(title=f"Même heure {n}", days=(3,), tags=(TAG,)) for n in range(3)]
    make_event(title="Déjà fini", days=(-4, -3), tags=(TAG,))
    make_event(title="Dans deux mois", days=(60, 61), tags=(TAG,))
    return now, same


def test_each_event_is_listed_once_at_its_first_date_still_to_come(fetch, agenda, tricky_events, monkeypatch):
    now, same = tricky_events
    monkeypatch.setattr(AgendaPage, "per_page", 2)
    listed, count = listed_on_every_page(fetch, agenda)
    expected = expected_order(agenda, now, None)
    assert [pk for pk, _ in listed] == [pk for pk, _ in expected]
    assert [start for _, start in listed] == [start for _, start in expected]
    assert count == len(listed) == 6  # « Déjà fini » is not there, the others once each
    same_start = [pk for pk, _ in listed if pk in {event.pk for event in same}]
    assert same_start == sorted(same_start)  # events at the same time keep a stable order


def test_a_date_range_shows_each_event_at_its_first_date_inside_the_range(fetch, agenda, tricky_events, monkeypatch):
    monkeypatch.setattr(AgendaPage, "per_page", 2)
    first_day = timezone.localdate() + timedelta(days=2)
    last_day = first_day + timedelta(days=60)
    listed, count = listed_on_every_page(fetch, agenda, quand="dates", du=first_day.isoformat(), au=last_day.isoformat())
    start, end = window_for("dates", start_date=first_day, end_date=last_day)
    assert listed == expected_order(agenda, start, end)
    assert count == len(listed)
    titles = {event.pk: event.title for event in EventPage.objects.filter(pk__in=[pk for pk, _ in listed])}
    assert "Plusieurs dates" in titles.values()  # at its 5th day, not its next date (tomorrow)


def test_an_event_page_reads_its_dates_once(client, make_event):
    event = make_event(title="Trois soirées", days=(1, 2, 3))
    host, path = host_and_path(event)
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert sum('FROM "content_types_eventoccurrence"' in query["sql"] for query in queries) == 1
