"""What `make run` leaves a newcomer: every demo account can do its job, links work where it is served."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site, TaskState

from content_types.models import ArticleIndexPage, ArticlePage
from tests.page_forms import article_form_data

pytestmark = pytest.mark.django_db

EDITOR = "editeur@echosciences.localhost"
MODERATOR = "moderatrice@echosciences.localhost"
GRENOBLE_MODERATOR = "moderatrice.grenoble@echosciences.localhost"
MEMBER = "membre@echosciences.localhost"


def login(email):
    client = Client()
    client.force_login(get_user_model().objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
    return client


def centre_articles():
    return ArticleIndexPage.objects.get(url_path="/centre-val-de-loire/articles/")


def confirm_email(email):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.get(email=email)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})


def test_the_demo_member_can_contribute_although_articles_were_seeded_under_their_name():
    assert ArticlePage.objects.filter(owner__email=MEMBER).count() >= 3  # the seed's articles are theirs
    confirm_email(MEMBER)
    response = login(MEMBER).get(f"/admin/pages/add/content_types/articlepage/{centre_articles().pk}/")
    assert response.status_code == 200
    assert "Limite atteinte" not in response.content.decode()


def test_the_demo_editor_publishes_directly():
    response = login(EDITOR).post(
        f"/admin/pages/add/content_types/articlepage/{centre_articles().pk}/",
        article_form_data("Les lucioles de Sologne", action="action-publish"),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(title="Les lucioles de Sologne")
    assert page.live
    assert Client().get(page.url).status_code == 200


def test_the_demo_moderator_approves_a_members_contribution_and_only_in_their_territory():
    confirm_email(MEMBER)
    member = login(MEMBER)
    response = member.post(
        f"/admin/pages/add/content_types/articlepage/{centre_articles().pk}/",
        article_form_data("Les hérissons de Touraine", action="action-submit"),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(title="Les hérissons de Touraine")
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"

    # The moderator sees it waiting on their dashboard; Grenoble's moderator cannot approve it.
    assert "Les hérissons de Touraine" in login(MODERATOR).get("/admin/").content.decode()
    login(GRENOBLE_MODERATOR).post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    login(MODERATOR).post(url, {"comment": ""})
    page.refresh_from_db()
    assert page.live


@pytest.fixture
def forget_site_urls():
    """The port change is rolled back with the test's transaction; Wagtail's cache of site
    root URLs is not: forget it, so later tests see the sites as they are."""
    from django.core.cache import cache

    yield
    cache.clear()


def test_seed_demo_sets_the_port_the_demo_is_served_on_so_absolute_links_work(forget_site_urls):
    call_command("seed_demo", "--quiet", "--port", "8000")
    assert set(Site.objects.values_list("port", flat=True)) == {8000}
    article = ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    assert article.get_full_url().startswith("http://localhost:8000/")
    rss = Client().get(centre_articles().url + "rss/", HTTP_HOST="localhost:8000").content.decode()
    assert "<link>http://localhost:8000/" in rss
    assert "<link>http://localhost/" not in rss


def test_the_demo_shows_french_error_pages_not_djangos_debug_page():
    """`make run` uses the dev settings: DEBUG stays off unless a developer asks for it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    env.pop("DJANGO_DEBUG", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert output.stdout.strip() == "False", output.stderr
    response = Client().get("/une-page-qui-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "URLconf" not in html
