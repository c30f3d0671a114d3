"""Members and communities: following a community brings its content into « Mon fil », a request to
join answered by the community's moderators notifies the member, private profiles stay unlisted."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from content_types.models import ArticlePage, CommunityMembership, CommunityPage, EventPage
from social.models import Follow, Notification

from .conftest import login, make_user

pytestmark = pytest.mark.django_db

FEED = "/mon-espace/fil/"


def home_communities():
    home = Site.objects.get(is_default_site=True).root_page
    return CommunityPage.objects.live().descendant_of(home).order_by("pk")


def attach(page, community):
    page.communities.add(community)
    page.save()


def fresh_article(owner, title):
    """A live article of the default territory by `owner`, attached to no community."""
    article = ArticlePage.objects.live().descendant_of(Site.objects.get(is_default_site=True).root_page).first()
    section = article.get_parent()
    page = ArticlePage(title=title, summary="Un article des tests.", owner=owner, author=owner)
    section.add_child(instance=page)
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def follow_form_posts(client, community):
    html = client.get(community.url).content.decode()
    assert 'name="type" value="page"' in html and f'name="cible" value="{community.pk}"' in html
    return client.post("/suivre/", {"type": "page", "cible": community.pk, "next": community.url})


def test_following_a_community_from_its_page_brings_its_content_into_my_feed(member_a, member_b):
    community = home_communities().first()
    attached = fresh_article(member_b, "Les lichens, sentinelles du ciel")
    attach(attached, community)
    elsewhere = fresh_article(member_b, "Une comète au-dessus de Bourges")
    client = login(member_a)
    assert attached.title not in client.get(FEED).content.decode()

    assert follow_form_posts(client, community).status_code == 302
    assert Follow.objects.filter(follower=member_a, page=community).exists()
    page = client.get(community.url).content.decode()
    assert 'aria-pressed="true"' in page and "1 abonné" in page
    feed = client.get(FEED).content.decode()
    assert attached.title in feed and elsewhere.title not in feed

    # An attached page that is unpublished leaves the feed; unfollowing empties it.
    attached.unpublish()
    assert attached.title not in client.get(FEED).content.decode()
    client.post("/suivre/", {"type": "page", "cible": community.pk})
    assert not Follow.objects.filter(follower=member_a, page=community).exists()


def test_an_event_attached_to_a_followed_community_is_in_the_feed(member_a, member_b):
    community = home_communities().first()
    event = EventPage.objects.live().descendant_of(Site.objects.get(is_default_site=True).root_page).exclude(
        communities=community
    ).first()
    EventPage.objects.filter(pk=event.pk).update(owner=member_b)
    client = login(member_a)
    client.post("/suivre/", {"type": "page", "cible": community.pk})
    assert event.title not in client.get(FEED).content.decode()
    event = EventPage.objects.get(pk=event.pk)
    attach(event, community)
    assert event.title in client.get(FEED).content.decode()


def test_the_feed_costs_the_same_queries_for_one_or_every_community(member_a, member_b):
    communities = list(home_communities())
    assert len(communities) >= 2
    for number, community in enumerate(communities):
        attach(fresh_article(member_b, f"Article de communauté {number}"), community)
    client = login(member_a)

    def feed_queries():
        client.get(FEED)  # warm the session and the site caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FEED).status_code == 200
        return len(queries)

    Follow.objects.create(follower=member_a, page=communities[0])
    one = feed_queries()
    for community in communities[1:]:
        Follow.objects.create(follower=member_a, page=community)
    every = feed_queries()
    assert one == every
    feed = client.get(FEED).content.decode()
    assert all(f"Article de communauté {n}" in feed for n in range(len(communities)))


@pytest.fixture
def on_request(member_b):
    """A community whose requests member B moderates."""
    community = home_communities().first()
    CommunityPage.objects.filter(pk=community.pk).update(policy=CommunityPage.Policy.ON_REQUEST)
    community = CommunityPage.objects.get(pk=community.pk)
    community.moderators.add(member_b)
    community.save()
    return community


def decide(client, community, membership, decision):
    return client.post(f"{community.url}demandes/{membership.pk}/", {"decision": decision})


@pytest.mark.parametrize("decision, kind, text", [
    ("accepter", "adhesion-acceptee", "vous êtes membre de la communauté"),
    ("refuser", "adhesion-refusee", "n’a pas été acceptée"),
])
def test_a_request_answered_by_a_moderator_notifies_the_member_once(member_a, member_b, on_request, decision, kind, text):
    client_a = login(member_a)
    client_a.post(f"{on_request.url}adhesion/")
    membership = CommunityMembership.objects.get(community=on_request, member=member_a, status="en-attente")
    assert not Notification.objects.filter(recipient=member_a).exists()

    assert decide(login(member_b), on_request, membership, decision).status_code == 302
    assert decide(login(member_b), on_request, membership, decision).status_code == 302  # a second click
    notes = Notification.objects.filter(recipient=member_a)
    assert [(n.kind, n.page_id) for n in notes] == [(kind, on_request.pk)]
    assert not Notification.objects.filter(recipient=member_b).exists()

    assert 'badge--count">1' in client_a.get("/mon-espace/").content.decode()
    listing = client_a.get("/mon-espace/notifications/").content.decode()
    assert text in listing and on_request.title in listing and f'href="{on_request.url}"' in listing


def test_nobody_but_the_communitys_moderators_answers_and_nobody_is_notified_then(member_a, on_request):
    client_a = login(member_a)
    client_a.post(f"{on_request.url}adhesion/")
    membership = CommunityMembership.objects.get(community=on_request, member=member_a)
    stranger = make_user("intrus@example.org", first_name="Ivan")
    assert decide(login(stranger), on_request, membership, "accepter").status_code == 403
    assert decide(Client(), on_request, membership, "accepter").status_code == 403
    assert decide(client_a, on_request, membership, "accepter").status_code == 403
    membership.refresh_from_db()
    assert membership.status == "en-attente"
    assert not Notification.objects.filter(kind__startswith="adhesion").exists()


def test_joining_an_open_community_notifies_nobody(member_a):
    community = home_communities().first()
    CommunityPage.objects.filter(pk=community.pk).update(policy=CommunityPage.Policy.OPEN)
    login(member_a).post(f"{community.url}adhesion/")
    assert CommunityMembership.objects.filter(community=community, member=member_a, status="membre").exists()
    assert not Notification.objects.filter(kind__startswith="adhesion").exists()


def test_a_private_profile_is_never_listed_or_linked_on_a_community_page(member_a, member_b):
    community = home_communities().first()
    CommunityMembership.objects.create(community=community, member=member_a, status="membre")
    community.moderators.add(member_b)
    community.save()
    html = Client().get(community.url).content.decode()
    assert f"/membres/{member_a.profile.slug}/" in html and f"/membres/{member_b.profile.slug}/" in html

    for user in (member_a, member_b):
        user.profile.is_public = False
        user.profile.save()
    html = Client().get(community.url).content.decode()
    assert f"/membres/{member_a.profile.slug}/" not in html and "Alice Abeille" not in html
    # A moderator keeps their role on the page, named without a link.
    assert f"/membres/{member_b.profile.slug}/" not in html and "Bruno Bourdon" in html


def test_a_private_profile_is_named_without_a_link_on_projects_and_announcements(member_a):
    from content_types.models import AnnoncePage, ProjectPage

    home = Site.objects.get(is_default_site=True).root_page
    project = ProjectPage.objects.live().descendant_of(home).order_by("pk").first()
    project.team.add(member_a)
    project.save()
    annonce = AnnoncePage.listing_cards(AnnoncePage.objects.live().descendant_of(home)).first()
    AnnoncePage.objects.filter(pk=annonce.pk).update(owner=member_a)
    profile_link = f'href="/membres/{member_a.profile.slug}/"'
    for page in (project, annonce):
        assert profile_link in Client().get(page.url).content.decode()

    member_a.profile.is_public = False
    member_a.profile.save()
    for page in (project, annonce):
        html = Client().get(page.url).content.decode()
        assert profile_link not in html and "Alice Abeille" in html


def test_a_followed_communitys_new_content_is_in_the_daily_digest(member_a, member_b, mailoutbox):
    from social.digests import send_digests
    from social.models import SocialSettings

    group = home_communities().first()
    Follow.objects.create(follower=member_a, page=group)
    SocialSettings.objects.create(user=member_a, digest="quotidien")
    attach(fresh_article(member_b, "Les lucioles reviennent en Touraine"), group)
    send_digests()
    sent = [message for message in mailoutbox if message.to == [member_a.email]]
    assert len(sent) == 1 and "Les lucioles reviennent en Touraine" in sent[0].body
