"""Helpers for the public-site tests (the content types' tests share them): fetch a page on its own
territory's host, the Centre agenda and its events, the page's shell, JSON-LD and visible text."""

import html as html_lib
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from content_types.models import AgendaPage
from tests import factories

NBSP = "\u00a0"


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
        return factories.make_event(
            title or f"Événement de test {counter['n']}", parent=agenda, days=days, duration=timedelta(hours=hours),
            at=timezone.now().replace(minute=0, second=0, microsecond=0), tags=tags,
            summary="Un événement créé par les tests.", address="1 place du Martroi", postcode="45000", city=city,
            location=factories.ORLEANS, **fields,
        )

    return make


def assert_page_shell(html):
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'class="skip-link" href="#contenu"' in html
    for landmark in ('<header class="site-header" role="banner">', '<main id="contenu"', 'role="contentinfo"',
                     'aria-label="Menu principal"'):
        assert landmark in html
    assert '<html lang="fr">' in html


def visible_text(page_html):
    """The text a reader sees: no scripts, styles, tags or attribute values."""
    body = page_html.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))

