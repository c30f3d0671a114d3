"""Opening a territory in one command (or from the admin), and each territory's staff kept to its branch."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Collection, Page, Site

from content_types.core import registry
from content_types.models import AgendaPage, ArticleIndexPage, ArticlePage
from home.models import HomePage, SiteIdentity
from members.setup import editors_group_name, moderators_group_name
from tests.page_forms import article_form_data

pytestmark = pytest.mark.django_db

NAME, HOST = "Echosciences Normandie", "normandie.example"


def run(*args):
    out = StringIO()
    call_command("create_territory", *args, stdout=out)
    return out.getvalue()


def open_normandie():
    return run("--name", NAME, "--hostname", HOST)


def footprint():
    return (Page.objects.count(), Site.objects.count(), Group.objects.count(), Collection.objects.count())


def test_create_territory_makes_the_site_home_every_section_identity_roles_and_workflow():
    output = open_normandie()
    site = Site.objects.get(hostname=HOST, port=80)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.title == NAME and home.live
    sections = {type(page).__name__: page for page in home.get_children().specific()}
    for section in registry.sections():
        assert section.model_name in sections, section.model_name
        assert sections[section.model_name].live
        assert sections[section.model_name].show_in_menus == section.in_menu
        assert f"rubrique « {section.title} »" in output
    assert SiteIdentity.for_site(site).short_name == NAME
    assert Group.objects.filter(name=editors_group_name(home)).exists()
    assert Group.objects.filter(name=moderators_group_name(home)).exists()
    assert home.get_workflow().name == f"Modération — {NAME}"
    assert Collection.objects.filter(name=NAME).exists()
    # The new territory serves its home and its agenda on its own host.
    client = Client(HTTP_HOST=HOST)
    assert client.get("/").status_code == 200
    assert client.get(sections["AgendaPage"].url).status_code == 200


def test_create_territory_is_idempotent_and_says_so():
    open_normandie()
    before = footprint()
    output = open_normandie()
    assert "Rien à faire" in output
    assert footprint() == before


def test_create_territory_refuses_a_hostname_another_territory_uses():
    with pytest.raises(CommandError, match="déjà utilisé"):
        run("--name", "Echosciences Ailleurs", "--hostname", "localhost")
    with pytest.raises(CommandError, match="Nom d’hôte invalide"):
        run("--name", "Echosciences Ailleurs", "--hostname", "https://ailleurs.example/")
    assert not HomePage.objects.filter(title="Echosciences Ailleurs").exists()


def test_only_a_superuser_opens_a_territory_from_the_admin():
    User = get_user_model()
    editor = User.objects.get(email="editeur@echosciences.localhost")
    client = Client()
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    data = {"name": NAME, "hostname": HOST, "port": "80", "slug": ""}
    assert client.post("/admin/territoires/ouvrir/", data).status_code in (302, 403)
    assert not Site.objects.filter(hostname=HOST).exists()

    admin = User.objects.create_superuser(email="admin-test@example.org", password="x")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/territoires/ouvrir/").status_code == 200
    response = client.post("/admin/territoires/ouvrir/", data)
    assert response.status_code == 302
    assert Site.objects.filter(hostname=HOST).exists()
    # A hostname in use comes back as a form error, not a 500.
    response = client.post("/admin/territoires/ouvrir/", {**data, "name": "Autre", "hostname": "localhost"})
    assert response.status_code == 200
    assert "déjà utilisé" in response.content.decode()


def test_an_editor_of_one_territory_cannot_write_or_publish_in_another():
    open_normandie()
    home = Site.objects.get(hostname=HOST).root_page.specific
    User = get_user_model()
    normand = User.objects.create_user(email="editrice.normandie@example.org", password="x")
    normand.groups.add(Group.objects.get(name=editors_group_name(home)))
    client = Client()
    client.force_login(normand, backend="django.contrib.auth.backends.ModelBackend")

    # In their own territory they write and publish.
    own_articles = ArticleIndexPage.objects.child_of(home).get()
    response = client.post(f"/admin/pages/add/content_types/articlepage/{own_articles.pk}/",
                           article_form_data("Les falaises d’Étretat", action="action-publish"))
    assert response.status_code == 302
    assert ArticlePage.objects.get(title="Les falaises d’Étretat").live

    # In Centre-Val de Loire they are a member like any other: a proposal waits for that
    # territory's moderators; nothing is published, edited or moved.
    centre = Site.objects.get(hostname="localhost").root_page
    their_articles = ArticleIndexPage.objects.child_of(centre).get()
    client.post(f"/admin/pages/add/content_types/articlepage/{their_articles.pk}/",
                article_form_data("Intrus", action="action-publish"))
    assert not ArticlePage.objects.filter(title="Intrus", live=True).exists()
    article = ArticlePage.objects.child_of(their_articles).live().first()
    title = article.title
    client.post(f"/admin/pages/{article.pk}/edit/", article_form_data("Titre changé", action="action-publish"))
    article.refresh_from_db()
    assert article.title == title
    agenda = AgendaPage.objects.child_of(centre).get()
    client.post(f"/admin/pages/{article.pk}/move/{own_articles.pk}/confirm/")
    assert ArticlePage.objects.get(pk=article.pk).get_parent().pk == their_articles.pk
    response = client.post(f"/admin/pages/{agenda.pk}/unpublish/")
    assert AgendaPage.objects.get(pk=agenda.pk).live
