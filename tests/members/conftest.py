"""Actors of the permission matrix, a member's draft event, and helpers to post admin forms."""

from datetime import timedelta
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image
from wagtail.models import Site

from content_types.models import AgendaPage, ArticleIndexPage, ArticlePage, EventOccurrence, EventPage
from members.models import Contribution
from members.setup import ensure_groups, moderators_group_name
from tests.page_forms import article_form_data  # noqa: F401 (the members' tests import it from here)

PASSWORD = "un-mot-de-passe-solide-42"


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


def make_user(email, *, confirmed=True, groups=(), superuser=False, **extra):
    User = get_user_model()
    user = User(email=email, first_name=extra.pop("first_name", "Prénom"), last_name=extra.pop("last_name", "Nom"),
                is_superuser=superuser, is_staff=superuser, **extra)
    user._self_signup = True  # as if signed up: nothing confirmed unless said so below
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=confirmed, primary=True)
    if confirmed:
        user.groups.add(Group.objects.get(name="Contributeurs"))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return get_user_model().objects.get(pk=user.pk)


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


def draft_event(parent, owner, title="Atelier des curieux", contribution=True):
    start = timezone.now() + timedelta(days=10)
    page = EventPage(
        title=title, slug=slugify(title), owner=owner, live=False, summary="Un atelier.",
        address="1 rue de la Science", city="Orléans", location="SRID=4326;POINT(1.909 47.902)",
    )
    page.occurrences = [EventOccurrence(start=start, end=start + timedelta(hours=2))]
    parent.add_child(instance=page)
    page.save_revision(user=owner)
    if contribution:
        Contribution.objects.create(page=page, member=owner, site=page.get_site())
    return page


def draft_article(parent, owner, title="Les abeilles et nous", contribution=True):
    page = ArticlePage(title=title, slug=slugify(title), owner=owner, author=owner, live=False, summary="Un article.")
    parent.add_child(instance=page)
    page.save_revision(user=owner)
    if contribution:
        Contribution.objects.create(page=page, member=owner, site=page.get_site())
    return page


@pytest.fixture
def member_draft(actors, articles):
    return draft_article(articles, actors["membre"])


def png_bytes(size=(64, 64), colour=(200, 30, 30), mode="RGB", fmt="PNG"):
    buffer = BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt)
    return buffer.getvalue()
