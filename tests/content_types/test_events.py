"""An event, wherever its code lives: the agenda's filters (each narrows the list, they
combine, keep their state in the URL, and bad input gives a form error rather than a 500),
its .ics download and the agenda's iCalendar and RSS feeds (parsed by real parsers), its
JSON-LD, its page, its cards, the agenda's query counts, and the rules an editor meets
(dates that end after they start, the venue's map point). The map API's tests are beside
it in test_map_*.py."""

import html as html_lib
import re
from datetime import datetime, time, timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from content_types.core.geo import format_point
from content_types.models import EventOccurrence, EventPage, PlacePage
from home.templatetags.site_tags import typo

from .conftest import NBSP, assert_page_shell, count_queries, host_and_path, main_entity, visible_text

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


def test_event_page_shows_dates_place_and_practical_information(fetch, make_event):
    from content_types.models import EventOccurrence, Organisation

    organiser = Organisation.objects.first()
    event = make_event(title="Conférence sur les comètes", days=(2, 9), is_free=False, price="7.50",
                       booking_url="https://example.org/reserver", organiser=organiser,
                       accessibility="Salle accessible en fauteuil.", audience="familles")
    second = event.occurrences.order_by("start").last()
    EventOccurrence.objects.filter(pk=second.pk).update(status="complet")
    html = fetch(event).content.decode()
    assert_page_shell(html)
    first = event.occurrences.order_by("start").first()
    from django.utils import formats, timezone
    local = timezone.localtime(first.start)
    assert formats.date_format(local, "l j F Y") in html  # e.g. « mardi 1 décembre 2026 »
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+ \d{4}", html)
    assert "Complet" in html
    assert "7,50 €" in html and "https://example.org/reserver" in html
    assert organiser.name in html and "Familles" in html and "Salle accessible en fauteuil." in html
    assert "Ajouter à mon agenda" in html and "ical/" in html
    assert "data-point-map" in html and 'data-lat="47.902900"' in html



def test_event_page_lists_related_upcoming_events_with_a_shared_tag(fetch, make_event):
    first = make_event(title="Atelier fusées", tags=("physique-des-fusees",))
    related = make_event(title="Lancement de fusées à eau", tags=("physique-des-fusees",), days=(5,))
    past = make_event(title="Ancien atelier fusées", tags=("physique-des-fusees",), days=(-10,))
    html = fetch(first).content.decode()
    section = html.split("Sur le même thème", 1)[1]
    assert escape(typo(related.title)) in section
    assert past.title not in section


def cards(page_html):
    return re.findall(r'<article class="card card--event.*?</article>', page_html, re.S)



def card_of(page_html, title):
    matching = [card for card in cards(page_html) if title in card]
    assert matching, f"pas de carte « {title} »"
    return matching[0]



def make_days(make_event, title, first_day, count, all_day=True, **fields):
    """An event on `count` consecutive days (whole days), like a two-day festival."""
    event = make_event(title=title, days=tuple(first_day + n for n in range(count)), **fields)
    event.occurrences.all().delete()
    day = timezone.localdate() + timedelta(days=first_day)
    for n in range(count):
        start = timezone.make_aware(datetime.combine(day + timedelta(days=n), time(0, 0)))
        EventOccurrence.objects.create(event=event, start=start, end=start + timedelta(hours=23, minutes=59),
                                       all_day=all_day, sort_order=n)
    return event



def test_a_two_day_festival_shows_its_range_on_agenda_cards(fetch, agenda, make_event):
    festival = make_days(make_event, "Festival sur deux jours", 10, 2)
    first = timezone.localdate() + timedelta(days=10)
    last = first + timedelta(days=1)
    card = card_of(fetch(agenda).content.decode(), "Festival sur deux jours")
    text = " ".join(visible_text("<body>" + card).split())
    assert f"{last.day}" in text and "Du " in text, text
    assert re.search(rf"Du \w+ {first.day}\b.* au \w+ {last.day}\b", text), text
    # The badge on the picture says so too.
    assert f"{first.day}–{last.day}" in card
    assert f'href="{host_and_path(festival)[1]}"' in card



def test_an_event_on_separate_dates_says_how_many_follow(fetch, agenda, make_event):
    make_event(title="Atelier hebdomadaire", days=(3, 10, 17))
    card = card_of(fetch(agenda).content.decode(), "Atelier hebdomadaire")
    text = " ".join(visible_text("<body>" + card).split())
    assert "et 2 autres dates" in text and "Du " not in text



