"""A territory's agenda and places as open data files: CSV, GeoJSON, iCalendar.

The CSV and GeoJSON files stream: rows are read from the database in chunks (with their
tags, dates, venue and organiser fetched per chunk) and written as they come, so a file
of a hundred thousand events costs the memory of one chunk and a fixed number of queries
per chunk. Every file states its licence, the Licence Ouverte / Open Licence 2.0.
"""

import csv
from collections import defaultdict

import orjson
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content_types.events import ics
from content_types.events.models import EventOccurrence, EventPage, EventPageTag
from content_types.places.models import PlacePage, PlacePageTag

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_SPDX = "etalab-2.0"
CHUNK = 1000

# (name, what it holds): the documented columns, in the files' order.
COLUMNS = [
    ("id", _("Identifiant stable : event-<numéro> ou place-<numéro>.")),
    ("title", _("Titre.")),
    ("url", _("Adresse de la page sur le site.")),
    ("dates", _("Événements : dates à venir non annulées, intervalles ISO 8601 début/fin avec fuseau, séparés par « ; ». Lieux : vide.")),
    ("address", _("Adresse (rue).")),
    ("town", _("Commune.")),
    ("postcode", _("Code postal.")),
    ("latitude", _("Latitude WGS 84, en degrés décimaux ; vide si le point n'est pas connu.")),
    ("longitude", _("Longitude WGS 84, en degrés décimaux ; vide si le point n'est pas connu.")),
    ("tags", _("Thématiques, séparées par « ; ».")),
    ("organiser", _("Événements : organisateur. Lieux : structure gestionnaire.")),
    ("price", _("Événements : tarif plein en euros (point décimal), 0 si gratuit, vide si non indiqué. Lieux : vide.")),
    ("audience", _("Événements : public visé (tout-public, familles, jeune-public, scolaires, etudiants, professionnels). Lieux : vide.")),
    ("accessibility", _("Informations d'accessibilité.")),
]
COLUMN_NAMES = [name for name, _description in COLUMNS]


class PageLinks:
    """Absolute page URLs from the territory's root URL, without a query per row."""

    def __init__(self, home, root_url):
        self.prefix = root_url.rstrip("/")
        self.home_path = home.url_path

    def __call__(self, page):
        return self.prefix + "/" + page.url_path[len(self.home_path):]


def upcoming_events(home, now=None):
    """Upcoming events with their dates and tags prefetched (the iCalendar file's needs)."""
    now = now or timezone.now()
    occurrences = EventOccurrence.objects.filter(end__gte=now).order_by("start", "pk")
    return (
        EventPage.objects.live().public().descendant_of(home).upcoming(now)
        .select_related("venue", "organiser")
        .prefetch_related("tags", Prefetch("occurrences", queryset=occurrences, to_attr="upcoming_dates"))
    )


