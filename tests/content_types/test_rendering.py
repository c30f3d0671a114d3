"""Every page type of the demo renders for a reader, and each territory serves its own home."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from content_types.models import (
    AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
    MapPage, PlaceIndexPage, PlacePage,
)
from home.models import HomePage

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, ArticleIndexPage, ArticlePage, AgendaPage, EventPage, PlaceIndexPage,
              PlacePage, DossierIndexPage, DossierPage, MapPage]


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_renders(client, model):
    for page in model.objects.live()[:3]:
        site = page.get_site()
        _, _, path = page.get_url_parts()
        response = client.get(path, HTTP_HOST=site.hostname)
        assert response.status_code == 200, page.url_path
        assert page.title in response.content.decode()


def test_two_sites_serve_their_own_home(client):
    sites = Site.objects.filter(root_page__in=HomePage.objects.all()).select_related("root_page")
    assert sites.count() == 2
    titles = set()
    for site in sites:
        response = client.get("/", HTTP_HOST=site.hostname)
        assert response.status_code == 200
        assert site.root_page.title in response.content.decode()
        titles.add(site.root_page.title)
    assert titles == {"Echosciences Centre-Val de Loire", "Echosciences Grenoble"}


def test_demo_volume_per_territory():
    for home in HomePage.objects.all():
        assert EventPage.objects.descendant_of(home).live().count() >= 20
        assert PlacePage.objects.descendant_of(home).live().count() >= 10
        assert ArticlePage.objects.descendant_of(home).live().count() >= 10
        assert DossierPage.objects.descendant_of(home).live().count() >= 3


def test_every_demo_event_has_a_map_point_and_a_date():
    events = EventPage.objects.live()
    assert not events.filter(latitude__isnull=True).exists()
    assert not events.filter(occurrences__isnull=True).exists()
    assert events.filter(venue__isnull=False).exists() and events.filter(venue__isnull=True).exists()


def test_seeding_twice_adds_nothing():
    before = Page.objects.count()
    call_command("seed_demo", "--quiet")
    assert Page.objects.count() == before
