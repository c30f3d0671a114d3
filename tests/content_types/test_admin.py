"""An editor opens every page type in Wagtail's admin, and the publish rules hold there."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst

from content_types.models import (
    AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
    MapPage, OpenDataPage, PlaceIndexPage, PlacePage,
)
from home.models import HomePage
from tests.page_forms import event_form_data

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, ArticleIndexPage, ArticlePage, AgendaPage, EventPage, PlaceIndexPage,
              PlacePage, DossierIndexPage, DossierPage, MapPage, OpenDataPage]
CREATABLE = [(ArticlePage, ArticleIndexPage), (EventPage, AgendaPage), (PlacePage, PlaceIndexPage),
             (DossierPage, DossierIndexPage)]


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.get(email="editeur@echosciences.localhost")
    client.force_login(editor)
    return client


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_editor_opens_the_edit_view(editor_client, model):
    page = model.objects.first()
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert page.title in response.content.decode()


@pytest.mark.parametrize("model, parent_model", CREATABLE, ids=lambda m: getattr(m, "__name__", ""))
def test_editor_opens_the_add_view(editor_client, model, parent_model):
    parent = parent_model.objects.first()
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert f"<title>Nouveau: {capfirst(model._meta.verbose_name)} - Wagtail</title>" in response.content.decode()


def test_the_admin_sends_nothing_about_its_users_to_third_parties(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html


def test_admin_is_in_french(editor_client):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert 'lang="fr"' in response.content.decode()


TITLE = "Atelier fusées à eau"


def post_new_event(client, data):
    agenda = AgendaPage.objects.first()
    url = reverse("wagtailadmin_pages:add", args=["content_types", "eventpage", agenda.pk])
    return client.post(url, data)


def test_an_event_needs_at_least_one_date(editor_client):
    response = post_new_event(editor_client, event_form_data(TITLE, dates=0, action="action-publish"))
    assert response.status_code == 200
    assert "Un événement doit avoir au moins une date." in response.content.decode()
    assert not EventPage.objects.filter(title=TITLE).exists()


def test_an_event_cannot_be_published_without_a_map_point(editor_client):
    response = post_new_event(editor_client, event_form_data(TITLE, location="", action="action-publish"))
    assert response.status_code == 200
    assert "ne peut être publié sans lieu" in response.content.decode()
    assert not EventPage.objects.filter(title=TITLE).exists()


def test_an_event_without_a_map_point_can_be_kept_as_a_draft(editor_client):
    response = post_new_event(editor_client, event_form_data(TITLE, location=""))
    assert response.status_code == 302
    event = EventPage.objects.get(title=TITLE)
    assert not event.live


def test_an_editor_publishes_an_event_with_its_own_map_point(editor_client):
    data = event_form_data(TITLE, location="SRID=4326;POINT(1.9093 47.9029)", dates=2, action="action-publish")
    response = post_new_event(editor_client, data)
    assert response.status_code == 302
    event = EventPage.objects.get(title=TITLE)
    assert (event.latitude, event.longitude) == (47.9029, 1.9093)
    assert event.occurrences.count() == 2
    # An editor's « Publier » publishes at once (the moderation workflow is for members):
    # the page is live, with nothing left unpublished, and a reader is served it.
    assert event.live and not event.has_unpublished_changes
    assert not event.workflow_in_progress
    _, _, path = event.get_url_parts()
    reader = Client().get(path, HTTP_HOST=event.get_site().hostname)
    assert reader.status_code == 200
    assert TITLE in reader.content.decode()


def test_moderation_workflow_covers_every_content_type():
    """Each territory's pages, of every type, go through that territory's moderation workflow."""
    for home in HomePage.objects.all():
        workflow = home.get_workflow()
        assert workflow is not None and workflow.active
        for model in [ArticlePage, EventPage, PlacePage, DossierPage]:
            page = model.objects.descendant_of(home).first()
            assert page.get_workflow() == workflow
