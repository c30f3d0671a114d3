"""The map API grows by adding: `type=project` shows projects with a map point; clients that
name no type, or event,place, see exactly what they saw before."""

import pytest

from content_types.core.geo import format_point
from content_types.models import ProjectIndexPage, ProjectPage

from .map_corner import ids

pytestmark = pytest.mark.django_db

ORLEANS = "1.8,47.8,2.0,48.0"


def add_project(title, *, point=True):
    index = ProjectIndexPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    page = ProjectPage(title=title, summary="Un projet.", city="Orléans", address="1 rue de la Science")
    if point:
        page.location = format_point(47.9, 1.9)
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProjectPage.objects.get(pk=page.pk)


def test_projects_with_a_point_appear_when_asked_for(features):
    mapped = add_project("Un jardin de capteurs")
    add_project("Un projet sans adresse", point=False)
    collection = features(type="project", bbox=ORLEANS)
    assert f"project-{mapped.pk}" in ids(collection)
    assert all(feature["properties"]["type"] == "project" for feature in collection["features"])
    props = {f["id"]: f["properties"] for f in collection["features"]}[f"project-{mapped.pk}"]
    assert props["title"] == "Un jardin de capteurs" and props["status_label"] == "En cours"
    assert props["url"].startswith("http://") and props["city"] == "Orléans"
    assert "Un projet sans adresse" not in {f["properties"]["title"] for f in collection["features"]}


def test_clients_that_name_no_type_see_what_they_saw_before(features):
    before_default = ids(features(bbox=ORLEANS))
    before_both = ids(features(type="event,place", bbox=ORLEANS))
    mapped = add_project("Un jardin de capteurs")
    assert ids(features(bbox=ORLEANS)) == before_default
    assert ids(features(type="event,place", bbox=ORLEANS)) == before_both
    assert f"project-{mapped.pk}" in ids(features(type="event,place,project", bbox=ORLEANS))
