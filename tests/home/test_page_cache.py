"""The anonymous page cache (home/page_cache.py): what a visitor sees, and what a member never sees."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content_types.models import EventPage
from home.models import ContactPage, SiteIdentity
from social.models import Comment
from tests.members.conftest import make_user

pytestmark = pytest.mark.django_db

HOST = "localhost"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event():
    return EventPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()


def path_of(page):
    return page.get_url_parts()[2]


def visit(client, path, **extra):
    return client.get(path, HTTP_HOST=HOST, **extra)


def test_an_anonymous_visitor_is_served_the_stored_page_without_the_database(client, event):
    first = visit(client, path_of(event))
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(path_of(event), HTTP_HOST=HOST)
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert event.title in again.content.decode()
    # Browsers and proxies may keep it but must ask again: only the server's copy is dropped on publication.
    assert "no-cache" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_a_stored_page_carries_the_nonce_of_its_own_response(client):
    visit(client, "/")
    for _ in range(2):
        response = visit(Client(), "/")
        assert response["X-Page-Cache"] == "hit"
        header_nonces = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        page_nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert page_nonces and page_nonces <= set(header_nonces)


def test_a_publication_shows_on_the_next_request(client, event):
    agenda = path_of(event.get_parent())
    for path in (agenda, path_of(event)):
        assert visit(client, path)["X-Page-Cache"] == "miss"
        assert visit(client, path)["X-Page-Cache"] == "hit"
    event.title = "Titre changé par l’équipe"
    event.save_revision().publish()
    response = visit(client, path_of(event))
    assert response["X-Page-Cache"] == "miss"
    assert "Titre changé par l’équipe" in response.content.decode()
    # Every page stored before is rendered afresh, the agenda listing the event included.
    assert visit(client, agenda)["X-Page-Cache"] == "miss"


def test_an_unpublished_page_is_gone_at_the_next_request(client, event):
    path = path_of(event)
    assert visit(client, path).status_code == 200
    assert visit(client, path)["X-Page-Cache"] == "hit"
    event.unpublish()
    assert visit(client, path).status_code == 404


def test_a_change_of_identity_shows_at_once(client):
    visit(client, "/")
    identity = SiteIdentity.objects.get(site__hostname=HOST)
    identity.tagline = "Une devise toute neuve"
    identity.save()
    assert "Une devise toute neuve" in visit(client, "/").content.decode()


def test_a_member_signing_in_after_an_anonymous_visit_sees_their_own_header(client, event):
    path = path_of(event)
    visit(client, path)
    assert visit(client, path)["X-Page-Cache"] == "hit"
    member = make_user("lectrice-cache@example.org", first_name="Lectrice")
    client.force_login(member)
    response = visit(client, path)
    html = response.content.decode()
    assert "X-Page-Cache" not in response
    assert "Se déconnecter" in html and "Se connecter" not in html
    assert "private" in response["Cache-Control"]
    # What the member was served is never handed to the next anonymous visitor.
    anonymous = visit(Client(), path)
    assert "Se déconnecter" not in anonymous.content.decode() and "Se connecter" in anonymous.content.decode()


def test_a_members_visit_is_never_stored_for_others(client, event):
    member = make_user("membre-cache@example.org")
    client.force_login(member)
    visit(client, path_of(event))
    response = visit(Client(), path_of(event))
    assert response["X-Page-Cache"] == "miss"
    assert "Se déconnecter" not in response.content.decode()


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has a form"
    return match.group(1)


def test_a_forms_csrf_token_is_never_shared_between_visitors():
    contact = ContactPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = visit(alice, path_of(contact))
    second = visit(bob, path_of(contact))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert csrf_token(first) != csrf_token(second)
    # Alice again, with her cookie: her own fresh token, never a stored page.
    assert "X-Page-Cache" not in visit(alice, path_of(contact))


def test_head_is_answered_from_the_stored_page_and_other_methods_never(client, event):
    visit(client, path_of(event))
    head = client.head(path_of(event), HTTP_HOST=HOST)
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit" and head.content == b""
    post = client.post(path_of(event), HTTP_HOST=HOST)
    assert "X-Page-Cache" not in post


def test_not_found_pages_and_other_hosts_are_kept_apart(client, event):
    missing = visit(client, "/page-qui-n-existe-pas/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing
    visit(client, "/")
    grenoble = client.get("/", HTTP_HOST="grenoble.localhost")
    assert grenoble["X-Page-Cache"] == "miss" and "Grenoble" in grenoble.content.decode()


def test_the_query_string_is_part_of_the_key(client, event):
    agenda = path_of(event.get_parent())
    assert visit(client, agenda)["X-Page-Cache"] == "miss"
    assert client.get(agenda, {"gratuit": "on"}, HTTP_HOST=HOST)["X-Page-Cache"] == "miss"
    assert client.get(agenda, {"gratuit": "on"}, HTTP_HOST=HOST)["X-Page-Cache"] == "hit"


def test_off_when_no_lifetime_is_set(client, settings, event):
    settings.PAGE_CACHE_SECONDS = 0
    visit(client, path_of(event))
    assert "X-Page-Cache" not in visit(client, path_of(event))


def test_a_new_comment_shows_at_the_next_request_without_recomputing_the_menus(client, event):
    path = path_of(event)
    visit(client, path)
    assert visit(client, path)["X-Page-Cache"] == "hit"
    Comment.objects.create(page=event, author=make_user("commentatrice@example.org"), body="Quelle belle soirée !")
    with CaptureQueriesContext(connection) as queries:
        response = visit(client, path)
    assert response["X-Page-Cache"] == "miss" and "Quelle belle soirée" in response.content.decode()
    assert not any('FROM "home_legalpage"' in query["sql"] for query in queries)  # the footer's links kept
