"""Wagtail's v3 pages endpoints: each content type's public fields are readable, and the
writing side (create, update, publish…) stays closed to anyone without the permission."""

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import APIToken, Page

from content_types.models import AgendaPage, ArticlePage, DossierPage, EventPage, PlacePage

from .map_corner import agenda_of, make_event

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def detail(client, page, **extra):
    response = client.get(f"{PAGES}{page.pk}/", HTTP_HOST="localhost", **extra)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_event_exposes_dates_place_tags_image_venue_and_organiser(client):
    event = (
        EventPage.objects.live().filter(venue__isnull=False, organiser__isnull=False, listing_image__isnull=False)
        .descendant_of(agenda_of("localhost")).first()
    )
    assert event is not None, "the demo has events at a venue, with an organiser and an image"
    body = detail(client, event)

    assert body["meta"]["type"] == "content_types.EventPage"
    assert body["summary"] == event.summary
    occurrences = list(event.occurrences.order_by("start"))
    assert sorted(datetime.fromisoformat(o["start"].replace("Z", "+00:00")) for o in body["occurrences"]) == [
        o.start for o in occurrences
    ]
    assert {"start", "end", "all_day", "status"} <= set(body["occurrences"][0])
    assert body["latitude"] == pytest.approx(event.venue.latitude)
    assert body["longitude"] == pytest.approx(event.venue.longitude)
    assert sorted(body["tags"]) == sorted(tag.name for tag in event.tags.all())
    assert body["venue"] == {"id": event.venue.pk, "title": event.venue.title, "url": event.venue.get_full_url()}
    assert body["organiser"]["name"] == event.organiser.name
    assert ".width-800." in body["listing_image"]["url"]
    assert body["listing_image_thumbnail"]["width"] == 400
    assert body["listing_image_thumbnail"]["height"] == 300


def test_a_place_exposes_kind_address_opening_hours_and_organisation(client):
    place = PlacePage.objects.live().filter(opening_hours__isnull=False).distinct().first()
    response = client.get(f"{PAGES}{place.pk}/", HTTP_HOST=place.get_site().hostname)
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == place.kind
    assert body["city"] == place.city and body["address"] == place.address
    assert (body["latitude"], body["longitude"]) == (place.latitude, place.longitude)
    assert len(body["opening_hours"]) == place.opening_hours.count()
    assert {"weekday", "opens", "closes"} <= set(body["opening_hours"][0])
    if place.organisation_id:
        assert body["organisation"]["name"] == place.organisation.name


def test_articles_and_dossiers_expose_their_content(client):
    article = ArticlePage.objects.live().descendant_of(agenda_of().get_parent()).first()
    body = detail(client, article)
    assert body["date"] == article.date.isoformat()
    assert body["body"], "the StreamField is served"
    assert "author" not in body, "a member's account is not published through the API"

    dossier = DossierPage.objects.live().descendant_of(agenda_of().get_parent()).first()
    body = detail(client, dossier)
    assert [item["page"]["id"] for item in body["items"]] == [item.page_id for item in dossier.items.all()]


def test_the_read_schemas_list_the_public_fields(client):
    components = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    fields = set(components["EventPageSchema"]["properties"])
    assert {"occurrences", "latitude", "longitude", "tags", "listing_image", "venue", "organiser"} <= fields


def test_listing_and_detail_hide_drafts_from_anonymous_readers(client):
    draft = make_event("Brouillon de l'API", live=False)
    assert client.get(f"{PAGES}{draft.pk}/", HTTP_HOST="localhost").status_code == 404
    listed = client.get(PAGES, {"type": "content_types.EventPage", "limit": 20}, HTTP_HOST="localhost").json()
    assert draft.pk not in {item["id"] for item in listed["items"]}


# ---- Writing stays closed --------------------------------------------------------


@pytest.fixture
def reader():
    """An account with no page permission at all (out of every group, not staff)."""
    user = get_user_model().objects.create_user(email="lecteur-api@example.org", password="x")
    user.groups.clear()  # new accounts may join the members' group on creation
    return user


def bearer(user):
    _, plaintext = APIToken.create_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def new_event_payload(parent):
    return {"meta": {"type": "content_types.EventPage", "parent_id": parent.pk, "action": "publish"},
            "title": "Créé par l'API", "slug": "cree-par-l-api"}


def write_attempts(client, auth):
    """Every writing operation of the pages API, with `auth` headers; their statuses."""
    agenda = AgendaPage.objects.get(pk=agenda_of().pk)
    event = EventPage.objects.live().descendant_of(agenda).first()
    draft = make_event("Brouillon à publier", live=False)
    json = "application/json"
    statuses = {
        "create": client.post(PAGES, new_event_payload(agenda), content_type=json, **auth).status_code,
        "update": client.patch(f"{PAGES}{event.pk}/", {"title": "Piraté"}, content_type=json, **auth).status_code,
        "publish": client.post(f"{PAGES}{draft.pk}/actions/publish/", content_type=json, **auth).status_code,
        "unpublish": client.post(f"{PAGES}{event.pk}/actions/unpublish/", {}, content_type=json, **auth).status_code,
        "delete": client.delete(f"{PAGES}{event.pk}/", **auth).status_code,
        "move": client.post(f"{PAGES}{event.pk}/actions/move/", {"destination_id": agenda.get_parent().pk},
                            content_type=json, **auth).status_code,
    }
    event.refresh_from_db()
    draft.refresh_from_db()
    unchanged = (
        event.live and event.title != "Piraté" and not draft.live
        and not Page.objects.filter(slug="cree-par-l-api").exists()
        and event.get_parent().pk == agenda.pk
    )
    return statuses, unchanged


def test_anonymous_callers_cannot_write(client):
    statuses, unchanged = write_attempts(client, {})
    assert set(statuses.values()) == {401}, statuses
    assert unchanged


def test_a_logged_in_session_is_not_enough(client):
    """v3 ignores session cookies: a browser tab logged into the admin cannot be used to write."""
    admin = get_user_model().objects.create_superuser(email="session-admin@example.org", password="x")
    client.force_login(admin)
    statuses, unchanged = write_attempts(client, {})
    assert set(statuses.values()) == {401}, statuses
    assert unchanged


def test_a_token_without_page_permissions_cannot_write(client, reader):
    assert not reader.groups.exists() and not reader.is_superuser
    statuses, unchanged = write_attempts(client, bearer(reader))
    assert set(statuses.values()) == {403}, statuses
    assert unchanged


def test_an_invalid_token_cannot_write(client):
    statuses, unchanged = write_attempts(client, {"HTTP_AUTHORIZATION": "Bearer not-a-real-token"})
    assert set(statuses.values()) == {401}, statuses
    assert unchanged


def test_a_token_with_the_permission_can_write(client):
    """The control: the same requests succeed for a user who holds the permissions, so the
    refusals above come from permissions, not from malformed requests."""
    admin = get_user_model().objects.create_superuser(email="token-admin@example.org", password="x")
    auth = bearer(admin)
    event = EventPage.objects.live().descendant_of(agenda_of()).first()
    response = client.patch(f"{PAGES}{event.pk}/", {"title": "Titre corrigé"}, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.get_latest_revision_as_object().title == "Titre corrigé"
