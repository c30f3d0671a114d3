"""Elasticsearch only: the rebuild command and an outage of the server.

The behaviour both backends share is in test_search.py. The outage test stops and
restarts Elasticsearch: it is the last test of this module.
"""

import io
import logging
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page

from content_types.models import ArticlePage

from .helpers import article_index, refresh_index, sites

pytestmark = [pytest.mark.elasticsearch, pytest.mark.postgres, pytest.mark.usefixtures("clean_index")]

SEARCH = "/recherche/"


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__title a")]


def search(client, host="localhost", **params):
    response = client.get(SEARCH, params, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:500]
    return response



def test_update_index_rebuilds_with_progress(client):
    out = io.StringIO()
    call_command("update_index", stdout=out)
    refresh_index()

    output = out.getvalue()
    assert "wagtailcore_page" in output and "indexed" in output
    assert "La planète rouge" in result_titles(search(client, q="planètes"))


# Outage: keep last, it stops and restarts the server -----------------------------------------


def services(command):
    subprocess.run(["bash", str(settings.BASE_DIR / "scripts" / "services.sh"), command], check=True, timeout=300)


def test_publish_survives_an_outage_and_update_index_repairs(client, caplog):
    default, _ = sites()
    services("stop-es")
    try:
        with caplog.at_level(logging.ERROR):
            page = ArticlePage(title="Pulsar oublié", slug="pulsar-oublie", summary="Un pulsar publié pendant la panne.")
            article_index(default).add_child(instance=page)
            page.save_revision().publish()

        page.refresh_from_db()
        assert page.live and Page.objects.live().filter(pk=page.pk).exists()
        assert any("search backend" in record.getMessage() for record in caplog.records)
        assert client.get(page.url, HTTP_HOST="localhost").status_code == 200

        down = client.get(SEARCH, {"q": "pulsar"}, HTTP_HOST="localhost")
        assert down.status_code == 503
        assert "La recherche est momentanément indisponible" in down.content.decode()
        assert client.get("/recherche/autocomplete/", {"q": "puls"}).status_code == 503
    finally:
        services("start-es")

    call_command("update_index", stdout=io.StringIO())
    refresh_index()
    assert "Pulsar oublié" in result_titles(search(client, q="pulsar"))
