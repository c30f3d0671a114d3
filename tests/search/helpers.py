"""Helpers of the search tests: the index kept in step with the test database, pages published like an editor would."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from content_types.models import AgendaPage, ArticleIndexPage
from tests import factories


def page_index():
    return get_search_backend().get_index_for_model(Page)


def refresh_index():
    """Elasticsearch shows new documents after a refresh (every second); tests do not wait."""
    if settings.ELASTICSEARCH_URL:
        page_index().refresh()


def drop_stale_documents():
    """Remove documents of pages earlier tests created then rolled back.

    Each test runs in a transaction that is rolled back, but the index is not: without this
    their pages would still count in totals and facets. (This distribution has no
    _delete_by_query, so ids are compared and deleted in bulk.)
    """
    backend = get_search_backend()
    index = page_index()
    response = backend.es.search(index=index.name, size=10000, stored_fields=["pk"], query={"match_all": {}})
    indexed = {int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]}
    existing = set(Page.objects.filter(pk__in=indexed).values_list("pk", flat=True))
    stale = indexed - existing
    if stale:
        backend.es.bulk(operations=[{"delete": {"_index": index.name, "_id": str(pk)}} for pk in stale])
    index.refresh()


def sites():
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.exclude(pk=default.pk).get(hostname="grenoble.localhost")
    return default, other


def publish(parent, page):
    """Add and publish `page` through a revision, as the admin does (indexing follows the signals)."""
    page = factories.add_page(parent, page)
    refresh_index()
    return page


def article_index(site):
    return ArticleIndexPage.objects.descendant_of(site.root_page).get()


def agenda(site):
    return AgendaPage.objects.descendant_of(site.root_page).get()


def add_article(site, title, body_text="", summary="", tags=(), slug=None):
    page = factories.make_article(
        title, parent=article_index(site), body_text=body_text, summary=summary, tags=tags, slug=slug or slugify(title),
    )
    refresh_index()
    return page


def add_event(site, title, start, days=1, summary="", venue=None):
    page = factories.make_event(
        title, parent=agenda(site), at=start, days=(0,), duration=timedelta(hours=2 + 24 * (days - 1)),
        summary=summary, city="Orléans", location=factories.ORLEANS, venue=venue,
    )
    refresh_index()
    return page


def in_days(days):
    return timezone.now().replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=days)
