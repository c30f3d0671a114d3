"""Agendas filled from actors' iCalendar feeds: each rule of the import, on feeds written here.

Feeds are served by a real HTTP server on 127.0.0.1 (the URL path) or written to files (the
command line's local path). Dates are relative to today so the twelve-month window holds.
"""

import io
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content_types.events.ical_import import Importer, run_subscription
from content_types.events.subscriptions import ICalSubscription, ImportedEvent
from content_types.models import AgendaPage, EventOccurrence, EventPage, Organisation, PlacePage

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
END:DAYLIGHT
END:VTIMEZONE"""
GEO = "GEO:47.9029;1.9093"


def day(offset):
    """A date `offset` days from today, as iCalendar writes it."""
    return (timezone.localdate() + timedelta(days=offset)).strftime("%Y%m%d")


def local(offset, hour, minute=0):
    value = timezone.localdate() + timedelta(days=offset)
    return datetime(value.year, value.month, value.day, hour, minute, tzinfo=PARIS)


def vevent(uid, summary="Conférence", start=None, end=None, extra=""):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z"]
    if summary is not None:
        lines.append(f"SUMMARY:{summary}")
    lines.append(start if start is not None else f"DTSTART;TZID=Europe/Paris:{day(10)}T180000")
    lines.append(end if end is not None else f"DTEND;TZID=Europe/Paris:{day(10)}T200000")
    lines.extend(line for line in extra.strip().splitlines() if line)
    lines.append("END:VEVENT")
    return "\n".join(lines)


def feed(*events, timezones=""):
    body = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tests//FR", timezones, *events, "END:VCALENDAR"])
    return "\r\n".join(line for line in body.splitlines() if line) + "\r\n"


class FeedServer:
    """Routes of a small HTTP server: path -> (status, content type, body, delay in seconds)."""

    def __init__(self):
        self.routes = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, content_type, body, delay = routes.get(self.path, (404, "text/plain", "absent", 0))
                if delay:
                    time.sleep(delay)
                payload = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if status in (301, 302):
                    self.send_header("Location", body)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path, body, status=200, content_type="text/calendar; charset=utf-8", delay=0):
        self.routes[path] = (status, content_type, body, delay)
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.close()


@pytest.fixture
def agenda():
    return AgendaPage.objects.get(url_path="/centre-val-de-loire/agenda/")


@pytest.fixture
def place(agenda):
    return PlacePage.objects.live().descendant_of(agenda.get_parent()).exclude(latitude=None).order_by("pk").first()


@pytest.fixture
def subscription(agenda, server):
    return ICalSubscription.objects.create(
        name="Muséum", url=server.serve("/museum.ics", feed()), agenda=agenda,
        default_tags="importé", publish_directly=True,
    )


def run(subscription, server, body, user=None):
    server.serve("/museum.ics", body)
    return run_subscription(subscription, user=user)


def imported(uid):
    return ImportedEvent.objects.select_related("event").get(uid=uid).event.specific


def dates(event):
    return [(o.start.astimezone(PARIS), o.end.astimezone(PARIS), o.all_day, o.status) for o in event.occurrences.order_by("start")]


# Dates ---------------------------------------------------------------------------------


def test_time_zones_are_converted_to_paris(subscription, server):
    report = run(subscription, server, feed(
        vevent("ny@test", "Conférence à New York (TZID)", f"DTSTART;TZID=America/New_York:{day(20)}T140000",
               f"DTEND;TZID=America/New_York:{day(20)}T160000", GEO),
        vevent("utc@test", "Conférence en UTC", f"DTSTART:{day(21)}T170000Z", f"DTEND:{day(21)}T180000Z", GEO),
        vevent("floating@test", "Heure flottante", f"DTSTART:{day(22)}T093000", f"DTEND:{day(22)}T103000", GEO),
        timezones=NEW_YORK_VTIMEZONE,
    ))
    assert report.created == 3, report.as_dict()
    new_york = ZoneInfo("America/New_York")
    start = datetime.combine(timezone.localdate() + timedelta(days=20), datetime.min.time().replace(hour=14), tzinfo=new_york)
    (ny_start, ny_end, all_day, _status), = dates(imported("ny@test"))
    assert ny_start == start and ny_start.tzinfo and not all_day
    assert ny_start.astimezone(PARIS).hour in (19, 20)  # 14:00 in New York is 20:00 (or 19:00 near DST changes)
    assert ny_end - ny_start == timedelta(hours=2)
    (utc_start, _end, _all_day, _status), = dates(imported("utc@test"))
    utc_day = timezone.localdate() + timedelta(days=21)
    assert utc_start == datetime(utc_day.year, utc_day.month, utc_day.day, 17, tzinfo=ZoneInfo("UTC"))
    (floating_start, _end, _all_day, _status), = dates(imported("floating@test"))
    assert floating_start == local(22, 9, 30)


def test_all_day_events_span_whole_local_days(subscription, server):
    run(subscription, server, feed(vevent(
        "festival@test", "Festival de deux jours", f"DTSTART;VALUE=DATE:{day(15)}", f"DTEND;VALUE=DATE:{day(17)}", GEO,
    )))
    (start, end, all_day, status), = dates(imported("festival@test"))
    assert all_day and status == EventOccurrence.Status.SCHEDULED
    assert start == local(15, 0)
    assert end == local(16, 23, 59)


def test_recurrences_are_expanded_with_their_exceptions(subscription, server):
    body = feed(
        vevent("atelier@test", "Atelier du mercredi", f"DTSTART;TZID=Europe/Paris:{day(7)}T140000",
               f"DTEND;TZID=Europe/Paris:{day(7)}T160000", f"""RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Europe/Paris:{day(14)}T140000