def test_event_times_read_19_h_00_on_cards_and_event_pages(fetch, agenda, make_event):
    event = make_event(title="Conférence du soir", days=(5,))
    occurrence = event.occurrences.first()
    occurrence.start = occurrence.start.replace(hour=18, minute=0)  # 19 h 00 or 20 h 00 in Paris
    occurrence.end = occurrence.start + timedelta(hours=2)
    occurrence.save()
    local = timezone.localtime(occurrence.start)
    expected = f"{local.hour}{NBSP}h{NBSP}00"
    assert expected in visible_text(fetch(agenda).content.decode())
    page_text = visible_text(fetch(event).content.decode())
    assert expected in page_text
    assert not re.search(r"\d{1,2}h\d{2}", page_text)



def test_an_event_without_an_image_has_no_empty_picture(fetch, agenda, make_event):
    make_event(title="Sans image", days=(4,))
    page_html = fetch(agenda).content.decode()
    card = card_of(page_html, "Sans image")
    assert "card__media" not in card and "placeholder" not in card
    assert "card--no-image" in card and "card__date" in card  # the date badge moves into the text



def test_agenda_offers_a_webcal_subscription_and_a_copyable_address(fetch, agenda):
    page_html = fetch(agenda, thematique="astronomie").content.decode()
    host, path = host_and_path(agenda)
    webcal = re.search(r'href="(webcal://[^"]+)"', page_html)
    assert webcal, "pas de lien webcal://"
    assert html_lib.unescape(webcal.group(1)).startswith(f"webcal://{host}{path}ical/?")
    assert "thematique=astronomie" in webcal.group(1)
    field = re.search(r'<input id="adresse-abonnement" type="text" readonly value="([^"]+)"', page_html)
    assert field and html_lib.unescape(field.group(1)).startswith(f"http://{host}{path}ical/?")
    assert re.search(r'href="[^"]*ical/\?[^"]*" download', page_html)  # the download stays beside them
    assert 'data-copy="adresse-abonnement"' in page_html



def test_rss_feed_lists_upcoming_events_soonest_first_with_the_agenda_filters(fetch, agenda, make_event):
    later = make_event(title="Chimie plus tard", tags=("chimie",), days=(9,))
    sooner = make_event(title="Chimie bientôt", tags=("chimie",), days=(2,))
    make_event(title="Chimie passée", tags=("chimie",), days=(-2,))
    make_event(title="Astronomie à venir", tags=("astronomie",), days=(3,))
    response = fetch(agenda, "rss/", thematique="chimie")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles.index("Chimie bientôt") < titles.index("Chimie plus tard")
    assert "Chimie passée" not in titles and "Astronomie à venir" not in titles
    entry = feed.entries[titles.index("Chimie bientôt")]
    host, path = host_and_path(sooner)
    assert entry.link == f"http://{host}{path}"
    assert "Orléans" in entry.summary  # when and where, before the summary
    assert feed.entries[titles.index("Chimie plus tard")].link == f"http://{host}{host_and_path(later)[1]}"
    # The agenda announces it.
    assert 'type="application/rss+xml"' in fetch(agenda).content.decode()


def test_agenda_query_count_does_not_grow_with_events(client, agenda, make_event):
    small = count_queries(client, agenda)
    for number in range(8):
        make_event(title=f"En plus {number}", days=(1 + number,), tags=("chimie", f"extra-{number}"))
    assert count_queries(client, agenda) == small
    assert count_queries(client, agenda, gratuit="on", quand="ce-mois") <= small + 1



def test_archive_and_feed_query_counts_do_not_grow(client, agenda, make_event):
    archive = count_queries(client, agenda, "archives/")
    feed = count_queries(client, agenda, "ical/")
    for number in range(6):
        make_event(title=f"Passé {number}", days=(-2 - number,))
        make_event(title=f"À venir {number}", days=(2 + number, 9 + number))
    assert count_queries(client, agenda, "archives/") == archive
    assert count_queries(client, agenda, "ical/") == feed


def test_occurrence_must_end_after_it_starts():
    start = timezone.now()
    occurrence = EventOccurrence(start=start, end=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        occurrence.clean()
    assert error.value.message_dict["end"] == ["La fin doit être postérieure au début."]



def test_occurrence_ending_after_start_is_valid():
    start = timezone.now()
    EventOccurrence(start=start, end=start + timedelta(hours=2)).clean()



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

