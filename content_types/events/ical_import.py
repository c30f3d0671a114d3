"""Fill an agenda from an actor's iCalendar feed, as many times as needed.

Feeds in the wild are messy, so every step reports instead of raising: a feed that cannot
be fetched or read ends the run with a reason, an event that cannot be read is skipped
with a reason and the others are imported. Pages are written through Wagtail revisions
(published, or submitted to the agenda's moderation workflow) so the page history shows
each import like an editor's change.

One page per feed `UID`; its dates are the feed's occurrences over the next twelve
months, each known by its `RECURRENCE-ID`, so running the import twice changes nothing,
a changed event gets a new revision and an event gone from the feed is marked cancelled.
"""

import hashlib
import html
import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import nh3
import recurring_ical_events
import x_wr_timezone
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from content_types.core.geo import format_point
from content_types.places.models import PlacePage
from cms.ids import parse_id

from .models import EventOccurrence, EventPage
from .subscriptions import ICalSubscription, ImportedEvent

PARIS = ZoneInfo("Europe/Paris")
ALLOWED_SCHEMES = ("http", "https")
SANITISED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h3"}
LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^>]*>")
BLOCK_END = re.compile(r"<(?:br|/p|/li|/h3|/ul|/ol)\b[^>]*>", re.IGNORECASE)
POSTCODE_AND_TOWN = re.compile(r"\b(\d{5})\s+([^,\d][^,]*)")


def setting(name, default):
    return getattr(settings, name, default)


class FeedError(Exception):
    """The whole feed is unusable; its message is shown to editors."""


class SkipEvent(Exception):
    """One event is unusable; its message says why."""


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    skipped: list = field(default_factory=list)  # [{"uid": ..., "reason": ...}]
    error: str = ""

    @property
    def outcome(self):
        if self.error:
            return ICalSubscription.Outcome.FAILED
        return ICalSubscription.Outcome.PARTIAL if self.skipped else ICalSubscription.Outcome.SUCCESS

    def summary(self):
        if self.error:
            return _("Échec de l'import de %(source)s : %(error)s") % {"source": self.source, "error": self.error}
        return _(
            "%(source)s : %(created)d créé(s), %(updated)d mis à jour, %(unchanged)d inchangé(s), "
            "%(cancelled)d annulé(s), %(skipped)d ignoré(s)."
        ) % {
            "source": self.source, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "cancelled": self.cancelled, "skipped": len(self.skipped),
        }

    def as_dict(self):
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "cancelled": self.cancelled, "skipped": self.skipped, "error": self.error,
        }


