"""What the most visited pages cost the database, page cache off (bench/load.py measures the
time): a budget of queries per page that fails if the menus, the footer or a listing go back
to querying on every request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from content_types.models import EventPage
from home import fragments
from home.models import HomePage

from .conftest import host_and_path

pytestmark = pytest.mark.django_db

# Measured on the demo data (seed_demo), second visit; a page over its budget has gained queries.
BUDGETS = {"home": 6, "agenda": 15, "event": 20}  # 55, 18 and 34 (bench database) before the cached fragments


def queries_of(client, page):
    """The queries of a visit in the steady state: the renditions were made by an earlier visit
    and the cached fragments computed since (as after any publication but the first)."""
    host, path = host_and_path(page)
    assert client.get(path, HTTP_HOST=host).status_code == 200  # renditions made
    fragments.new_generation()
    assert client.get(path, HTTP_HOST=host).status_code == 200  # fragments cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.fixture
def home():
    return HomePage.objects.get(url_path="/centre-val-de-loire/")


@pytest.fixture
def event():
    return EventPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()


def test_the_home_page_stays_within_its_query_budget(client, home):
    assert len(queries_of(client, home)) <= BUDGETS["home"]


def test_the_agenda_stays_within_its_query_budget(client, event):
    assert len(queries_of(client, event.get_parent())) <= BUDGETS["agenda"]


def test_an_event_page_stays_within_its_query_budget(client, event):
    assert len(queries_of(client, event)) <= BUDGETS["event"]


def test_menu_footer_and_icon_come_from_the_shared_cache(client, event):
    """The identity, the menu's sections and the footer's legal pages are not read again."""
    queries = queries_of(client, event)
    sql = " ".join(queries)
    assert "home_legalpage" not in sql and "home_contactpage" not in sql
    assert '"show_in_menus" FROM' not in sql  # the menu's own query
    assert sum('FROM "home_siteidentity"' in query for query in queries) <= 1


def test_a_publication_refreshes_the_cached_menu(client, home):
    host, path = host_and_path(home)
    client.get(path, HTTP_HOST=host)
    section = Page.objects.child_of(home).live().first().specific
    section.title = "Rubrique renommée"
    section.save_revision().publish()
    assert "Rubrique renommée" in client.get(path, HTTP_HOST=host).content.decode()


def test_an_agenda_of_many_pages_lists_a_few_page_links(client, event, settings):
    """Django's elided page range: the first, the last and two either side of the current page."""
    agenda = event.get_parent().specific
    agenda.per_page = 1
    type(agenda).per_page = 1
    try:
        cache.clear()
        host, path = host_and_path(agenda)
        html = client.get(path, {"page": 6}, HTTP_HOST=host).content.decode()
    finally:
        type(agenda).per_page = 12
    assert 'aria-current="page"><span class="visually-hidden">Page </span>6</a>' in html
    assert "page=4\"" in html and "page=8\"" in html
    assert "page=3\"" not in html and "page=9\"" not in html
    assert "…" in html