def event_rows(home, link, now=None):
    """CSV/GeoJSON rows of the upcoming events; dates and tags read once per chunk."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live().public().descendant_of(home).upcoming(now)
        .select_related("venue", "organiser").defer("body", "venue__body")
    )
    for batch in chunks(events):
        ids = [event.pk for event in batch]
        tags = tag_names(EventPageTag, ids)
        dates = defaultdict(list)
        upcoming = (
            EventOccurrence.objects.filter(event_id__in=ids, end__gte=now)
            .exclude(status=EventOccurrence.Status.CANCELLED)
            .order_by("start", "pk").values_list("event_id", "start", "end")
        )
        for event_id, start, end in upcoming:
            dates[event_id].append((start, end))
        for event in batch:
            yield event_row(event, link, tags[event.pk], dates[event.pk])


def place_rows(home, link):
    places = (
        PlacePage.objects.live().public().descendant_of(home)
        .select_related("organisation").defer("body").order_by("title", "pk")
    )
    for batch in chunks(places):
        tags = tag_names(PlacePageTag, [place.pk for place in batch])
        for place in batch:
            yield place_row(place, link, tags[place.pk])


def chunks(queryset):
    """Lists of at most CHUNK pages, read through one server-side cursor."""
    batch = []
    for page in queryset.iterator(chunk_size=CHUNK):
        batch.append(page)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def tag_names(through, ids):
    """{page id: sorted tag names} in one query (taggit's prefetch builds a queryset per page)."""
    names = defaultdict(list)
    for page_id, name in through.objects.filter(content_object_id__in=ids).values_list("content_object_id", "tag__name"):
        names[page_id].append(name)
    for values in names.values():
        values.sort()
    return names


def local_iso(moment):
    return timezone.localtime(moment).isoformat()


def number(value):
    return "" if value is None else repr(float(value))


def event_price(event):
    if event.is_free:
        return "0"
    return "" if event.price is None else f"{event.price:.2f}"


def event_row(event, link, tags, dates):
    where = event.venue if event.venue_id else event
    return {
        "id": f"event-{event.pk}",
        "title": event.title,
        "url": link(event),
        "dates": " ; ".join(f"{local_iso(start)}/{local_iso(end)}" for start, end in dates),
        "address": where.address,
        "town": where.city,
        "postcode": where.postcode,
        "latitude": number(event.latitude),
        "longitude": number(event.longitude),
        "tags": " ; ".join(tags),
        "organiser": event.organiser.name if event.organiser_id else "",
        "price": event_price(event),
        "audience": event.audience,
        "accessibility": event.accessibility,
    }


def place_row(place, link, tags):
    return {
        "id": f"place-{place.pk}",
        "title": place.title,
        "url": link(place),
        "dates": "",
        "address": place.address,
        "town": place.city,
        "postcode": place.postcode,
        "latitude": number(place.latitude),
        "longitude": number(place.longitude),
        "tags": " ; ".join(tags),
        "organiser": place.organisation.name if place.organisation_id else "",
        "price": "",
        "audience": "",
        "accessibility": place.accessibility,
    }


class Line:
    """csv.writer's file: hand back each line instead of keeping it."""

    def write(self, value):
        return value


def csv_lines(row_iter):
    writer = csv.DictWriter(Line(), fieldnames=COLUMN_NAMES, lineterminator="\r\n")
    # A BOM so spreadsheet software reads the file as UTF-8.
    yield "\ufeff" + writer.writeheader()
    for row in row_iter:
        yield writer.writerow(row)


def geojson_chunks(row_iter, name, event_dates=None):
    """An RFC 7946 FeatureCollection, licence and source as foreign members, written as it goes."""
    head = {
        "type": "FeatureCollection",
        "name": name,
        "license": {"name": LICENCE_NAME, "url": LICENCE_URL, "spdx": LICENCE_SPDX},
        "generated": timezone.localtime().isoformat(),
    }
    yield orjson.dumps(head)[:-1] + b', "features": ['
    first = True
    for row in row_iter:
        if row["latitude"] == "" or row["longitude"] == "":
            continue  # GeoJSON is for the map: a feature needs a point.
        properties = {key: value for key, value in row.items() if key not in ("latitude", "longitude")}
        properties["dates"] = [d for d in row["dates"].split(" ; ") if d]
        properties["tags"] = [t for t in row["tags"].split(" ; ") if t]
        feature = {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": properties,
        }
        yield (b"" if first else b",") + orjson.dumps(feature)
        first = False
    yield b"]}"


def events_calendar(home, request, site_name, now=None):
    host = request.get_host().split(":")[0]
    calendar = ics.new_calendar(f"{_('Agenda')} — {site_name}", host)
    statement = f"{LICENCE_NAME} — {LICENCE_URL}"
    calendar.add("description", statement)
    calendar.add("x-wr-caldesc", statement)
    calendar.add("x-license", LICENCE_URL)
    for event in upcoming_events(home, now).iterator(chunk_size=CHUNK):
        for occurrence in event.upcoming_dates:
            calendar.add_component(ics.occurrence_vevent(event, occurrence, request, host))
    return calendar


def csvw_metadata(csv_url, title):
    """W3C CSV on the Web metadata: the licence and the documented columns of a CSV file."""
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_url,
        "dc:title": str(title),
        "dc:license": {"@id": LICENCE_URL},
        "dc:rights": LICENCE_NAME,
        "dialect": {"encoding": "utf-8", "header": True},
        "tableSchema": {
            "columns": [{"name": name, "titles": name, "dc:description": str(text)} for name, text in COLUMNS],
            "primaryKey": "id",
        },
    }
