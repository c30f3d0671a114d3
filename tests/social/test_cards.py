"""Comment counts on listing cards, without a query per card."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content_types.models import ArticleIndexPage, ArticlePage, EventPage
from social.models import Comment

pytestmark = pytest.mark.django_db


def listing(url):
    client = Client()
    client.get(url)  # warm caches (sites, renditions)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), html


def test_article_cards_show_visible_comment_counts_at_no_extra_query(member_a, member_b):
    index = ArticleIndexPage.objects.filter(url_path__startswith="/centre-val-de-loire/").first()
    url = index.get_url_parts()[2]
    before, html = listing(url)
    assert "commentaire" not in html.split('class="cards"', 1)[1]
    articles = list(ArticlePage.objects.live().child_of(index).order_by("-date", "-pk")[:4])
    for article in articles:
        Comment.objects.create(page=article, author=member_a, body="Un")
        Comment.objects.create(page=article, author=member_b, body="Deux")
    from django.utils import timezone

    Comment.objects.create(page=articles[0], author=member_b, body="Masqué", hidden_at=timezone.now())
    after, html = listing(url)
    assert html.count("2 commentaires") == 4  # the hidden one is not counted
    assert after == before


def test_event_cards_on_the_agenda_show_comment_counts(member_a):
    event = EventPage.objects.live().upcoming().filter(url_path__startswith="/centre-val-de-loire/").first()
    Comment.objects.create(page=event, author=member_a, body="J'y serai")
    html = Client().get(event.get_parent().get_url_parts()[2]).content.decode()
    assert "1 commentaire" in html
