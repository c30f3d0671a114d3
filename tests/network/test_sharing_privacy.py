"""A shared page never outlives its original's publicity, never comes twice, and forged ids are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from content_types.models import AgendaPage, EventPage
from social.follows import toggle_follow
from taggit.models import Tag
from social.feed import feed_queryset
from tests.search.helpers import add_event, in_days

from .test_sharing import CENTRE, GRENOBLE, MAP_URL, SHARE_URL, grenoble_editor, section, share, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    """A Centre-Val de Loire event shared on Grenoble's agenda: (original, alias)."""
    original = add_event(site(CENTRE), "Nuit de la chouette au marais", in_days(9))
    assert share(grenoble_editor(), section(GRENOBLE, AgendaPage), original).status_code == 302
    return original, EventPage.objects.get(alias_of=original)


def grenoble_lists(title):
    agenda = Client().get(section(GRENOBLE, AgendaPage).relative_url(site(GRENOBLE)), HTTP_HOST=GRENOBLE)
    features = Client().get(MAP_URL, {"site": GRENOBLE, "type": "event", "limit": 5000}, HTTP_HOST=GRENOBLE).json()
    return title in agenda.content.decode(), title in {f["properties"]["title"] for f in features["features"]}


def test_restricting_the_original_withdraws_its_shares(shared):
    original, alias = shared
    assert grenoble_lists(original.title) == (True, True)
    PageViewRestriction.objects.create(page=original, restriction_type=PageViewRestriction.LOGIN)
    assert not Page.objects.filter(pk=alias.pk).exists()
    assert grenoble_lists(original.title) == (False, False)
    assert Page.objects.filter(pk=original.pk).exists()  # the original itself stays, restricted


def test_restricting_a_section_above_the_original_withdraws_its_shares(shared):
    original, alias = shared
    PageViewRestriction.objects.create(page=original.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert not Page.objects.filter(pk=alias.pk).exists()


def test_deleting_an_original_keeps_copies_made_inside_its_own_territory(shared):
    original, alias = shared
    own_agenda = section(CENTRE, AgendaPage)
    own_copy = original.create_alias(parent=own_agenda, update_slug="chouette-copie")
    original.delete()
    assert not Page.objects.filter(pk=alias.pk).exists()  # the share on Grenoble goes with it
    assert Page.objects.filter(pk=own_copy.pk).exists()  # Wagtail keeps the editor's own copy as a page


def test_a_followed_theme_brings_a_shared_event_once_into_the_feed(shared):
    original, alias = shared
    original.tags.add("chouettes")
    original.save_revision().publish()
    reader = get_user_model().objects.create_user("lectrice@example.org", "un-mot-de-passe-solide-42")
    toggle_follow(reader, tag=Tag.objects.get(name="chouettes"))
    ids = list(feed_queryset(reader).values_list("pk", flat=True))
    assert original.pk in ids and alias.pk not in ids


@pytest.mark.parametrize("forged", ["²", "٣", "1" * 40, "-1", "1e3"])
def test_forged_ids_get_a_clear_refusal_never_a_server_error(forged):
    agenda = section(GRENOBLE, AgendaPage)
    client = grenoble_editor()
    assert client.post(SHARE_URL, {"section": agenda.pk, "page": forged}).status_code == 400
    assert client.post(SHARE_URL, {"section": agenda.pk, "remove": forged}).status_code == 400
    member = Client()
    member.force_login(get_user_model().objects.get(email="membre@echosciences.localhost"),
                       backend="django.contrib.auth.backends.ModelBackend")
    assert member.post(reverse("social_members:follow"), {"type": "page", "cible": forged}).status_code == 400
    api = Client().get(MAP_URL, {"site": forged}, HTTP_HOST=CENTRE)
    assert api.status_code == 400 and "site" in api.json()["detail"]
