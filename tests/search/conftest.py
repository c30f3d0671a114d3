"""Fixtures for the search tests: an index built from the test database, cleaned between tests."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from .helpers import drop_stale_documents, refresh_index


@pytest.fixture(scope="module")
def search_index(django_db_setup, django_db_blocker):
    """The index rebuilt once per module from the seeded test database (`update_index`)."""
    if not settings.ELASTICSEARCH_URL:
        return  # the tests skip (or fail in CI) through their `elasticsearch` marker
    with django_db_blocker.unblock():
        call_command("update_index", stdout=io.StringIO())
    refresh_index()


@pytest.fixture
def clean_index(search_index, db):
    if settings.ELASTICSEARCH_URL:
        drop_stale_documents()
    yield


@pytest.fixture(
    params=[
        pytest.param("elasticsearch", marks=[pytest.mark.elasticsearch, pytest.mark.postgres]),
        "database",
    ]
)
def search_backend(request, settings, db):
    """Each behavioural test on Elasticsearch and on the embedded default (`search.database`).

    The embedded default is Wagtail's SQLite full-text backend analysing French: it runs
    where the suite runs on SQLite (`make test-fast`); on PostgreSQL, Elasticsearch is the
    search backend of every deployment and Wagtail's own database backend is not ours.
    """
    if request.param == "elasticsearch":
        request.getfixturevalue("clean_index")
        return request.param
    if connection.vendor != "sqlite":
        pytest.skip("le moteur embarqué (search.database) est celui de SQLite, `make run`")
    already_default = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.database"
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database"}}
    if not already_default:  # the seeded pages were indexed elsewhere
        call_command("update_index", stdout=io.StringIO())
    return request.param
