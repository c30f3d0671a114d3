"""Actors of the permission matrix, a member's draft event, and helpers to post admin forms."""

from io import BytesIO

import pytest
from django.core.cache import cache
from PIL import Image
from wagtail.models import Site

from content_types.models import AgendaPage, ArticleIndexPage
from members.setup import ensure_groups, moderators_group_name
from tests.factories import PASSWORD, draft_article, draft_event, make_user  # noqa: F401 (imported from here)
from tests.page_forms import article_form_data  # noqa: F401 (the members' tests import it from here)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def groups(db):
    return ensure_groups()


@pytest.fixture
def territories(db):
    """(Centre-Val de Loire home, Grenoble home), as the demo seeds them."""
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.exclude(pk=default.pk).filter(hostname="grenoble.localhost").first()
    return default.root_page.specific, other.root_page.specific


@pytest.fixture
def agenda(territories):
    return AgendaPage.objects.child_of(territories[0]).get()


@pytest.fixture
def other_agenda(territories):
    return AgendaPage.objects.child_of(territories[1]).get()


@pytest.fixture
def articles(territories):
    return ArticleIndexPage.objects.child_of(territories[0]).get()


@pytest.fixture
def actors(groups, territories):
    here, there = territories
    return {
        "anonyme": None,
        "membre non confirmé": make_user("pas-confirme@example.org", confirmed=False),
        "membre": make_user("auteure@example.org", first_name="Ada", last_name="Auteure"),
        "autre membre": make_user("autre@example.org", first_name="Bob", last_name="Autre"),
        "modérateur du territoire": make_user("modo-ici@example.org", groups=[moderators_group_name(here)]),
        "modérateur d'un autre territoire": make_user("modo-ailleurs@example.org", groups=[moderators_group_name(there)]),
        "éditeur": make_user("editeur-test@example.org", groups=["Editors"]),
        "administrateur": make_user("admin-test@example.org", superuser=True),
    }


@pytest.fixture
def member_draft(actors, articles):
    return draft_article(articles, actors["membre"])


def png_bytes(size=(64, 64), colour=(200, 30, 30), mode="RGB", fmt="PNG"):
    buffer = BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt)
    return buffer.getvalue()
