"""An event, wherever its code lives: the agenda's filters (each narrows the list, they
combine, keep their state in the URL, and bad input gives a form error rather than a 500),
its .ics download and the agenda's feed (parsed as RFC 5545 by a real parser), its JSON-LD,
its page and its cards."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from content_types.models import EventPage

from .conftest import host_and_path, main_entity

pytestmark = pytest.mark.django_db


def listed(response):
    return {event.pk for event in response.context["events"].paginator.object_list}


def test_default_lists_upcoming_events_soonest_first_and_hides_past_ones(fetch, agenda, make_event):
    soon = make_event(title="Bientôt", days=(1,))
    later = make_event(title="Plus tard", days=(20,))
    past = make_event(title="Déjà passé", days=(-5,))
    response = fetch(agenda)
    ids = [event.pk for event in response.context["events"].paginator.object_list]
    assert soon.pk in ids and later.pk in ids and past.pk not in ids
    assert ids.index(soon.pk) < ids.index(later.pk)
    assert "Bientôt" in response.content.decode()


def test_when_filters(fetch, agenda, make_event):
    today = timezone.localdate()
    in_an_hour = make_event(title="Tout à l'heure", days=(0,), hours=30)  # starts now, runs into tomorrow
    next_month = make_event(title="Le mois prochain", days=(40,))
    days_to_saturday = (5 - today.weekday()) % 7
    weekend = make_event(title="Samedi", days=(days_to_saturday + (7 if today.weekday() == 6 else 0),))

    today_ids = listed(fetch(agenda, quand="aujourdhui"))
    assert in_an_hour.pk in today_ids and next_month.pk not in today_ids

    month_ids = listed(fetch(agenda, quand="ce-mois"))
    assert in_an_hour.pk in month_ids and next_month.pk not in month_ids

    weekend_response = fetch(agenda, quand="ce-week-end")
    start, end = weekend_response.context["filter_form"].window()
    assert timezone.localtime(end).weekday() == 0  # the window closes on Monday at midnight
    occurrence = weekend.occurrences.first()
    assert (weekend.pk in listed(weekend_response)) == (occurrence.end >= start and occurrence.start < end)
    assert next_month.pk not in listed(weekend_response)


def test_custom_date_range(fetch, agenda, make_event):
    inside = make_event(title="Dans la période", days=(10,))
    outside = make_event(title="Hors période", days=(30,))
    start = (timezone.localdate() + timedelta(days=8)).isoformat()
    end = (timezone.localdate() + timedelta(days=12)).isoformat()
    ids = listed(fetch(agenda, quand="dates", du=start, au=end))
    assert inside.pk in ids and outside.pk not in ids


def test_reversed_date_range_is_a_form_error_naming_the_field(fetch, agenda):
    response = fetch(agenda, du="2030-05-10", au="2030-05-01")
    assert response.status_code == 200
    assert "au" in response.context["filter_form"].errors
    assert "La date de fin doit être postérieure" in response.content.decode()
    assert fetch(agenda, du="pas-une-date").status_code == 200
    assert fetch(agenda, page="9999").status_code == 200


def test_theme_town_audience_and_free_filters_and_their_combination(fetch, agenda, make_event):
    target = make_event(title="Cible", tags=("chimie",), city="Blois", audience="familles", is_free=True)
    wrong_tag = make_event(title="Mauvais thème", tags=("climat",), city="Blois", audience="familles", is_free=True)
    wrong_town = make_event(title="Mauvaise ville", tags=("chimie",), city="Vierzon", audience="familles", is_free=True)
    wrong_audience = make_event(title="Mauvais public", tags=("chimie",), city="Blois", audience="scolaires", is_free=True)
    paying = make_event(title="Payant", tags=("chimie",), city="Blois", audience="familles", is_free=False, price="5")

    assert wrong_tag.pk not in listed(fetch(agenda, thematique="chimie"))
    assert target.pk in listed(fetch(agenda, thematique="chimie"))
    assert wrong_town.pk not in listed(fetch(agenda, ville="Blois"))
    assert wrong_audience.pk not in listed(fetch(agenda, public="familles"))
    assert paying.pk not in listed(fetch(agenda, gratuit="on"))

    start = timezone.localdate().isoformat()
    end = (timezone.localdate() + timedelta(days=7)).isoformat()
    combined = fetch(agenda, thematique="chimie", ville="Blois", public="familles", gratuit="on",
                     quand="dates", du=start, au=end)
    assert listed(combined) & {target.pk, wrong_tag.pk, wrong_town.pk, wrong_audience.pk, paying.pk} == {target.pk}
    html = combined.content.decode()
    # The filter state survives in the form and in the pagination/feed/archive links.
    assert 'value="chimie" selected' in html and 'value="Blois" selected' in html
    assert re.search(r'ical/\?[^"]*quand=dates', html) and re.search(r'ical/\?[^"]*thematique=chimie', html)


def test_town_filter_uses_the_venues_town(fetch, agenda):
    event = EventPage.objects.live().child_of(agenda).filter(venue__isnull=False).first()
    ids = listed(fetch(agenda, ville=event.venue.city, quand="dates", du="2000-01-01"))
    assert event.pk in ids


def test_archive_lists_past_events_most_recent_first_and_honours_filters(fetch, agenda, make_event):
    old = make_event(title="Il y a longtemps", days=(-30,), tags=("chimie",))
    recent = make_event(title="La semaine dernière", days=(-7,), tags=("chimie",))
    other = make_event(title="Passé, autre thème", days=(-8,), tags=("climat",))
    upcoming = make_event(title="À venir", days=(3,), tags=("chimie",))
    response = fetch(agenda, "archives/", thematique="chimie")
    ids = [event.pk for event in response.context["events"].paginator.object_list]
    assert ids.index(recent.pk) < ids.index(old.pk)
    assert other.pk not in ids and upcoming.pk not in ids
    assert "événements passés" in response.content.decode()


def test_listing_is_paginated(fetch, agenda, make_event):
    for number in range(agenda.per_page + 1):
        make_event(title=f"Série {number}", days=(1,))
    first = fetch(agenda)
    assert len(first.context["events"].object_list) == agenda.per_page
    assert 'rel="next"' in first.content.decode()
    second = fetch(agenda, page=2)
    assert second.context["events"].number == 2


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

