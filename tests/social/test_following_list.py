"""« Mon fil » lists what the member follows (members, communities and sections, themes), each with a
button to stop following it, in one query; what went private or offline can still be left."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Site

from content_types.models import CommunityPage
from social.models import Follow

from .conftest import login, make_user

pytestmark = pytest.mark.django_db

FEED = "/mon-espace/fil/"


def community():
    home = Site.objects.get(is_default_site=True).root_page
    return CommunityPage.objects.live().descendant_of(home).order_by("pk").first()


def follow(client, kind, target):
    return client.post("/suivre/", {"type": kind, "cible": target, "next": FEED})


def test_the_feed_lists_what_i_follow_and_each_can_be_left_from_there(member_a, member_b):
    client = login(member_a)
    assert "Vous ne suivez encore personne" in client.get(FEED).content.decode()
    group = community()
    tag = Tag.objects.order_by("pk").first()
    follow(client, "membre", member_b.profile.slug)
    follow(client, "page", group.pk)
    follow(client, "theme", tag.slug)

    html = client.get(FEED).content.decode()
    section = html[html.index('id="titre-abonnements"'):]
    assert f'href="/membres/{member_b.profile.slug}/">Bruno Bourdon</a>' in section
    assert group.title in section and tag.name in section
    for kind, value in (("membre", member_b.profile.slug), ("page", group.pk), ("theme", tag.slug)):
        assert f'name="type" value="{kind}"><input type="hidden" name="cible" value="{value}"' in section
    assert section.count("Ne plus suivre") == 3

    response = follow(client, "page", group.pk)
    assert response.status_code == 302 and response["Location"] == FEED
    assert not Follow.objects.filter(follower=member_a, page=group).exists()
    assert Follow.objects.filter(follower=member_a).count() == 2


def test_a_member_gone_private_is_named_without_a_link_and_can_still_be_left(member_a, member_b):
    client = login(member_a)
    follow(client, "membre", member_b.profile.slug)
    member_b.profile.is_public = False
    member_b.profile.save()
    html = client.get(FEED).content.decode()
    assert "Bruno Bourdon" in html and f"/membres/{member_b.profile.slug}/" not in html

    assert follow(client, "membre", member_b.profile.slug).status_code == 302
    assert not Follow.objects.filter(follower=member_a, member=member_b).exists()
    # Once left, a private profile cannot be followed again.
    assert follow(client, "membre", member_b.profile.slug).status_code == 404
    assert not Follow.objects.filter(follower=member_a, member=member_b).exists()


def test_an_unpublished_community_can_be_left_but_not_followed(member_a, member_b):
    group = community()
    client = login(member_a)
    follow(client, "page", group.pk)
    group.unpublish()
    assert follow(client, "page", group.pk).status_code == 302
    assert not Follow.objects.filter(follower=member_a, page=group).exists()
    assert login(member_b).post("/suivre/", {"type": "page", "cible": group.pk}).status_code == 404


def test_the_list_costs_the_same_queries_for_two_follows_or_many(member_a, member_b):
    client = login(member_a)
    follow(client, "membre", member_b.profile.slug)
    follow(client, "page", community().pk)
    client.get(FEED)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FEED).status_code == 200
        return len(captured)

    few = queries()
    for number in range(5):
        other = make_user(f"suivi{number}@example.org", first_name=f"Suivi{number}")
        Follow.objects.create(follower=member_a, member=other)
    home = Site.objects.get(is_default_site=True).root_page
    for group in CommunityPage.objects.live().descendant_of(home).order_by("pk")[1:]:
        Follow.objects.create(follower=member_a, page=group)
    many = queries()
    assert many == few
    assert client.get(FEED).content.decode().count("Ne plus suivre") >= 7
