"""The .ics downloads and the agenda feed parse as RFC 5545 with real parsers; so do the
RSS and Atom feeds of the articles."""

import feedparser
import pytest
from icalendar import Calendar

from content_types.models import ArticleIndexPage, ArticlePage

from .conftest import host_and_path

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_single_event_ics_has_one_vevent_per_occurrence(fetch, make_event):
    event = make_event(title="Nuit des étoiles", days=(2, 4, 6))
    response = fetch(event, "ical/")
    assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
    calendar = parse(response)
    timezones = [tz for tz in calendar.walk("VTIMEZONE")]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Paris"]
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 3
    host, path = host_and_path(event)
    uids = {str(vevent["UID"]) for vevent in vevents}
    assert uids == {f"event-{event.pk}-{o.pk}@{host}" for o in event.occurrences.all()}
    for vevent, occurrence in zip(sorted(vevents, key=lambda v: v.decoded("DTSTART")), event.occurrences.order_by("start")):
        assert vevent.decoded("DTSTART") == occurrence.start
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
        assert vevent.decoded("DTEND") == occurrence.end
        assert "DTSTAMP" in vevent
        assert str(vevent["SUMMARY"]) == "Nuit des étoiles"
        assert "Orléans" in str(vevent["LOCATION"])
        assert vevent["GEO"].latitude == pytest.approx(47.9029) and vevent["GEO"].longitude == pytest.approx(1.9093)
        assert str(vevent["URL"]) == f"http://{host}{path}"
    # Fetching again gives the same UIDs: calendar apps update rather than duplicate.
    again = {str(v["UID"]) for v in parse(fetch(event, "ical/")).walk("VEVENT")}
    assert again == uids


def test_cancelled_occurrence_is_cancelled_in_the_calendar(fetch, make_event):
    event = make_event(days=(2, 3))
    first = event.occurrences.order_by("start").first()
    first.status = "annule"
    first.save()
    statuses = {str(v["UID"]).split("@")[0]: str(v["STATUS"]) for v in parse(fetch(event, "ical/")).walk("VEVENT")}
    assert statuses[f"event-{event.pk}-{first.pk}"] == "CANCELLED"
    assert sorted(statuses.values()) == ["CANCELLED", "CONFIRMED"]


def test_agenda_feed_honours_the_agenda_filters(fetch, agenda, make_event):
    kept = make_event(title="Chimie gratuite", tags=("chimie",), is_free=True, days=(3, 5))
    dropped = make_event(title="Chimie payante", tags=("chimie",), is_free=False, price="4")
    past = make_event(title="Chimie passée", tags=("chimie",), is_free=True, days=(-3,))
    calendar = parse(fetch(agenda, "ical/", thematique="chimie", gratuit="on"))
    summaries = [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")]
    assert summaries.count("Chimie gratuite") == 2
    assert "Chimie payante" not in summaries and "Chimie passée" not in summaries
    assert calendar.walk("VTIMEZONE")
    # And the page lists the same events.
    page_ids = {e.pk for e in fetch(agenda, thematique="chimie", gratuit="on").context["events"].paginator.object_list}
    assert kept.pk in page_ids and dropped.pk not in page_ids and past.pk not in page_ids


@pytest.mark.parametrize("suffix", ["rss/", "atom/"])
def test_article_feeds_parse_and_carry_the_latest_articles(fetch, suffix):
    index = ArticleIndexPage.objects.get(url_path__startswith="/grenoble/")
    response = fetch(index, suffix)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if suffix == "rss/" else "atom10")
    latest = index.get_articles().first()
    entry = feed.entries[0]
    assert entry.title == latest.title
    host, path = host_and_path(latest)
    assert entry.link == f"http://{host}{path}"
    assert entry.published_parsed[:3] == latest.date.timetuple()[:3]
    assert {tag.term for tag in entry.tags} == {tag.name for tag in latest.tags.all()}
    if latest.author:
        assert latest.author.get_full_name() in entry.author
    assert len(feed.entries) == index.get_articles().count()
    assert not any(e.title == a.title for e in feed.entries
                   for a in ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/"))
