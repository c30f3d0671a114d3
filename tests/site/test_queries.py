"""Listing pages run the same number of queries whatever the number of items (no N+1)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from content_types.models import (
    ArticleIndexPage, ArticlePage, DossierIndexPage, DossierItem, DossierPage, PlaceIndexPage, PlacePage,
)
from home.models import HomePage

from .conftest import host_and_path

pytestmark = pytest.mark.django_db


def count_queries(client, page, suffix="", **params):
    host, path = host_and_path(page, suffix)
    client.get(path, params, HTTP_HOST=host)  # warm renditions and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def image(number):
    images = list(get_image_model().objects.order_by("pk"))
    return images[number % len(images)]


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


def test_agenda_query_count_does_not_grow_with_events(client, agenda, make_event):
    small = count_queries(client, agenda)
    for number in range(8):
        make_event(title=f"En plus {number}", days=(1 + number,), tags=("chimie", f"extra-{number}"))
    assert count_queries(client, agenda) == small
    assert count_queries(client, agenda, gratuit="on", quand="ce-mois") <= small + 1


def test_archive_and_feed_query_counts_do_not_grow(client, agenda, make_event):
    archive = count_queries(client, agenda, "archives/")
    feed = count_queries(client, agenda, "ical/")
    for number in range(6):
        make_event(title=f"Passé {number}", days=(-2 - number,))
        make_event(title=f"À venir {number}", days=(2 + number, 9 + number))
    assert count_queries(client, agenda, "archives/") == archive
    assert count_queries(client, agenda, "ical/") == feed


def test_place_listing_query_count_does_not_grow(client):
    index = PlaceIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    small = count_queries(client, index)
    add_places(index, 10)
    assert count_queries(client, index) == small


def test_article_listing_and_feed_query_counts_do_not_grow(client):
    index = ArticleIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    listing, feed = count_queries(client, index), count_queries(client, index, "rss/")
    add_articles(index, 10)
    assert count_queries(client, index) == listing
    assert count_queries(client, index, "rss/") == feed


def test_home_and_theme_query_counts_do_not_grow(client, make_event):
    home = HomePage.objects.get(slug="centre-val-de-loire")
    home_count = count_queries(client, home)
    theme = count_queries(client, home, "thematiques/biodiversité/")
    add_places(PlaceIndexPage.objects.child_of(home).get(), 6)
    add_articles(ArticleIndexPage.objects.child_of(home).get(), 6)
    for number in range(6):
        make_event(title=f"Biodiversité {number}", tags=("biodiversité",), days=(1 + number,))
    assert count_queries(client, home) == home_count
    assert count_queries(client, home, "thematiques/biodiversité/") == theme


def test_dossier_pages_query_counts_do_not_grow(client):
    dossier = DossierPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    index = DossierIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    small, small_index = count_queries(client, dossier), count_queries(client, index)
    chosen = {item.page_id for item in dossier.items.all()}
    extra = PlacePage.objects.live().exclude(pk__in=chosen)[:3]
    extra_articles = ArticlePage.objects.live().exclude(pk__in=chosen)[:3]
    for order, page in enumerate(list(extra) + list(extra_articles), start=100):
        DossierItem.objects.create(dossier=dossier, page=page, sort_order=order)
    for number in range(5):
        index.add_child(instance=DossierPage(title=f"Dossier ajouté {number}", listing_image=image(number)))
    assert count_queries(client, dossier) == small
    assert count_queries(client, index) == small_index
