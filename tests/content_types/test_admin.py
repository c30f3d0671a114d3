"""An editor opens every page type in Wagtail's admin, and the publish rules hold there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from content_types.models import (
    AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
    MapPage, PlaceIndexPage, PlacePage,
)
from home.models import HomePage

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, ArticleIndexPage, ArticlePage, AgendaPage, EventPage, PlaceIndexPage,
              PlacePage, DossierIndexPage, DossierPage, MapPage]
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


def test_admin_is_in_french(editor_client):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert 'lang="fr"' in response.content.decode()


def event_form_data(agenda, **overrides):
    data = {
        "title": "Atelier fusées à eau",
        "slug": "atelier-fusees-a-eau",
        "summary": "Construire et lancer des fusées.",
        "audience": "tout-public",
        "occurrences-TOTAL_FORMS": "1",
        "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0",
        "occurrences-MAX_NUM_FORMS": "1000",
        "occurrences-0-start": "2030-05-01 14:00",
        "occurrences-0-end": "2030-05-01 17:00",
        "occurrences-0-status": "prevu",
        "occurrences-0-ORDER": "1",
        "body-count": "0",
        "tags": "",
        "address": "",
        "postcode": "",
        "city": "",
        "location": "",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return data


def post_new_event(client, data):
    agenda = AgendaPage.objects.first()
    url = reverse("wagtailadmin_pages:add", args=["content_types", "eventpage", agenda.pk])
    return client.post(url, data)


def test_an_event_needs_at_least_one_date(editor_client):
    data = event_form_data(None, **{"occurrences-TOTAL_FORMS": "0", "location": "SRID=4326;POINT(1.9 47.9)"})
    response = post_new_event(editor_client, data)
    assert response.status_code == 200
    assert "Un événement doit avoir au moins une date." in response.content.decode()
    assert not EventPage.objects.filter(slug="atelier-fusees-a-eau").exists()


def test_an_event_cannot_be_published_without_a_map_point(editor_client):
    response = post_new_event(editor_client, event_form_data(None))
    assert response.status_code == 200
    assert "ne peut être publié sans lieu" in response.content.decode()
    assert not EventPage.objects.filter(slug="atelier-fusees-a-eau").exists()


def test_an_event_without_a_map_point_can_be_kept_as_a_draft(editor_client):
    data = event_form_data(None)
    del data["action-publish"]
    response = post_new_event(editor_client, data)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="atelier-fusees-a-eau")
    assert not event.live


def test_an_editor_publishes_an_event_with_its_own_map_point(editor_client):
    data = event_form_data(None, location="SRID=4326;POINT(1.9093 47.9029)", city="Orléans")
    response = post_new_event(editor_client, data)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="atelier-fusees-a-eau")
    assert (event.latitude, event.longitude) == (47.9029, 1.9093)
    assert event.occurrences.count() == 1
    # Editors' submissions pass through the moderation workflow, so publishing may wait for approval;
    # either way a revision exists and nothing is lost.
    assert event.latest_revision is not None


def test_moderation_workflow_covers_every_content_type():
    """Each territory's pages, of every type, go through that territory's moderation workflow."""
    for home in HomePage.objects.all():
        workflow = home.get_workflow()
        assert workflow is not None and workflow.active
        for model in [ArticlePage, EventPage, PlacePage, DossierPage]:
            page = model.objects.descendant_of(home).first()
            assert page.get_workflow() == workflow
