"""Shared fixtures: the demo territories seeded once, real services required in CI, a real browser."""

import io
import os
import shutil
import subprocess
import tempfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
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


class SeedSnapshot:
    """On PostgreSQL, the seeded demo's rows kept once (pg_dump) and put back (pg_restore) into
    the flushed database of each transactional test: seconds instead of seeding again.
    Elsewhere (SQLite), each such test seeds the demo again."""

    path = None

    @classmethod
    def libpq(cls):
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
                "--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]
        return args, env

    @classmethod
    def take(cls):
        if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
            return
        args, env = cls.libpq()
        path = os.path.join(tempfile.mkdtemp(prefix="echo-test-seed-"), "seed.dump")
        subprocess.run(["pg_dump", "--format=custom", "--data-only", "--exclude-table=django_migrations",
                        "--file", path, *args], check=True, env=env)
        cls.path = path

    @classmethod
    def restore(cls):
        """True when the demo's rows are back (the search index is then rebuilt from them)."""
        if cls.path is None:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations'")
            tables = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        connection.close()  # pg_restore writes through its own connection
        args, env = cls.libpq()
        subprocess.run(["pg_restore", "--data-only", "--disable-triggers", "--single-transaction", *args, cls.path],
                       check=True, env=env)
        # The flush made content types under other ids than the restored ones: forget them.
        ContentType.objects.clear_cache()
        cache.clear()
        call_command("update_index", stdout=io.StringIO())
        return True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the two demo territories once; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        seed()
        SeedSnapshot.take()


@pytest.fixture
def seeded_live_server(transactional_db, live_server):
    """A live server over the demo data (a transactional test starts from a flushed database)."""
    if not SeedSnapshot.restore():
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