# Reading the feed ----------------------------------------------------------------------


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s), never to ftp:// or a local file."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ALLOWED_SCHEMES:
            raise FeedError(_("Redirection refusée vers %(url)s.") % {"url": newurl})
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url):
    """The feed's bytes, within the size limit and the time limit (both settings)."""
    if urlsplit(url).scheme not in ALLOWED_SCHEMES:
        raise FeedError(_("Adresse refusée : seules les adresses http:// ou https:// sont acceptées."))
    limit = setting("ICAL_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    timeout = setting("ICAL_IMPORT_TIMEOUT", 10)
    opener = urllib.request.build_opener(HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={
        "User-Agent": "Echosciences-ical-import/1.0", "Accept": "text/calendar, */*;q=0.1",
    })
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if parse_id(declared) is not None and parse_id(declared) > limit:
                raise FeedError(too_big(limit))
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise FeedError(too_big(limit))
                if time.monotonic() > deadline:
                    raise FeedError(_("Délai dépassé (%(seconds)s s).") % {"seconds": timeout})
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise FeedError(_("Redirection refusée (%(status)s).") % {"status": error.code}) from error
        raise FeedError(_("Le serveur a répondu %(status)s.") % {"status": error.code}) from error
    except urllib.error.URLError as error:
        raise FeedError(_("Flux injoignable : %(reason)s.") % {"reason": error.reason}) from error
    except TimeoutError as error:
        raise FeedError(_("Délai dépassé (%(seconds)s s).") % {"seconds": timeout}) from error
    except OSError as error:
        raise FeedError(_("Flux injoignable : %(reason)s.") % {"reason": error}) from error


def too_big(limit):
    return _("Flux trop volumineux (plus de %(size)d Ko).") % {"size": limit // 1024}


def read_file(path):
    """A local file: only from the command line, never from a subscription."""
    limit = setting("ICAL_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise FeedError(_("Fichier illisible : %(reason)s.") % {"reason": error.strerror or error}) from error
    if len(data) > limit:
        raise FeedError(too_big(limit))
    return data, ""


def parse_calendar(data, content_type=""):
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        described = f" ({content_type})" if content_type else ""
        raise FeedError(_("La réponse n'est pas un fichier iCalendar%(type)s.") % {"type": described})
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise FeedError(_("Fichier iCalendar illisible : %(reason)s.") % {"reason": error}) from error
    if not calendars:
        raise FeedError(_("Fichier iCalendar vide."))
    try:
        # Google's X-WR-TIMEZONE on floating times, turned into proper TZIDs.
        return x_wr_timezone.to_standard(calendars[0])
    except Exception:  # noqa: BLE001 - a repair that fails leaves the calendar as it was
        return calendars[0]


# Turning one feed event into page data ------------------------------------------------


def in_paris(value, end=False):
    """A DTSTART/DTEND value as an aware datetime in Europe/Paris (floating times are local)."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.replace(tzinfo=PARIS)
        return value.astimezone(PARIS)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=PARIS)
    raise SkipEvent(_("date illisible"))


def occurrence_data(instance):
    start_value = instance.get("DTSTART").dt
    end_property = instance.get("DTEND")
    end_value = end_property.dt if end_property is not None else None
    all_day = not isinstance(start_value, datetime)
    start = in_paris(start_value)
    if all_day:
        last_day = (end_value - timedelta(days=1)) if isinstance(end_value, date) and end_value > start_value else start_value
        # Our all-day dates end at 23:59 of their last day, as the admin enters them.
        end = datetime.combine(last_day, datetime.min.time().replace(hour=23, minute=59), tzinfo=PARIS)
    else:
        end = in_paris(end_value) if end_value is not None else start + timedelta(hours=1)
        if end <= start:
            end = start + timedelta(hours=1)
    recurrence = instance.get("RECURRENCE-ID")
    key = in_paris(recurrence.dt).isoformat() if recurrence is not None else start.isoformat()
    status = EventOccurrence.Status.CANCELLED if str(instance.get("STATUS", "")).upper() == "CANCELLED" \
        else EventOccurrence.Status.SCHEDULED
    return {"key": key, "start": start.isoformat(), "end": end.isoformat(), "all_day": all_day, "status": str(status)}


def text_value(component, name):
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


def description_html(description):
    """A feed's description as rich text: HTML sanitised, plain text escaped into paragraphs."""
    if not description:
        return ""
    if LOOKS_LIKE_HTML.search(description):
        return nh3.clean(
            description, tags=SANITISED_TAGS, attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"}, link_rel="noopener",
        ).strip()
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", description) if part.strip()]
    return "".join("<p>" + html.escape(part, quote=False).replace("\n", "<br/>") + "</p>" for part in paragraphs)


def plain_summary(body_html):
    spaced = BLOCK_END.sub(" ", body_html)  # "a</p><p>b" reads "a b", not "ab"
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return Truncator(" ".join(text.split())).chars(300)


def categories(component):
    values = component.get("CATEGORIES")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    names = []
    for value in values:
        for category in getattr(value, "cats", [value]):
            name = " ".join(str(category).split())[:100]
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def geo_point(component):
    geo = component.get("GEO")
    if geo is None:
        return None
    try:
        latitude, longitude = float(geo.latitude), float(geo.longitude)
    except (AttributeError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def booking_url(component):
    url = text_value(component, "URL")
    if urlsplit(url).scheme in ALLOWED_SCHEMES and len(url) <= 200:
        return url
    return ""


def event_data(master, instances):
    """What a page shows, from the master VEVENT and its expanded instances (normalised)."""
    title = text_value(master, "SUMMARY")
    if not title:
        raise SkipEvent(_("titre (SUMMARY) manquant"))
    body = description_html(text_value(master, "DESCRIPTION"))
    location = " ".join(text_value(master, "LOCATION").split())[:255]
    data = {
        "title": Truncator(" ".join(title.split())).chars(255),
        "summary": plain_summary(body),
        "body": body,
        "booking_url": booking_url(master),
        "tags": categories(master),
        "location_text": location,
        "geo": geo_point(master),
        "cancelled": str(master.get("STATUS", "")).upper() == "CANCELLED",
        "occurrences": sorted((occurrence_data(instance) for instance in instances), key=lambda o: o["start"]),
    }
    return data


def comparable(name):
    """A place name as typed by anyone: no case, accents, curly apostrophes or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def fingerprint(data, extra):
    return hashlib.sha256(json.dumps([data, extra], sort_keys=True, default=str).encode()).hexdigest()


# Writing pages -------------------------------------------------------------------------


class Importer:
    """Import one feed into one agenda; `progress` receives one line per event."""

    def __init__(self, agenda, source, *, subscription=None, organiser=None, tags=(),
                 publish_directly=False, user=None, progress=None, now=None):
        self.agenda = agenda
        self.source = source
        self.subscription = subscription
        self.organiser = organiser
        self.extra_tags = list(tags)
        self.publish_directly = publish_directly
        self.user = user
        self.progress = progress or (lambda line: None)
        self.now = now or timezone.now()
        self.horizon = self.now + timedelta(days=setting("ICAL_IMPORT_HORIZON_DAYS", 365))
        self.report = ImportReport(source=source)
        home = agenda.get_parent()
        self.places = {
            comparable(title): pk
            for pk, title in PlacePage.objects.descendant_of(home).values_list("pk", "title")
        }

    # Entry points

    def run_bytes(self, data, content_type=""):
        try:
            calendar = parse_calendar(data, content_type)
        except FeedError as error:
            self.report.error = str(error)
            return self.report
        self.import_calendar(calendar)
        return self.report

    def run_url(self, url):
        try:
            data, content_type = fetch_url(url)
        except FeedError as error:
            self.report.error = str(error)
            return self.report
        return self.run_bytes(data, content_type)

    def run_file(self, path):
        try:
            data, content_type = read_file(path)
        except FeedError as error:
            self.report.error = str(error)
            return self.report
        return self.run_bytes(data, content_type)

    # The calendar

    def import_calendar(self, calendar):
        groups = defaultdict(list)
        for component in calendar.walk("VEVENT"):
            uid = text_value(component, "UID")
            if not uid:
                self.skip(text_value(component, "SUMMARY") or "?", _("identifiant (UID) manquant"))
                continue
            groups[uid[:255]].append(component)
        timezones = calendar.walk("VTIMEZONE")
        seen = set()
        for uid, components in groups.items():
            seen.add(uid)
            try:
                with transaction.atomic():
                    self.import_event(uid, components, timezones)
            except SkipEvent as reason:
                self.skip(uid, str(reason))
            except Exception as error:  # noqa: BLE001 - one broken event never ends the run
                self.skip(uid, _("événement illisible : %(error)s") % {"error": error})
        self.cancel_missing(seen)

    def skip(self, uid, reason):
        self.report.skipped.append({"uid": uid, "reason": reason})
        self.progress(f"  ! {uid} : {_('ignoré')} ({reason})")

    def expand(self, components, timezones):
        for component in components:
            if component.errors:
                name, problem = component.errors[0]
                raise SkipEvent(_("propriété %(name)s illisible : %(problem)s") % {"name": name, "problem": problem})
            if component.get("DTSTART") is None:
                raise SkipEvent(_("date de début (DTSTART) manquante"))
        calendar = icalendar.Calendar()
        for vtimezone in timezones:
            calendar.add_component(vtimezone)
        for component in components:
            calendar.add_component(component)
        try:
            return list(recurring_ical_events.of(calendar).between(self.now, self.horizon))
        except Exception as error:  # noqa: BLE001 - the library raises many kinds on bad rules
            raise SkipEvent(_("récurrence illisible : %(error)s") % {"error": error}) from error

    def import_event(self, uid, components, timezones):
        masters = [c for c in components if c.get("RECURRENCE-ID") is None] or components[:1]
        master = masters[0]
        instances = self.expand(components, timezones)
        record = ImportedEvent.objects.filter(agenda=self.agenda, uid=uid).select_related("event").first()
        if not instances:
            if record is None:
                raise SkipEvent(_("aucune date dans les douze prochains mois"))
            self.report.unchanged += 1
            return
        data = event_data(master, instances)
        if len(components) == 1 and master.get("RRULE") is None and master.get("RDATE") is None:
            # A single event keeps its one date when the feed moves it.
            data["occurrences"][0]["key"] = "single"
        venue = None
        if data["geo"] is None and data["location_text"]:
            venue = self.match_place(data["location_text"])
        needs_place = data["geo"] is None and venue is None
        key = fingerprint(data, [venue.pk if venue else None, self.extra_tags, self.organiser and self.organiser.pk])
        if record is not None and record.fingerprint == key:
            self.report.unchanged += 1
            return
        previous = record.occurrences if record else []
        occurrences = self.merge_occurrences(previous, data["occurrences"], data["cancelled"])
        if record is None:
            if data["cancelled"]:
                raise SkipEvent(_("événement annulé, jamais importé"))
            page = self.create_page(data, venue, occurrences)
            record = ImportedEvent(agenda=self.agenda, uid=uid, event=page)
            self.report.created += 1
            verb = _("créé")
        else:
            page = self.update_page(record.event, data, venue, occurrences)
            cancelled_now = data["cancelled"] and not record.cancelled
            if cancelled_now:
                self.report.cancelled += 1
            else:
                self.report.updated += 1
            verb = _("annulé") if cancelled_now else _("mis à jour")
        self.save_revision(page, needs_place)
        record.subscription = self.subscription
        record.source = self.source[:500]
        record.fingerprint = key
        record.occurrences = data["occurrences"]
        record.needs_place = needs_place
        record.cancelled = data["cancelled"]
        record.save()
        flag = f" — {_('lieu à préciser')}" if needs_place else ""
        self.progress(f"  + {page.title} : {verb}{flag}")

    def match_place(self, location_text):
        """A place of the territory named like the LOCATION (whole, or its first part)."""
        for name in (location_text, location_text.split(",")[0]):
            pk = self.places.get(comparable(name))
            if pk is not None:
                return PlacePage.objects.get(pk=pk)
        return None

    def merge_occurrences(self, previous, current, cancelled):
        """The page's future dates: the feed's, plus dates it dropped, kept as cancelled."""
        keys = {occurrence["key"] for occurrence in current}
        rows = [dict(occurrence) for occurrence in current]
        for occurrence in previous:
            if occurrence["key"] not in keys and datetime.fromisoformat(occurrence["end"]) >= self.now:
                rows.append({**occurrence, "status": str(EventOccurrence.Status.CANCELLED)})
        if cancelled:
            for row in rows:
                row["status"] = str(EventOccurrence.Status.CANCELLED)
        return sorted(rows, key=lambda row: row["start"])

    def apply(self, page, data, venue, occurrences):
        page.title = data["title"]
        page.summary = data["summary"]
        page.body = [("paragraph", data["body"])] if data["body"] else []
        page.booking_url = data["booking_url"]
        if self.organiser is not None:
            page.organiser = self.organiser
        if data["geo"] is not None:
            page.venue = None
            page.location = format_point(*data["geo"])
            page.address = data["location_text"]
            match = POSTCODE_AND_TOWN.search(data["location_text"])
            if match:
                page.postcode, page.city = match.group(1), match.group(2).strip()[:100]
        elif venue is not None:
            page.venue = venue
            page.location = ""
            page.address, page.postcode, page.city = "", "", ""
        # Past dates stay as they were; the future is the feed's.
        kept = [o for o in page.occurrences.all() if o.end < self.now] if page.pk else []
        page.occurrences = kept + [
            EventOccurrence(
                start=datetime.fromisoformat(row["start"]), end=datetime.fromisoformat(row["end"]),
                all_day=row["all_day"], status=row["status"],
            )
            for row in occurrences
        ]
        page.tags.clear()
        page.tags.add(*(data["tags"] + self.extra_tags))

    def create_page(self, data, venue, occurrences):
        page = EventPage(live=False, owner=self.user)
        self.apply(page, data, venue, occurrences)
        page.slug = self.free_slug(data["title"])
        self.agenda.add_child(instance=page)
        return page

    def update_page(self, page, data, venue, occurrences):
        page = page.specific.get_latest_revision_as_object()
        self.apply(page, data, venue, occurrences)
        return page

    def free_slug(self, title):
        base = slugify(title)[:200] or "evenement"
        taken = set(Page.objects.child_of(self.agenda).filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def save_revision(self, page, needs_place):
        """Publish, or submit to the agenda's workflow; a page without a place stays a draft."""
        revision = page.save_revision(user=self.user, log_action=True)
        if needs_place:
            return
        if self.publish_directly:
            revision.publish(user=self.user)
            return
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, self.user)

    def cancel_missing(self, seen):
        """Events this source imported before and no longer lists: cancelled, never deleted."""
        gone = ImportedEvent.objects.filter(agenda=self.agenda, source=self.source[:500], cancelled=False) \
            .exclude(uid__in=seen).select_related("event")
        for record in gone:
            try:
                with transaction.atomic():
                    page = record.event.specific.get_latest_revision_as_object()
                    occurrences = list(page.occurrences.all())
                    future = [o for o in occurrences if o.end >= self.now]
                    if not future:
                        continue
                    for occurrence in future:
                        occurrence.status = EventOccurrence.Status.CANCELLED
                    page.occurrences = occurrences
                    self.save_revision(page, record.needs_place)
                    record.cancelled = True
                    record.fingerprint = ""
                    record.save(update_fields=["cancelled", "fingerprint", "last_seen_at"])
            except Exception as error:  # noqa: BLE001
                self.skip(record.uid, _("annulation impossible : %(error)s") % {"error": error})
                continue
            self.report.cancelled += 1
            self.progress(f"  - {page.title} : {_('retiré du flux, annulé')}")


def run_subscription(subscription, user=None, progress=None):
    """Import one subscription's feed and store the outcome on it."""
    importer = Importer(
        subscription.agenda.specific, subscription.url, subscription=subscription,
        organiser=subscription.organiser, tags=subscription.tag_names(),
        publish_directly=subscription.publish_directly, user=user, progress=progress,
    )
    report = importer.run_url(subscription.url)
    subscription.last_run_at = timezone.now()
    subscription.last_outcome = report.outcome
    subscription.last_summary = report.summary()
    subscription.last_report = report.as_dict()
    subscription.save(update_fields=["last_run_at", "last_outcome", "last_summary", "last_report"])
    return report

