"""iCalendar (RFC 5545) for the agenda: one event's dates, or a filtered agenda to subscribe to.

One VEVENT per occurrence, with a UID built from the page and occurrence ids so a
calendar application updates an event rather than duplicating it when the feed is
fetched again; times carry TZID=Europe/Paris, described by a VTIMEZONE.
"""

from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event, Timezone, vGeo

PARIS = "Europe/Paris"


@lru_cache(maxsize=1)
def paris_vtimezone():
    """Europe/Paris transitions over the years an agenda can reach (building it is slow)."""
    return Timezone.from_tzid(PARIS, first_date=date(2015, 1, 1), last_date=date(2045, 1, 1))


def new_calendar(name, host):
    calendar = Calendar()
    calendar.add("prodid", f"-//Echosciences//{host}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", PARIS)
    calendar.add_component(paris_vtimezone())
    return calendar


def event_location(event):
    if event.venue_id:
        venue = event.venue
        parts = [venue.title, venue.address, f"{venue.postcode} {venue.city}".strip()]
    else:
        parts = [event.address, f"{event.postcode} {event.city}".strip()]
    return ", ".join(part for part in parts if part)


def occurrence_vevent(event, occurrence, request, host):
    paris = ZoneInfo(PARIS)
    vevent = Event()
    vevent.add("uid", f"event-{event.pk}-{occurrence.pk}@{host}")
    stamp = event.last_published_at or timezone.now()
    vevent.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    vevent.add("last-modified", stamp.astimezone(ZoneInfo("UTC")))
    vevent.add("summary", event.title)
    if occurrence.all_day:
        first_day = timezone.localtime(occurrence.start, paris).date()
        last_day = timezone.localtime(occurrence.end, paris).date()
        vevent.add("dtstart", first_day)
        vevent.add("dtend", max(last_day, first_day) + timedelta(days=1))
    else:
        vevent.add("dtstart", timezone.localtime(occurrence.start, paris))
        vevent.add("dtend", timezone.localtime(occurrence.end, paris))
    description = event.summary or strip_tags(str(event.body))[:500]
    url = event.get_full_url(request)
    vevent.add("description", f"{description}\n\n{url}".strip())
    vevent.add("url", url)
    location = event_location(event)
    if location:
        vevent.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", vGeo((event.latitude, event.longitude)))
    if occurrence.is_cancelled:
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    tags = [tag.name for tag in event.tags.all()]
    if tags:
        vevent.add("categories", tags)
    return vevent


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_calendar(event, request):
    host = request.get_host().split(":")[0]
    calendar = new_calendar(event.title, host)
    for occurrence in event.occurrences.all():
        calendar.add_component(occurrence_vevent(event, occurrence, request, host))
    return calendar


def agenda_calendar(agenda, events, window, request):
    """`events` is prefetched; only the occurrences inside the window become VEVENTs."""
    start, end = window
    host = request.get_host().split(":")[0]
    site_name = getattr(agenda.get_site(), "site_name", "") or "Echosciences"
    calendar = new_calendar(f"{agenda.title} — {site_name}", host)
    for event in events:
        for occurrence in event.occurrences.all():
            if start is not None and occurrence.end < start:
                continue
            if end is not None and occurrence.start >= end:
                continue
            calendar.add_component(occurrence_vevent(event, occurrence, request, host))
    return calendar