RDATE;TZID=Europe/Paris:{day(40)}T100000
{GEO}"""),
        # The third week moves to 17:00, the fourth is cancelled.
        vevent("atelier@test", "Atelier du mercredi", f"DTSTART;TZID=Europe/Paris:{day(21)}T170000",
               f"DTEND;TZID=Europe/Paris:{day(21)}T190000", f"RECURRENCE-ID;TZID=Europe/Paris:{day(21)}T140000"),
        vevent("atelier@test", "Atelier du mercredi", f"DTSTART;TZID=Europe/Paris:{day(28)}T140000",
               f"DTEND;TZID=Europe/Paris:{day(28)}T160000",
               f"RECURRENCE-ID;TZID=Europe/Paris:{day(28)}T140000\nSTATUS:CANCELLED"),
        vevent("hebdo@test", "Club du samedi, sans fin", f"DTSTART;TZID=Europe/Paris:{day(2)}T100000",
               f"DTEND;TZID=Europe/Paris:{day(2)}T120000", f"RRULE:FREQ=WEEKLY\n{GEO}"),
    )
    report = run(subscription, server, body)
    assert report.created == 2 and not report.skipped, report.as_dict()
    scheduled, cancelled = EventOccurrence.Status.SCHEDULED, EventOccurrence.Status.CANCELLED
    assert [(start, status) for start, _end, _all_day, status in dates(imported("atelier@test"))] == [
        (local(7, 14), scheduled),  # day 14 is an EXDATE
        (local(21, 17), scheduled),
        (local(28, 14), cancelled),
        (local(35, 14), scheduled),
        (local(40, 10), scheduled),  # RDATE
    ]
    weekly = dates(imported("hebdo@test"))
    assert 50 <= len(weekly) <= 53  # an endless rule stops at twelve months
    assert weekly[-1][0] < timezone.now() + timedelta(days=366)


# Places --------------------------------------------------------------------------------


def test_geo_gives_the_event_its_own_point(subscription, server):
    run(subscription, server, feed(vevent(
        "geo@test", "Observation du ciel", extra="GEO:47.8457;1.9411\nLOCATION:Parc floral\\, 45100 Orléans",
    )))
    event = imported("geo@test")
    assert event.live
    assert (event.latitude, event.longitude) == (47.8457, 1.9411)
    assert event.venue is None
    assert (event.postcode, event.city) == ("45100", "Orléans")


def test_a_location_naming_a_place_of_the_territory_becomes_the_venue(subscription, server, place):
    run(subscription, server, feed(vevent(
        "venue@test", "Visite guidée", extra=f"LOCATION:{place.title.upper()}\\, {place.address}",
    )))
    event = imported("venue@test")
    assert event.live
    assert event.venue_id == place.pk
    assert (event.latitude, event.longitude) == (place.latitude, place.longitude)


def test_an_unknown_location_stays_a_draft_flagged_lieu_a_preciser(subscription, server):
    report = run(subscription, server, feed(vevent("nowhere@test", "Conférence itinérante", extra="LOCATION:Salle des fêtes")))
    event = imported("nowhere@test")
    assert report.created == 1
    assert not event.live and event.has_unpublished_changes
    assert ImportedEvent.objects.get(uid="nowhere@test").needs_place
    assert not EventPage.objects.live().filter(pk=event.pk).exists()  # so never on the map
    assert event.latitude is None and event.venue is None


# Content -------------------------------------------------------------------------------


def test_summary_description_url_and_categories(subscription, server):
    run(subscription, server, feed(vevent("content@test", "Nuit des chercheurs", extra=f"""DESCRIPTION:Rencontrez les chercheurs.\\n\\nEntrée libre.
