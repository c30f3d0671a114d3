"""An article: its RSS and Atom feeds (parsed by a real parser), its JSON-LD, its page and its listing."""

import feedparser
import pytest

from content_types.models import ArticleIndexPage, ArticlePage

from .conftest import add_articles, assert_page_shell, count_queries, host_and_path, main_entity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["rss/", "atom/"])
def test_article_feeds_parse_and_carry_the_latest_articles(fetch, suffix):
    index = ArticleIndexPage.objects.get(url_path__startswith="/grenoble/")
    response = fetch(index, suffix)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if suffix == "rss/" else "atom10")
    latest = index.get_articles().first()
    entry = feed.entries[0]
    assert entry.title == latest.title
    host, path = host_and_path(latest)
    assert entry.link == f"http://{host}{path}"
    assert entry.published_parsed[:3] == latest.date.timetuple()[:3]
    assert {tag.term for tag in entry.tags} == {tag.name for tag in latest.tags.all()}
    if latest.author:
        assert latest.author.get_full_name() in entry.author
    assert len(feed.entries) == index.get_articles().count()
    assert not any(e.title == a.title for e in feed.entries
                   for a in ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/"))


def test_article_jsonld(fetch):
    article = ArticlePage.objects.live().filter(author__isnull=False, listing_image__isnull=False).first()
    data = main_entity(fetch(article).content.decode(), "Article")
    assert data["headline"] == article.title
    assert data["author"]["name"] == article.author.get_full_name()
    assert data["datePublished"] == article.date.isoformat()
    assert data["image"].startswith("http://")


def test_article_page_shows_author_date_reading_time_and_tags(fetch):
    article = ArticlePage.objects.live().filter(author__isnull=False).first()
    html = fetch(article).content.decode()
    assert_page_shell(html)
    assert article.author.get_full_name() in html
    assert "minute" in html and "de lecture" in html
    for tag in article.tags.all():
        assert f'href="/thematiques/{tag.slug}/"' in html


def test_article_listing_and_feed_query_counts_do_not_grow(client):
    index = ArticleIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    listing, feed = count_queries(client, index), count_queries(client, index, "rss/")
    add_articles(index, 10)
    assert count_queries(client, index) == listing
    assert count_queries(client, index, "rss/") == feed

