"""Projects: the page (status, dates, team, partners, gallery, related content, map point), filters,
the team in « Mon espace » and on public profiles, JSON-LD, queries."""

import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from content_types.models import ArticlePage, EventPage, Organisation, ProjectGalleryImage, ProjectPage, ProjectRelatedPage
from members.profiles import create_profile
from tests.members.conftest import make_user

from .conftest import count_queries, image

pytestmark = pytest.mark.django_db


def titles_in(html):
    return set(re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html))


@pytest.fixture
def ada(db):
    user = make_user("ada.projet@example.org", first_name="Ada", last_name="Lovelace")
    create_profile(user, "Ada Lovelace")
    return user


def test_the_page_shows_status_dates_team_partners_gallery_and_related_content(fetch, make_project, ada):
    partner = Organisation.objects.create(name="Atelier des tests", website="https://example.org/atelier")
    event = EventPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    article = ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    project = make_project(
        "Inventaire des mares", status=ProjectPage.Status.PREPARING, team=[ada],
        start_date=date(2027, 3, 1), end_date=date(2027, 9, 30),
        address="Place du Martroi", city="Orléans", location="SRID=4326;POINT(1.9093 47.9029)",
    )
    project.partners.add(partner)
    ProjectGalleryImage.objects.create(project=project, image=image(1), caption="Une mare au printemps", sort_order=0)
    ProjectRelatedPage.objects.create(project=project, page=event, sort_order=0)
    ProjectRelatedPage.objects.create(project=project, page=article, sort_order=1)
    project.save()
    html = fetch(project).content.decode()
    assert "En préparation" in html
    assert "1 mars 2027" in html and "30 septembre 2027" in html
    assert 'href="/membres/ada-lovelace/">Ada Lovelace</a>' in html
    assert "ada.projet@example.org" not in html
    assert "Atelier des tests" in html
    assert "Une mare au printemps" in html
    assert event.title in titles_in(html) and article.title in titles_in(html)
    assert "data-point-map" in html
    data = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert any(block["@type"] == "Project" and block["name"] == project.title for block in data)


def test_a_project_without_a_map_point_has_no_map(fetch, make_project):
    assert "data-point-map" not in fetch(make_project("Projet sans lieu")).content.decode()


def test_the_end_cannot_precede_the_start(make_project):
    project = ProjectPage(title="À l'envers", start_date=date(2027, 5, 1), end_date=date(2027, 4, 1))
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "end_date" in error.value.message_dict


def test_the_listing_filters_by_status_and_theme(fetch, make_project, projects_index):
    running = make_project("Projet climat en cours", tags=("climat",))
    done = make_project("Projet climat terminé", status=ProjectPage.Status.FINISHED, tags=("climat",))
    other = make_project("Projet chimie en cours", tags=("chimie",))
    html = fetch(projects_index, etat="en-cours", thematique="climat").content.decode()
    assert running.title in titles_in(html)
    assert done.title not in titles_in(html) and other.title not in titles_in(html)
    assert done.title in titles_in(fetch(projects_index, etat="termine").content.decode())
    assert fetch(projects_index, etat="n'importe-quoi").status_code == 200


def test_a_team_member_sees_the_project_in_mon_espace_and_on_their_profile(client, make_project, ada):
    project = make_project("Le projet avec Ada", team=[ada])
    make_project("Un projet sans Ada")
    client.force_login(ada, backend="django.contrib.auth.backends.ModelBackend")
    dashboard = client.get("/mon-espace/").content.decode()
    assert "Le projet avec Ada" in dashboard and "Un projet sans Ada" not in dashboard
    profile = client.get("/membres/ada-lovelace/").content.decode()
    assert "Le projet avec Ada" in profile and "Un projet sans Ada" not in profile
    # Unpublished, it leaves the profile.
    project.unpublish()
    assert "Le projet avec Ada" not in client.get("/membres/ada-lovelace/").content.decode()


def test_the_editor_lists_team_members_by_public_name_never_by_e_mail(client, ada, projects_index):
    editor = make_user("editrice-projets@example.org", groups=["Editors"])
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(f"/admin/pages/add/content_types/projectpage/{projects_index.pk}/").content.decode()
    assert ">Ada Lovelace</option>" in html
    assert "ada.projet@example.org" not in html


def test_listing_query_count_does_not_grow(client, make_project, projects_index):
    # One project with a picture first: a listing where no card has one skips the images' query.
    make_project("Projet de départ", tags=("climat",))
    small = count_queries(client, projects_index)
    for number in range(10):
        make_project(f"Projet en plus {number}", tags=("climat", f"autre-{number}"))
    assert count_queries(client, projects_index) == small
    assert count_queries(client, projects_index, etat="en-cours", thematique="climat") <= small + 1


def test_project_page_query_count_does_not_grow_with_its_team(client, make_project, ada):
    project = make_project("Projet à grande équipe", team=[ada])
    small = count_queries(client, project)
    for number in range(6):
        member = make_user(f"equipier-{number}@example.org")
        create_profile(member, f"Équipier {number}")
        project.team.add(member)
    project.save()
    assert count_queries(client, project) == small


def test_each_demo_territory_has_six_projects(home):
    assert ProjectPage.objects.live().descendant_of(home).count() >= 6


def test_the_home_page_features_the_latest_running_project(fetch, make_project, home):
    make_project("Projet tout neuf mais terminé", status=ProjectPage.Status.FINISHED)
    running = make_project("Projet en cours à la une")
    html = fetch(home).content.decode()
    section = html.split('id="titre-une"', 1)[1].split("</section>", 1)[0]
    assert "Le projet à la une" in section
    assert running.title in section
