"""The map's stored features (content_types/map/models.py, MapFeature; content_types/api/store.py):
one row per live page on the map, written by publication and its kin, never by a draft; and
the texts the database completes on PostgreSQL are the bytes Python completes elsewhere."""

import json

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from content_types.api.features import (
    FeatureContext, matching_features, restricted_paths, texts_in_database, texts_in_python,
)
from content_types.api.params import MapQuery
from content_types.core import registry
from content_types.map.models import MapFeature
from content_types.models import PlacePage
from tests.factories import make_user

from tests import factories

from .map_corner import TEST_BBOX_VALUES, agenda_of, make_event, make_place, places_of, site

pytestmark = pytest.mark.django_db


def entry(key):
    return next(entry for entry in registry.map_types() if entry.key == key)


def stored(page):
    return MapFeature.objects.filter(page_id=page.pk).first()


def test_publication_writes_one_row_a_draft_leaves_it_unpublication_removes_it():
    place = make_place("Muséum", kind="musee", tags=["biodiversité"])
    row = stored(place)
    assert row is not None and row.kind == "place"
    head = json.loads(row.head + "}}")
    assert head["properties"] | {"summary": None} == {
        "type": "place", "title": "Muséum", "summary": None, "tags": ["biodiversité"], "city": "Testville",
        "address": "1 rue du Test", "kind": "musee", "kind_label": "Musée",
    }

    draft = PlacePage.objects.get(pk=place.pk)
    draft.title = "Titre du brouillon"
    draft.save_revision()
    assert "Titre du brouillon" not in stored(place).head

    draft.save_revision().publish()
    assert json.loads(stored(place).head + "}}")["properties"]["title"] == "Titre du brouillon"
    assert MapFeature.objects.filter(page_id=place.pk).count() == 1

    PlacePage.objects.get(pk=place.pk).unpublish()
    assert stored(place) is None


def test_a_page_without_a_point_has_no_row():
    page = PlacePage.objects.get(pk=make_place("Sans point").pk)
    assert stored(page) is not None
    page.location = ""
    page.save_revision().publish()
    assert stored(page) is None, "no point, no feature"


def test_a_view_restriction_hides_a_feature_without_rewriting_it(client):
    place = make_place("Réservé")
    url = "/api/v3/map/features"
    params = {"bbox": ",".join(map(str, TEST_BBOX_VALUES)), "type": "place"}
    assert f"place-{place.pk}" in [f["id"] for f in client.get(url, params).json()["features"]]

    restriction = PageViewRestriction.objects.create(page=place, restriction_type=PageViewRestriction.LOGIN)
    assert f"place-{place.pk}" not in [f["id"] for f in client.get(url, params).json()["features"]]
    assert stored(place) is not None, "the row stays: the restriction is read with the request"

    restriction.delete()
    assert f"place-{place.pk}" in [f["id"] for f in client.get(url, params).json()["features"]]


@pytest.mark.postgres
def test_the_database_completes_the_texts_as_python_does_on_every_site_with_images():
    """Places (ordered by title) with and without an image, pages of two sites, the request's
    own host for its site and the other site's root URL for the other."""
    image = get_image_model().objects.first()
    with_image = make_place("Avec image")
    page = PlacePage.objects.get(pk=with_image.pk)
    page.listing_image = image
    page.save_revision().publish()
    make_place("Sans image")
    make_place("Ailleurs", hostname="grenoble.localhost")
    make_event("Un événement")

    request = RequestFactory().get("/api/v3/map/features", HTTP_HOST="localhost:8000")
    context = FeatureContext(request)
    texts = {}
    for key in ("place", "event"):
        query = MapQuery.of(
            type=key, bbox=TEST_BBOX_VALUES, start=None, end=None, tags=(), site="all", q="", limit=100, offset=0,
        )
        features = matching_features(entry(key), query, None, restricted_paths())
        in_database = texts_in_database(entry(key), features, query, context, 0, 100)
        assert in_database == texts_in_python(entry(key), features, query, context, 0, 100)
        assert in_database[1] == len(in_database[0]) > 0
        texts[key] = in_database[0]

    shown = {f["properties"]["title"]: f["properties"] for f in map(json.loads, texts["place"])}
    assert shown["Avec image"]["image"].startswith("http://localhost:8000/media/images/")
    assert shown["Sans image"]["image"] is None
    assert shown["Avec image"]["url"].startswith("http://localhost:8000/")
    assert shown["Ailleurs"]["url"].startswith("http://grenoble.localhost")


def test_rebuild_writes_the_same_rows_as_publication():
    make_event("Reconstruit", tags=["climat"])
    make_place("Reconstruite")
    before = {row.page_id: (row.head, row.url_path, row.image, row.path) for row in MapFeature.objects.all()}
    call_command("rebuild_map_features", stdout=open("/dev/null", "w"))
    after = {row.page_id: (row.head, row.url_path, row.image, row.path) for row in MapFeature.objects.all()}
    assert after == before
    assert len(after) == sum(
        e.model.objects.live().filter(latitude__isnull=False).count() for e in registry.map_types()
    )


