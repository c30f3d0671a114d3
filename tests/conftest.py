"""Shared fixtures: the demo territories seeded once, real services required in CI, a real browser."""

import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def missing_service(reason):
    """In CI a missing service is a failure; on a laptop running a subset, a skip."""
    if IN_CI:
        pytest.fail(f"Service manquant en CI : {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty per-process cache (cms/settings/test.py): no fragment,
    page or map response computed in a test whose data was rolled back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _require_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        missing_service("PostgreSQL requis (DATABASE_URL, voir scripts/services.sh)")
    if request.node.get_closest_marker("elasticsearch") and not settings.ELASTICSEARCH_URL:
        missing_service("Elasticsearch requis (ELASTICSEARCH_URL, voir scripts/services.sh)")
    if request.node.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        missing_service("Redis requis (REDIS_URL, voir scripts/services.sh)")
    if request.node.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        missing_service("Chromium requis (/usr/bin/chromium, `make browser`)")


def seed():
    """The demo territories, and on Elasticsearch an index built with the project's mappings.

    Without `update_index` Elasticsearch would create the index on first write with
    guessed mappings (no French analysis), and searches in tests would not match production.
    """
    call_command("seed_demo", "--quiet")
    if settings.ELASTICSEARCH_URL:
        call_command("update_index", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the two demo territories once; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        seed()


@pytest.fixture
def seeded_live_server(transactional_db, live_server):
    """A live server over the demo data (a transactional test starts from a flushed database)."""
    seed()
    return live_server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright's sync API, one per session.

    That API keeps an event loop running in the test thread for as long as the browser
    lives, and Django then takes every ORM call of the thread (live server set-up, flush,
    the tests' own queries) for async code and refuses it. They are plain synchronous calls
    (the browser is another process), so they are allowed for the rest of the session.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    tab = context.new_page()
    yield tab
    context.close()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def scroll_maps_into_view(page):
    """Maps below the fold load their scripts only when they come near the screen
    (static/js/when-visible.js, static/js/point-map.js): bring each one into view, as a
    reader scrolling down would, before waiting for it."""
    page.evaluate(
        "() => document.querySelectorAll('[data-echo-map], [data-point-map]')"
        ".forEach((map) => map.scrollIntoView({block: 'center'}))"
    )