URL:https://museum.example.org/nuit
CATEGORIES:Astronomie,Physique
{GEO}""")))
    event = imported("content@test")
    assert event.title == "Nuit des chercheurs"
    assert event.summary == "Rencontrez les chercheurs. Entrée libre."
    assert str(event.body[0].value.source) == "<p>Rencontrez les chercheurs.</p><p>Entrée libre.</p>"
    assert event.booking_url == "https://museum.example.org/nuit"
    assert {tag.name.lower() for tag in event.tags.all()} == {"astronomie", "physique", "importé"}


def test_html_descriptions_are_sanitised(subscription, server, client):
    run(subscription, server, feed(vevent("html@test", "Atelier", extra=(
        'DESCRIPTION:<p onclick="steal()">Venez <b>nombreux</b></p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">piège</a><img src=x onerror=alert(2)>\n' + GEO
    ))))
    event = imported("html@test")
    body = str(event.body[0].value.source)
    assert "<script" not in body and "alert" not in body and "onclick" not in body and "javascript:" not in body
    assert "<b>nombreux</b>" in body
    assert event.summary == "Venez nombreux piège"
    site = event.get_site()
    html = client.get(event.url_path[len(site.root_page.url_path) - 1:], HTTP_HOST=site.hostname).content.decode()
    assert "Venez" in html and 'alert("x")' not in html and "steal()" not in html


# Idempotency, updates, cancellation -----------------------------------------------------


def test_running_twice_creates_nothing_new(subscription, server):
    body = feed(vevent("a@test", "A", extra=GEO), vevent("b@test", "B", extra="RRULE:FREQ=DAILY;COUNT=3\n" + GEO))
    first = run(subscription, server, body)
    revisions = {uid: imported(uid).revisions.count() for uid in ("a@test", "b@test")}
    pages = EventPage.objects.count()
    second = run(subscription, server, body)
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert EventPage.objects.count() == pages
    assert {uid: imported(uid).revisions.count() for uid in revisions} == revisions


def test_a_changed_event_updates_its_page_with_a_new_revision(subscription, server):
    run(subscription, server, feed(vevent("change@test", "Ancien titre", extra=GEO)))
    event = imported("change@test")
    revisions = event.revisions.count()
    report = run(subscription, server, feed(vevent(
        "change@test", "Nouveau titre", f"DTSTART;TZID=Europe/Paris:{day(12)}T090000",
        f"DTEND;TZID=Europe/Paris:{day(12)}T110000", GEO,
    )))
    assert report.updated == 1 and report.created == 0
    updated = imported("change@test")
    assert updated.pk == event.pk and updated.live
    assert updated.title == "Nouveau titre"
    assert updated.revisions.count() == revisions + 1
    assert [start for start, *_ in dates(updated)] == [local(12, 9)]


def test_cancelled_or_removed_events_are_marked_cancelled_not_deleted(subscription, server):
    run(subscription, server, feed(vevent("stays@test", "Reste", extra=GEO), vevent("cancel@test", "Annulé", extra=GEO),
                                   vevent("gone@test", "Retiré", extra=GEO)))
    report = run(subscription, server, feed(
        vevent("stays@test", "Reste", extra=GEO), vevent("cancel@test", "Annulé", extra="STATUS:CANCELLED\n" + GEO),
    ))
    assert report.cancelled == 2, report.as_dict()
    for uid in ("cancel@test", "gone@test"):
        event = imported(uid)
        assert event.live
        assert [status for *_, status in dates(event)] == [EventOccurrence.Status.CANCELLED]
    assert [status for *_, status in dates(imported("stays@test"))] == [EventOccurrence.Status.SCHEDULED]
    again = run(subscription, server, feed(vevent("stays@test", "Reste", extra=GEO)))
    assert (again.cancelled, again.updated) == (0, 0)


def test_moderated_subscriptions_submit_events_to_the_agenda_workflow(subscription, server):
    subscription.publish_directly = False
    subscription.save()
    run(subscription, server, feed(vevent("moderated@test", "À valider", extra=GEO)))
    event = imported("moderated@test")
    assert not event.live
    assert event.workflow_in_progress
    assert event.get_workflow() is not None


# Robustness ----------------------------------------------------------------------------


def test_a_malformed_event_is_skipped_and_the_good_ones_imported(subscription, server):
    report = run(subscription, server, feed(
        vevent("good@test", "Bon événement", extra=GEO),
        vevent("bad-date@test", "Date cassée", "DTSTART:pas-une-date", "DTEND:20260101T100000"),
        vevent("no-title@test", None, extra=GEO),
        "BEGIN:VEVENT\nSUMMARY:Sans UID\nDTSTART:20300101T100000Z\nEND:VEVENT",
        vevent("bad-rule@test", "Règle cassée", extra="RRULE:FREQ=SOMETIMES\n" + GEO),
        vevent("good2@test", "Autre bon événement", extra=GEO),
    ))
    assert report.created == 2
    reasons = {item["uid"]: item["reason"] for item in report.skipped}
    assert set(reasons) == {"bad-date@test", "no-title@test", "Sans UID", "bad-rule@test"}
    assert "DTSTART" in reasons["bad-date@test"] and "SUMMARY" in reasons["no-title@test"]
    assert "UID" in reasons["Sans UID"]
    subscription.refresh_from_db()
    assert subscription.last_outcome == ICalSubscription.Outcome.PARTIAL
    assert "4 ignoré(s)" in subscription.last_summary
    assert {item["uid"] for item in subscription.last_report["skipped"]} == set(reasons)


@pytest.mark.parametrize("status, content_type, body, expected", [
    (404, "text/html", "<html>Introuvable</html>", "404"),
    (200, "text/html; charset=utf-8", "<!doctype html><html><body>Agenda</body></html>", "pas un fichier iCalendar"),
    (200, "text/calendar", "BEGIN:VCALENDAR\r\nnot really\r\n", "illisible"),
], ids=["http-404", "html-page", "broken-calendar"])
def test_unusable_responses_are_reported_not_raised(subscription, server, status, content_type, body, expected):
    server.serve("/museum.ics", body, status=status, content_type=content_type)
    report = run_subscription(subscription)
    assert expected in report.error
    subscription.refresh_from_db()
    assert subscription.last_outcome == ICalSubscription.Outcome.FAILED and subscription.last_run_at
    assert expected in subscription.last_summary


def test_oversize_feeds_and_timeouts_are_bounded(subscription, server, settings):
    settings.ICAL_IMPORT_MAX_BYTES = 2000
    settings.ICAL_IMPORT_TIMEOUT = 0.5
    big = feed(*(vevent(f"{n}@test", "Événement", extra=GEO) for n in range(40)))
    report = run(subscription, server, big)
    assert "trop volumineux" in report.error and report.created == 0
    server.serve("/museum.ics", feed(vevent("slow@test", extra=GEO)), delay=2)
    started = time.monotonic()
    report = run_subscription(subscription)
    assert time.monotonic() - started < 1.9
    assert "Délai dépassé" in report.error or "injoignable" in report.error


def test_unreachable_feeds_are_reported(agenda):
    report = Importer(agenda, "http://127.0.0.1:9/agenda.ics").run_url("http://127.0.0.1:9/agenda.ics")
    assert "injoignable" in report.error


def test_only_http_urls_are_accepted_from_subscriptions(agenda, server):
    for url in ("file:///etc/passwd", "ftp://example.org/agenda.ics", "/etc/passwd"):
        with pytest.raises(ValidationError):
            ICalSubscription(name="x", url=url, agenda=agenda).full_clean()
        assert "refusée" in Importer(agenda, url).run_url(url).error
    # Nor through a redirect.
    redirect = server.serve("/redirect.ics", "file:///etc/passwd", status=302)
    assert "refusée" in Importer(agenda, redirect).run_url(redirect).error


# The command ---------------------------------------------------------------------------


def test_command_imports_a_url_with_progress_and_a_summary(agenda, server):
    Organisation.objects.get_or_create(name="Muséum d'Orléans")
    url = server.serve("/cli.ics", feed(vevent("cli@test", "En ligne de commande", extra=GEO),
                                        vevent("cli-bad@test", "Cassé", "DTSTART:n'importe quoi")))
    out = io.StringIO()
    call_command("import_ical", url, "--agenda", "/centre-val-de-loire/agenda/", "--organiser", "muséum d'orléans",
                 "--publish", stdout=out)
    output = out.getvalue()
    assert "+ En ligne de commande : créé" in output
    assert "1 créé(s), 0 mis à jour, 0 inchangé(s), 0 annulé(s), 1 ignoré(s)." in output
    assert "cli-bad@test" in output
    event = imported("cli@test")
    assert event.live and event.organiser.name == "Muséum d'Orléans"


def test_command_imports_a_local_file_and_refuses_other_schemes(agenda, tmp_path):
    path = tmp_path / "agenda.ics"
    path.write_text(feed(vevent("file@test", "Depuis un fichier", extra=GEO)), encoding="utf-8")
    out = io.StringIO()
    call_command("import_ical", str(path), "--agenda", str(agenda.pk), stdout=out)
    assert "1 créé(s)" in out.getvalue()
    assert ImportedEvent.objects.filter(uid="file@test").exists()
    with pytest.raises(CommandError, match="refusée"):
        call_command("import_ical", "file:///etc/passwd", "--agenda", str(agenda.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--agenda"):
        call_command("import_ical", str(path), stdout=io.StringIO())


def test_command_runs_every_active_subscription_and_stores_the_outcome(agenda, server):
    active = ICalSubscription.objects.create(
        name="Actif", url=server.serve("/active.ics", feed(vevent("cron@test", "Planifié", extra=GEO))),
        agenda=agenda, publish_directly=True,
    )
    inactive = ICalSubscription.objects.create(
        name="Inactif", url=server.serve("/inactive.ics", feed(vevent("off@test", extra=GEO))), agenda=agenda,
        active=False,
    )
    out = io.StringIO()
    call_command("import_ical", stdout=out)
    active.refresh_from_db()
    inactive.refresh_from_db()
    assert active.last_outcome == ICalSubscription.Outcome.SUCCESS and active.last_run_at
    assert active.last_report["created"] == 1
    assert inactive.last_run_at is None
    assert not ImportedEvent.objects.filter(uid="off@test").exists()
    assert "1 créé(s)" in out.getvalue()


# The admin trigger ---------------------------------------------------------------------


@pytest.fixture
def editor():
    user = get_user_model().objects.get(email="editeur@echosciences.localhost")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_icalsubscription", "view_icalsubscription"]))
    return user


def test_editors_run_a_subscription_from_the_admin(subscription, server, editor):
    server.serve("/museum.ics", feed(vevent("admin@test", "Depuis l'admin", extra=GEO)))
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_content_types_icalsubscription:list")).content.decode()
    run_url = reverse("wagtailsnippets_content_types_icalsubscription:run", args=[subscription.pk])
    assert run_url in listing
    confirm = client.get(run_url)
    assert confirm.status_code == 200 and not ImportedEvent.objects.exists()  # GET never imports
    assert client.post(run_url).status_code == 403  # no CSRF token
    token = confirm.cookies["csrftoken"].value if "csrftoken" in confirm.cookies else client.cookies["csrftoken"].value
    response = client.post(run_url, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200
    assert "1 créé(s)" in response.content.decode()
    assert imported("admin@test").live
    subscription.refresh_from_db()
    assert subscription.last_outcome == ICalSubscription.Outcome.SUCCESS


def test_editors_of_another_territory_cannot_run_it(subscription, client):
    other = get_user_model().objects.get(email="editeur.grenoble@echosciences.localhost")
    other.user_permissions.add(*Permission.objects.filter(codename__in=["change_icalsubscription", "view_icalsubscription"]))
    client.force_login(other)
    run_url = reverse("wagtailsnippets_content_types_icalsubscription:run", args=[subscription.pk])
    refused = reverse("wagtailadmin_home")  # Wagtail's admin answers a PermissionDenied so
    for response in (client.post(run_url), client.get(run_url)):
        assert (response.status_code, response.url) == (302, refused)
    listing = client.get(reverse("wagtailsnippets_content_types_icalsubscription:list"))
    assert listing.status_code == 200 and subscription.name not in listing.content.decode()
    assert not ImportedEvent.objects.exists()


def test_members_who_may_only_add_drafts_cannot_run_it(subscription, client, django_user_model):
    member = django_user_model.objects.get(email="membre@echosciences.localhost")
    member.user_permissions.add(*Permission.objects.filter(codename="change_icalsubscription"))
    client.force_login(member)
    run_url = reverse("wagtailsnippets_content_types_icalsubscription:run", args=[subscription.pk])
    response = client.post(run_url)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert not ImportedEvent.objects.exists()


def test_editors_find_the_drafts_whose_place_is_to_be_given(subscription, server, editor, client):
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["view_importedevent", "change_importedevent"]))
    run(subscription, server, feed(vevent("placed@test", "Bien placé", extra=GEO),
                                   vevent("unplaced@test", "Sans lieu connu", extra="LOCATION:Quelque part")))
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_content_types_importedevent:list"), {"needs_place": "true"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Sans lieu connu" in html and "Bien placé" not in html
