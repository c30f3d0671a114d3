"""The commands of the README's cron lines do their job."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from content_types.models import AgendaPage, EventOccurrence, EventPage

pytestmark = pytest.mark.django_db

MAP = "/api/v3/map/features"


def map_titles(client):
    response = client.get(MAP, {"bbox": "-5,41,10,52", "type": "event"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    return {feature["properties"]["title"] for feature in response.json()["features"]}


def scheduled_event(title, go_live_at):
    agenda = AgendaPage.objects.first()
    start = timezone.now() + timedelta(days=20)
    event = EventPage(title=title, slug="evenement-programme", live=False, summary="Publié par le cron.",
                      address="1 rue de la Science", city="Orléans", location="SRID=4326;POINT(1.909 47.902)",
                      go_live_at=go_live_at)
    event.occurrences = [EventOccurrence(start=start, end=start + timedelta(hours=2))]
    agenda.add_child(instance=event)
    revision = event.save_revision()
    revision.publish()  # a future go-live date: approved, waiting for the cron
    event.refresh_from_db()
    assert not event.live
    return event


def test_publish_scheduled_publishes_a_page_whose_go_live_date_passed(client, settings):
    settings.MAP_API_CACHE_SECONDS = 60  # the cron's publication must also refresh cached maps
    title = "Conférence programmée"
    go_live_at = timezone.now() + timedelta(seconds=6)
    event = scheduled_event(title, go_live_at)
    assert title not in map_titles(client)

    call_command("publish_scheduled", stdout=io.StringIO())
    event.refresh_from_db()
    assert not event.live  # not yet: its hour has not come

    time.sleep(max(0, (go_live_at - timezone.now()).total_seconds()) + 0.5)
    call_command("publish_scheduled", stdout=io.StringIO())
    event.refresh_from_db()
    assert event.live
    assert title in map_titles(client)
    assert client.get(event.url, HTTP_HOST="localhost").status_code == 200


def test_publish_scheduled_unpublishes_an_expired_page(client):
    event = EventPage.objects.live().first()
    EventPage.objects.filter(pk=event.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", stdout=io.StringIO())
    event.refresh_from_db()
    assert not event.live and event.expired


def test_nightly_rebuilds_run(client):
    call_command("update_index", stdout=io.StringIO())
    assert client.get("/recherche/", {"q": "science"}, HTTP_HOST="localhost").status_code == 200
    call_command("rebuild_map_features", stdout=io.StringIO())
    assert map_titles(client)
    call_command("clearsessions")
    call_command("purge_revisions", "--days=365", stdout=io.StringIO())
