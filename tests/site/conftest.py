"""Helpers for the public-site tests: fetch a page on its own territory's host."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from content_types.models import AgendaPage, EventOccurrence, EventPage


def host_and_path(page, suffix=""):
    site = page.get_site()
    _, _, path = page.get_url_parts()
    return site.hostname, path + suffix


@pytest.fixture
def fetch(client):
    def get(target, suffix="", **params):
        host, path = host_and_path(target, suffix)
        return client.get(path, params, HTTP_HOST=host)
    return get


def json_ld_blocks(html):
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.fixture
def agenda():
    return AgendaPage.objects.get(url_path__startswith="/centre-val-de-loire/")


@pytest.fixture
def make_event(agenda):
    """Publish an event under the Centre-Val de Loire agenda with the given occurrences."""
    counter = {"n": 0}

    def make(title=None, days=(3,), hours=2, tags=("astronomie",), city="Orléans", **fields):
        counter["n"] += 1
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        event = EventPage(
            title=title or f"Événement de test {counter['n']}", summary="Un événement créé par les tests.",
            address="1 place du Martroi", postcode="45000", city=city,
            location="SRID=4326;POINT(1.9093 47.9029)", **fields,
        )
        event.occurrences = [
            EventOccurrence(start=now + timedelta(days=day), end=now + timedelta(days=day, hours=hours), sort_order=n)
            for n, day in enumerate(days)
        ]
        event.tags.add(*tags)
        agenda.add_child(instance=event)
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make