def test_site_filter_uses_the_stored_path():
    here = make_place("Ici")
    there = make_place("Là-bas", hostname="grenoble.localhost")
    query = MapQuery.of(
        type="place", bbox=TEST_BBOX_VALUES, start=None, end=None, tags=(), site="", q="", limit=100, offset=0,
    )
    ids = set(matching_features(entry("place"), query, [site("localhost")], []).values_list("page_id", flat=True))
    assert here.pk in ids and there.pk not in ids


def test_an_alias_made_with_the_admins_copy_shows_on_the_map(client):
    event = make_event("Original")
    admin = make_user("admin.copie@example.org", superuser=True)
    client.force_login(admin)
    grenoble_agenda = agenda_of("grenoble.localhost")
    response = client.post(reverse("wagtailadmin_pages:copy", args=(event.pk,)), {
        "new_title": "Original", "new_slug": "original-alias", "new_parent_page": grenoble_agenda.pk,
        "alias": "on",
    })
    assert response.status_code == 302, response.content[:500]
    alias = grenoble_agenda.get_children().get(slug="original-alias")
    assert alias.alias_of_id == event.pk and alias.live
    row = stored(alias)
    assert row is not None and row.is_alias, "written when made, without a publication"
    shown = client.get(
        "/api/v3/map/features", {"bbox": ",".join(map(str, TEST_BBOX_VALUES))}, HTTP_HOST="grenoble.localhost"
    ).json()
    assert f"event-{alias.pk}" in [f["id"] for f in shown["features"]]


def factories_place(title, parent):
    return factories.make_place(
        title, parent=parent, city="Testville", address="1 rue du Test",
        location=f"SRID=4326;POINT({TEST_BBOX_VALUES[0] + 1} {TEST_BBOX_VALUES[1] + 1})",
    )


def place_ids(client, **params):
    params = {"bbox": ",".join(map(str, TEST_BBOX_VALUES)), "type": "place", **params}
    return [f["id"] for f in client.get("/api/v3/map/features", params).json()["features"]]


def test_reordering_sections_keeps_private_pages_private(client):
    """Reordering renumbers the tree paths of the siblings and of all they hold (Wagtail
    sends a move signal for the dragged page only): the stored paths follow."""
    places = places_of()
    public = places.add_child(instance=Page(title="Rubrique publique", slug="rubrique-publique"))
    private = places.add_child(instance=Page(title="Rubrique privée", slug="rubrique-privee"))
    shown = factories_place("Public", parent=public)
    hidden = factories_place("Privé", parent=private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert f"place-{shown.pk}" in place_ids(client) and f"place-{hidden.pk}" not in place_ids(client)

    private.refresh_from_db()
    private.move(public, pos="left")  # « Trier l'ordre du menu »: the private one first

    ids = place_ids(client)
    assert f"place-{shown.pk}" in ids
    assert f"place-{hidden.pk}" not in ids
    assert stored(shown).path == PlacePage.objects.get(pk=shown.pk).path


def test_a_slug_changed_above_features_changes_their_urls(client, django_capture_on_commit_callbacks):
    place = make_place("Sous la rubrique")
    section = places_of()
    section.slug = "lieux-a-decouvrir"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals it on commit
        section.save_revision().publish()
    url = next(
        f["properties"]["url"] for f in client.get("/api/v3/map/features", {
            "bbox": ",".join(map(str, TEST_BBOX_VALUES)), "type": "place"}).json()["features"]
        if f["id"] == f"place-{place.pk}"
    )
    assert "/lieux-a-decouvrir/" in url


def test_an_image_whose_file_is_replaced_shows_its_new_rendition(django_capture_on_commit_callbacks):
    image = get_image_model().objects.first()
    place = make_place("Photographiée")
    page = PlacePage.objects.get(pk=place.pk)
    page.listing_image = image
    page.save_revision().publish()
    before = stored(place).image
    assert ".width-400." in before

    with django_capture_on_commit_callbacks(execute=True):
        image.renditions.all().delete()  # as Wagtail's image form does when the file is replaced

    after = stored(place).image
    assert ".width-400." in after
    rendition = image.renditions.get(filter_spec="width-400")
    assert after.endswith(rendition.file.name.rsplit("/", 1)[-1]), "the rendition made again"


def test_an_alias_converted_to_a_page_shows_network_wide(client):
    event = make_event("Original converti")
    admin = make_user("admin.conversion@example.org", superuser=True)
    client.force_login(admin)
    grenoble_agenda = agenda_of("grenoble.localhost")
    client.post(reverse("wagtailadmin_pages:copy", args=(event.pk,)), {
        "new_title": "Original converti", "new_slug": "original-converti", "new_parent_page": grenoble_agenda.pk,
        "alias": "on",
    })
    alias = grenoble_agenda.get_children().get(slug="original-converti")
    assert stored(alias).is_alias

    response = client.post(reverse("wagtailadmin_pages:convert_alias", args=(alias.pk,)))
    assert response.status_code == 302
    assert stored(alias).is_alias is False
    network = client.get("/api/v3/map/features", {"bbox": ",".join(map(str, TEST_BBOX_VALUES)), "site": "all"}).json()
    assert f"event-{alias.pk}" in [f["id"] for f in network["features"]]
