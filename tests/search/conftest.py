"""Fixtures for the search tests: an index built from the test database, cleaned between tests."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

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
