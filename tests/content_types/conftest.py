"""Fixtures of the content types' tests: each section, its factories, fetching a page on its own host."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model

from content_types.models import (
    AnnonceIndexPage, AnnonceKind, AnnoncePage, ArticlePage, CommunityIndexPage, CommunityPage, PlacePage,
    ProjectIndexPage, ProjectPage,
)
from home.models import HomePage
from tests.site.conftest import (  # noqa: F401 (fixtures and helpers of the public site's tests)
    NBSP, agenda, assert_page_shell, json_ld_blocks, make_event, visible_text,
)

from .map_corner import _no_response_cache, features  # noqa: F401 (fixtures of the map API's tests)

CENTRE = "/centre-val-de-loire/"


def host_and_path(page, suffix=""):
    site = page.get_site()
    _, _, path = page.get_url_parts()
    return site.hostname, path + suffix


def count_queries(client, page, suffix="", **params):
    """Queries of one warm GET of `page` (renditions and caches warmed by a first GET)."""
    host, path = host_and_path(page, suffix)
    client.get(path, params, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def image(number):
    images = list(get_image_model().objects.order_by("pk")[:10])
    return images[number % len(images)]


@pytest.fixture
def home(db):
    return HomePage.objects.get(slug="centre-val-de-loire")


@pytest.fixture
def annonces_index(home):
    return AnnonceIndexPage.objects.child_of(home).get()


@pytest.fixture
def projects_index(home):
    return ProjectIndexPage.objects.child_of(home).get()


@pytest.fixture
def communities_index(home):
    return CommunityIndexPage.objects.child_of(home).get()


@pytest.fixture
def fetch(client):
    def get(target, suffix="", **params):
        host, path = host_and_path(target, suffix)
        return client.get(path, params, HTTP_HOST=host)
    return get


@pytest.fixture
def make_annonce(annonces_index):
    counter = {"n": 0}

    def make(title=None, deadline_days=10, kind="offre-de-stage", city="Orléans", publish=True, **fields):
        counter["n"] += 1
        page = AnnoncePage(
            title=title or f"Annonce de test {counter['n']}", summary="Une annonce créée par les tests.",
            kind=AnnonceKind.objects.get(slug=kind), deadline=timezone.localdate() + timedelta(days=deadline_days),
            city=city, listing_image=image(counter["n"]), **fields,
        )
        page.tags.add("tests", f"extra-{counter['n']}")
        annonces_index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return AnnoncePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_project(projects_index):
    counter = {"n": 0}

    def make(title=None, status=ProjectPage.Status.RUNNING, tags=("climat",), team=(), **fields):
        counter["n"] += 1
        page = ProjectPage(
            title=title or f"Projet de test {counter['n']}", summary="Un projet créé par les tests.",
            status=status, listing_image=image(counter["n"]), **fields,
        )
        page.tags.add(*tags, f"extra-{counter['n']}")
        page.team = list(team)
        projects_index.add_child(instance=page)
        page.save_revision().publish()
        return ProjectPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_community(communities_index):
    counter = {"n": 0}

    def make(title=None, policy=CommunityPage.Policy.OPEN, moderators=(), **fields):
        counter["n"] += 1
        page = CommunityPage(
            title=title or f"Communauté de test {counter['n']}", summary="Une communauté des tests.",
            policy=policy, listing_image=image(counter["n"]), **fields,
        )
        page.moderators = list(moderators)
        page.tags.add("tests")
        communities_index.add_child(instance=page)
        page.save_revision().publish()
        return CommunityPage.objects.get(pk=page.pk)

    return make


def main_entity(html, kind):
    blocks = json_ld_blocks(html)
    assert any(b["@type"] == "BreadcrumbList" for b in blocks)
    for block in blocks:
        types = block["@type"] if isinstance(block["@type"], list) else [block["@type"]]
        if kind in types:
            return block
    raise AssertionError(f"no {kind} in {blocks}")


def add_places(index, count):
    for number in range(count):
        place = PlacePage(title=f"Lieu ajouté {number}", summary="Un lieu.", kind="musee", city="Orléans",
                          listing_image=image(number))
        place.tags.add("biodiversité", f"extra-{number}")
        index.add_child(instance=place)



def add_articles(index, count):
    for number in range(count):
        article = ArticlePage(title=f"Article ajouté {number}", summary="Un article.", date=date.today(),
                              listing_image=image(number))
        article.tags.add("climat", f"extra-{number}")
        index.add_child(instance=article)

