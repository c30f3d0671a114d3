"""Elasticsearch as a two-node cluster: the first node stops, the site's search still answers.

A private cluster of its own (scripts/services.sh with other ports and another directory,
node 2 joining node 1 as `start-es2` does), never the shared node the other tests use.
It is started and stopped by this test (about 20 s to start both nodes); if it cannot
start, the test fails.
"""

import io
import logging
import os
import subprocess

import pytest
import requests
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.index_settings import search_backends

from .helpers import ROOT

# The `elasticsearch` marker keeps it out of `make test-fast` and fails it in CI without one.
pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

PRIVATE = {
    "SERVICES_DIR": "/tmp/echo-es-cluster",
    # Node 2 on 29231, transport 29330 and 29331: below the kernel's ephemeral range
    # (32768-60999), where an outgoing connection can hold a port for a moment and make a
    # node fail to bind.
    "ES_PORT": "29230",
    "ES_JAVA_OPTS": "-Xms256m -Xmx512m -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch",
}
QUERY = "science"


def services(command):
    """scripts/services.sh on the private cluster; its output shown when it fails."""
    result = subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), command], timeout=300,
                            env={**os.environ, **PRIVATE}, capture_output=True, text=True)
    assert result.returncode == 0, f"services.sh {command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def cluster_urls():
    """Both nodes running; ELASTICSEARCH_URLS as `services.sh env` gives it (node 1 first)."""
    try:
        services("start-es2")
        exports = dict(line.removeprefix("export ").split("=", 1)
                       for line in services("env").splitlines() if line.startswith("export "))
        yield exports["ELASTICSEARCH_URLS"]
    finally:
        services("stop-es2")
        services("stop-es")


def cluster_health(node_url, index, status):
    response = requests.get(f"{node_url}/_cluster/health/{index}",
                            params={"wait_for_status": status, "timeout": "60s"}, timeout=70)
    response.raise_for_status()
    return response.json()


def search_page(client):
    """What a visitor sees: the number announced, the count of each type and the results' titles."""
    cache.clear()  # the answer comes from the search server, whatever page cache exists
    response = client.get("/recherche/", {"q": QUERY}, HTTP_HOST="localhost")
    assert response.status_code == 200, response.content[:500]
    soup = BeautifulSoup(response.content, "html.parser")
    return (
        " ".join(soup.select_one("#results-heading").get_text().split()),
        [" ".join(facet.get_text().split()) for facet in soup.select("[data-facet]")],
        [" ".join(link.get_text().split()) for link in soup.select(".search-result__title a")],
    )


def test_search_answers_the_same_when_the_first_node_stops(cluster_urls, client, settings, caplog):
    first_node, second_node = cluster_urls.split(",")
    settings.WAGTAILSEARCH_BACKENDS = search_backends(cluster_urls, "echo_failover")
    call_command("update_index", stdout=io.StringIO())
    index = get_search_backend().get_index_for_model(Page)
    index.refresh()

    index_settings = requests.get(f"{first_node}/{index.name}/_settings", timeout=10).json()
    assert [s["settings"]["index"]["number_of_replicas"] for s in index_settings.values()] == ["1"]
    health = cluster_health(first_node, index.name, "green")  # the replica is on the other node
    assert health["status"] == "green" and health["number_of_nodes"] == 2
    assert health["active_shards"] == 2 * health["active_primary_shards"]

    before = search_page(client)
    heading, facets, titles = before
    assert len(titles) > 1 and "résultats" in heading and facets

    services("stop-es")  # node 1: the first URL, the cluster's master
    try:
        # Each search opens a client that may try either node first: several searches, and
        # at least one of them sent to the stopped node and retried on the other.
        with caplog.at_level(logging.WARNING, logger="elastic_transport"):
            for _ in range(10):
                assert search_page(client) == before
                if any("Retrying request after failure" in r.getMessage() for r in caplog.records):
                    break
        assert any("Retrying request after failure" in r.getMessage() for r in caplog.records), \
            "no search was sent to the stopped node first"
    finally:
        services("start-es")

    health = cluster_health(second_node, index.name, "green")  # node 2 has joined back
    assert health["number_of_nodes"] == 2
    assert search_page(client) == before
