"""Editors cannot create a page where it does not belong."""

import pytest

from content_types.models import (
    AgendaPage, AnnonceIndexPage, AnnoncePage, ArticleIndexPage, ArticlePage, CommunityIndexPage, CommunityPage,
    DossierIndexPage, DossierPage, EventPage, MapPage, PlaceIndexPage, OpenDataPage, PlacePage, ProjectIndexPage, ProjectPage,
)
from home.models import ContactPage, HomePage, LegalPage

pytestmark = pytest.mark.django_db

SECTIONS = {
    ArticleIndexPage, AgendaPage, PlaceIndexPage, DossierIndexPage, MapPage,
    AnnonceIndexPage, ProjectIndexPage, CommunityIndexPage,
}
ALLOWED = {
    HomePage: SECTIONS | {OpenDataPage, LegalPage, ContactPage},  # plus the legal pages and contact form
    ArticleIndexPage: {ArticlePage},
    AgendaPage: {EventPage},
    PlaceIndexPage: {PlacePage},
    DossierIndexPage: {DossierPage},
    MapPage: set(),
    OpenDataPage: set(),
    ArticlePage: set(),
    EventPage: set(),
    PlacePage: set(),
    DossierPage: set(),
}


@pytest.mark.parametrize("parent", list(ALLOWED), ids=lambda model: model.__name__)
def test_each_page_type_accepts_only_its_children(parent):
    assert set(parent.clean_subpage_models()) == ALLOWED[parent]


def test_content_pages_only_go_under_their_index():
    assert ArticlePage.clean_parent_page_models() == [ArticleIndexPage]
    assert EventPage.clean_parent_page_models() == [AgendaPage]
    assert PlacePage.clean_parent_page_models() == [PlaceIndexPage]
    assert DossierPage.clean_parent_page_models() == [DossierIndexPage]
    assert AnnoncePage.clean_parent_page_models() == [AnnonceIndexPage]
    assert ProjectPage.clean_parent_page_models() == [ProjectIndexPage]
    assert CommunityPage.clean_parent_page_models() == [CommunityIndexPage]


def test_a_territory_has_one_section_of_each_kind():
    home = HomePage.objects.first()
    assert not ArticleIndexPage.can_create_at(home)
    assert not AgendaPage.can_create_at(home)


def test_an_event_cannot_be_created_under_the_articles():
    articles = ArticleIndexPage.objects.first()
    assert not EventPage.can_create_at(articles)
    assert ArticlePage.can_create_at(articles)
