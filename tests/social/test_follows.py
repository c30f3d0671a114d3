"""Following members, pages and themes; favourites; counts shown; the feed and its query count."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from content_types.models import ArticlePage, DossierPage, EventPage, PlacePage
from social.models import Bookmark, Follow

from .conftest import login, make_user

pytestmark = pytest.mark.django_db


def follow(client, kind, target):
    return client.post("/suivre/", {"type": kind, "cible": target, "next": "/mon-espace/fil/"})


def articles_by(user, count):
    pages = list(ArticlePage.objects.live().order_by("pk")[:count])
    ArticlePage.objects.filter(pk__in=[p.pk for p in pages]).update(author=user)
    return pages


def test_follow_a_member_then_unfollow_with_a_count_on_their_profile(member_a, member_b):
    client = login(member_a)
    assert follow(client, "membre", member_b.profile.slug).status_code == 302
    assert Follow.objects.filter(follower=member_a, member=member_b).exists()
    html = Client().get(member_b.profile.get_absolute_url()).content.decode()
    assert "1 abonné" in html
    follow(client, "membre", member_b.profile.slug)
    assert not Follow.objects.filter(follower=member_a).exists()


def test_following_needs_a_signed_in_member_a_csrf_token_and_a_real_target(member_a, member_b):
    assert Client().post("/suivre/", {"type": "membre", "cible": member_b.profile.slug}).status_code == 302
    assert login(member_a, csrf=True).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug}).status_code == 403
    assert Client().get("/suivre/").status_code == 405
    client = login(member_a)
    assert follow(client, "membre", "personne").status_code == 404
    assert follow(client, "membre", member_a.profile.slug).status_code == 400
    assert follow(client, "page", "abc").status_code == 400
    assert follow(client, "autre", "x").status_code == 400
    assert not Follow.objects.exists()


def test_a_foreign_next_address_is_not_followed(member_a, member_b):
    response = login(member_a).post(
        "/suivre/", {"type": "membre", "cible": member_b.profile.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_interested_in_an_event_and_bookmarks_on_articles_dossiers_places(member_a):
    client = login(member_a)
    event = EventPage.objects.live().first()
    client.post(f"/favoris/{event.pk}/")
    html = Client().get(event.url).content.decode()
    assert "1 membre intéressé" in html
    for page in (ArticlePage.objects.live().first(), DossierPage.objects.live().first(), PlacePage.objects.live().first()):
        assert client.post(f"/favoris/{page.pk}/").status_code == 302
    assert Bookmark.objects.filter(user=member_a).count() == 4
    favourites = client.get("/mon-espace/favoris/").content.decode()
    assert event.title in favourites and DossierPage.objects.live().first().title in favourites
    client.post(f"/favoris/{event.pk}/")  # again: no longer interested
    assert not Bookmark.objects.filter(user=member_a, page=event).exists()


def test_only_live_public_pages_of_those_types_are_bookmarked(member_a, territories):
    client = login(member_a)
    assert client.post(f"/favoris/{territories[0].pk}/").status_code == 404
    draft = ArticlePage.objects.live().first()
    draft.unpublish()
    assert client.post(f"/favoris/{draft.pk}/").status_code == 404
    assert Client().post(f"/favoris/{draft.pk}/").status_code == 302  # to the login page
    assert not Bookmark.objects.exists()


def test_the_feed_shows_what_i_follow_newest_first_and_nothing_else(member_a, member_b):
    client = login(member_a)
    written = articles_by(member_b, 2)
    follow(client, "membre", member_b.profile.slug)
    event = EventPage.objects.live().filter(tags__isnull=False).first()
    tag = event.tags.first()
    follow(client, "theme", tag.slug)
    html = client.get("/mon-espace/fil/").content.decode()
    for page in written:
        assert page.title in html
    assert event.title in html
    unrelated = ArticlePage.objects.live().exclude(pk__in=[p.pk for p in written]).exclude(tags=tag).first()
    if unrelated:
        assert f">{unrelated.title}<" not in html
    # Newest first.
    from social.feed import feed_queryset

    dates = [page.first_published_at for page in feed_queryset(member_a)]
    assert dates == sorted(dates, reverse=True)
    assert Client().get("/mon-espace/fil/").status_code == 302


def test_the_feed_costs_the_same_queries_at_two_sizes(member_a, member_b):
    client = login(member_a)
    other = make_user("claire@example.org", first_name="Claire", last_name="Cigale")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/mon-espace/fil/")
        assert response.status_code == 200
        return len(captured), response.content.decode().count('class="feed-item"')

    articles_by(member_b, 1)
    follow(client, "membre", member_b.profile.slug)
    queries()
    few, shown_few = queries()
    articles_by(member_b, 12)
    follow(client, "membre", other.profile.slug)
    articles_by(other, 1)
    many, shown_many = queries()
    assert shown_many > shown_few
    assert many == few


def test_following_themes_adds_at_most_a_query_per_content_type(member_a, member_b):
    from content_types.core import registry

    client = login(member_a)
    articles_by(member_b, 1)
    follow(client, "membre", member_b.profile.slug)
    client.get("/mon-espace/fil/")
    with CaptureQueriesContext(connection) as few:
        client.get("/mon-espace/fil/")
    for tag in Tag.objects.all()[:10]:
        follow(client, "theme", tag.slug)
    with CaptureQueriesContext(connection) as many:
        client.get("/mon-espace/fil/")
    assert len(many) <= len(few) + len(registry.entries())


def test_follow_a_theme_from_its_page(member_a):
    event = EventPage.objects.live().filter(tags__isnull=False, url_path__startswith="/centre-val-de-loire/").first()
    tag = event.tags.first()
    client = login(member_a)
    html = client.get(f"/thematiques/{tag.slug}/").content.decode()
    assert 'name="type" value="theme"' in html and "0 abonné" in html
    follow(client, "theme", tag.slug)
    assert "1 abonné" in client.get(f"/thematiques/{tag.slug}/").content.decode()


def test_the_feed_names_a_private_author_without_a_link(member_a, member_b):
    client = login(member_a)
    articles_by(member_b, 1)
    follow(client, "membre", member_b.profile.slug)
    member_b.profile.is_public = False
    member_b.profile.save()
    html = client.get("/mon-espace/fil/").content.decode()
    assert "Bruno Bourdon" in html and f"/membres/{member_b.profile.slug}/" not in html


def test_following_a_page_brings_what_is_published_under_it(member_a, member_b):
    from content_types.models import ArticleIndexPage

    article = ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    ArticlePage.objects.filter(pk=article.pk).update(owner=member_b)
    section = ArticleIndexPage.objects.get(pk=article.get_parent().pk)
    client = login(member_a)
    assert article.title not in client.get("/mon-espace/fil/").content.decode()
    follow(client, "page", section.pk)
    assert Follow.objects.filter(follower=member_a, page=section).exists()
    assert article.title in client.get("/mon-espace/fil/").content.decode()
