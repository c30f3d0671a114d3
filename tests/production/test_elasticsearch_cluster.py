"""ELASTICSEARCH_URLS: a cluster of nodes, the index replicated on them (skipped unless two nodes are listed)."""

import io
import os

import pytest
from django.core.management import call_command

from search.index_settings import search_backends

NODES = [url.strip() for url in os.environ.get("ELASTICSEARCH_URLS", "").split(",") if url.strip()]


def test_one_replica_with_two_nodes_and_none_asked_of_a_single_node():
    cluster = search_backends("http://es1:9200,http://es2:9200", "echo")["default"]
    assert cluster["URLS"] == ["http://es1:9200", "http://es2:9200"]
    assert cluster["INDEX_SETTINGS"]["settings"]["number_of_replicas"] == 1
    assert "analysis" in cluster["INDEX_SETTINGS"]["settings"]  # the French analysis is kept
    single = search_backends(["http://es1:9200"], "echo")["default"]
    assert "number_of_replicas" not in single["INDEX_SETTINGS"]["settings"]


@pytest.mark.elasticsearch
@pytest.mark.skipif(len(NODES) < 2, reason="ELASTICSEARCH_URLS ne liste pas deux nœuds")
def test_the_index_is_replicated_on_the_second_node(db, settings):
    from elasticsearch import Elasticsearch
    from wagtail.search.backends import get_search_backend

    from content_types.models import ArticlePage

    assert settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"] == NODES
    call_command("update_index", stdout=io.StringIO())
    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage).name
    for node in NODES:  # either node answers, with the same documents
        client = Elasticsearch(node)
        client.cluster.health(index=index, wait_for_status="green", timeout="60s")
        assert client.indices.get_settings(index=index)[index]["settings"]["index"]["number_of_replicas"] == "1"
    counts = {Elasticsearch(node).count(index=index, preference="_local")["count"] for node in NODES}
    assert len(counts) == 1 and counts.pop() > 0
