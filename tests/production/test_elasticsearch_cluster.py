"""ELASTICSEARCH_URLS: a cluster of nodes keeps one replica of the index.

The suite runs one node (`make test`); a two-node run with a node stopped is issue 13's
remaining work (scripts/services.sh start-es2 starts the second node)."""

from search.index_settings import search_backends


def test_one_replica_with_two_nodes_and_none_asked_of_a_single_node():
    cluster = search_backends("http://es1:9200,http://es2:9200", "echo")["default"]
    assert cluster["URLS"] == ["http://es1:9200", "http://es2:9200"]
    assert cluster["INDEX_SETTINGS"]["settings"]["number_of_replicas"] == 1
    assert "analysis" in cluster["INDEX_SETTINGS"]["settings"]  # the French analysis is kept
    single = search_backends(["http://es1:9200"], "echo")["default"]
    assert "number_of_replicas" not in single["INDEX_SETTINGS"]["settings"]
