"""A dossier: its JSON-LD (and the home page's), its selection grouped by type, its query counts."""

import pytest
from django.utils.html import escape

from content_types.models import ArticlePage, DossierIndexPage, DossierItem, DossierPage, EventPage, PlacePage
from home.templatetags.site_tags import typo

from .conftest import assert_page_shell, count_queries, image, json_ld_blocks, main_entity

pytestmark = pytest.mark.django_db


def test_dossier_and_home_jsonld(fetch, client):
    dossier = DossierPage.objects.live().first()
    data = main_entity(fetch(dossier).content.decode(), "CollectionPage")
    assert {part["name"] for part in data["hasPart"]} == {page.title for page in dossier.get_selection()}
    home = json_ld_blocks(client.get("/", HTTP_HOST="localhost").content.decode())
    assert home[0]["@type"] == "WebSite" and home[0]["name"] == "Echosciences Centre-Val de Loire"


def test_dossier_groups_its_selection_by_type_in_the_editors_order(fetch):
    dossier = DossierPage.objects.live().first()
    html = fetch(dossier).content.decode()
    assert_page_shell(html)
    selection = dossier.get_selection()
    for item in selection:
        assert escape(typo(item.title)) in html
    # Within each type, the editor's order.
    for model in (EventPage, PlacePage, ArticlePage):
        titles = [item.title for item in selection if isinstance(item, model)]
        positions = [html.index(title) for title in titles]
        assert positions == sorted(positions)


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

