"""scripts/services.sh: `env` names every server it starts, and each of them answers there.

The suite's own configuration comes from `eval "$(scripts/services.sh env)"` (Makefile), so
a wrong URL or a server that `start` forgot shows up here first, by name. Outside CI a
server that is not running skips the check (see `missing_service`).
"""

import json
import shlex
import socket
import subprocess
import urllib.request
from urllib.parse import urlsplit

import psycopg
from django.conf import settings

from search.index_settings import FRENCH_ANALYSIS_FILTERS, FRENCH_INDEX_SETTINGS
from tests.conftest import missing_service

SCRIPT = settings.BASE_DIR / "scripts" / "services.sh"


def services_env():
    out = subprocess.run(["bash", str(SCRIPT), "env"], check=True, capture_output=True, text=True, timeout=60).stdout
    variables = {}
    for line in out.splitlines():
        name, _, value = shlex.split(line.removeprefix("export "))[0].partition("=")
        variables[name] = value
    return variables


def get_json(url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_env_names_every_server_on_loopback():
    variables = services_env()

    assert {"DATABASE_URL", "ELASTICSEARCH_URL", "REDIS_URL"} <= set(variables)
    assert urlsplit(variables["DATABASE_URL"]).scheme == "postgres"
    assert urlsplit(variables["REDIS_URL"]).scheme == "redis" and urlsplit(variables["REDIS_URL"]).path == "/0"
    urls = [variables["DATABASE_URL"], variables["ELASTICSEARCH_URL"], variables["REDIS_URL"]]
    if "ELASTICSEARCH_URLS" in variables:
        urls += variables["ELASTICSEARCH_URLS"].split(",")
        assert variables["ELASTICSEARCH_URLS"].split(",")[0] == variables["ELASTICSEARCH_URL"]
    assert {urlsplit(url).hostname for url in urls} == {"127.0.0.1"}


def test_postgresql_answers():
    url = services_env()["DATABASE_URL"]
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            assert connection.execute("SELECT 1").fetchone() == (1,)
    except psycopg.OperationalError as error:
        missing_service(f"PostgreSQL ne répond pas sur {url} : {error}")


def elasticsearch_urls():
    variables = services_env()
    return variables.get("ELASTICSEARCH_URLS", variables["ELASTICSEARCH_URL"]).split(",")


def test_elasticsearch_answers_with_the_french_analysis_on_every_node():
    urls = elasticsearch_urls()
    analysis = FRENCH_INDEX_SETTINGS["settings"]["analysis"]["filter"]
    # The analysis the search index uses, built from the plugin's filters on each node.
    filters = [analysis.get(name, name) for name in FRENCH_ANALYSIS_FILTERS]
    for url in urls:
        try:
            info = get_json(url + "/")
        except OSError as error:
            missing_service(f"Elasticsearch ne répond pas sur {url} : {error}")
        assert info["cluster_name"] == "echo-services" and info["version"]["number"].startswith("8.")
        tokens = get_json(
            url + "/_analyze",
            {"tokenizer": "standard", "filter": filters, "text": "L'étoile filante des Pléiades"},
        )["tokens"]
        assert [token["token"] for token in tokens] == ["etoil", "filant", "pleiad"], url
        health = get_json(url + "/_cluster/health")
        assert health["number_of_nodes"] >= len(urls), url


def test_redis_answers():
    url = urlsplit(services_env()["REDIS_URL"])
    try:
        with socket.create_connection((url.hostname, url.port), timeout=5) as connection:
            connection.sendall(b"PING\r\n")
            assert connection.recv(64) == b"+PONG\r\n"
    except OSError as error:
        missing_service(f"Redis ne répond pas sur {url.geturl()} : {error}")

