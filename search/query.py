"""The search itself: which pages may appear, the filters, the facets.

Queries are built by Wagtail's search API on a `Page` queryset, so the same code runs on
Elasticsearch (tests, production) and on the database backend (`make run`). Filters the
index cannot express directly (a theme, a date window) become `pk__in` lists computed
by the database, which both backends translate. On Elasticsearch the page of results,
the total and the facets come back from one request built from Wagtail's own query
(`PageSearch.page`), not three.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Page
from wagtail.search.query import MatchAll

from content_types.core import registry
from content_types.models import EventOccurrence

from .backends import uses_elasticsearch


@dataclass(frozen=True)
class SearchType:
    key: str
    model: type
    label: str

    @property
    def content_type(self):
        # Django's own cache, which a flushed test database clears: never keep the id here.
        return ContentType.objects.get_for_model(self.model)


SEARCH_TYPES = {entry.key: SearchType(entry.key, entry.model, entry.label) for entry in registry.entries()}


def type_for_content_type_id(content_type_id):
    for search_type in SEARCH_TYPES.values():
        if search_type.content_type.pk == content_type_id:
            return search_type
    return None


def searchable_pages(site):
    """Live, public articles, events, places and dossiers of one territory, nothing else."""
    return (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page)
        .filter(content_type__in=[t.content_type for t in SEARCH_TYPES.values()])
    )


def pages_tagged(slug):
    """Ids of the pages of every content type carrying the theme `slug`."""
    ids = set()
    for search_type in SEARCH_TYPES.values():
        ids.update(search_type.model.objects.filter(tags__slug=slug).values_list("pk", flat=True))
    return sorted(ids)


def local_day_bounds(start, end):
    tz = timezone.get_current_timezone()
    lower = datetime.combine(start, time.min, tzinfo=tz) if start else None
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) if end else None
    return lower, upper


def events_in_window(start, end):
    """Ids of events with an occurrence overlapping [start, end] (whole local days)."""
    lower, upper = local_day_bounds(start, end)
    occurrences = EventOccurrence.objects.all()
    if lower:
        occurrences = occurrences.filter(end__gte=lower)
    if upper:
        occurrences = occurrences.filter(start__lt=upper)
    return sorted(set(occurrences.values_list("event_id", flat=True)))


def site_tags(site, limit=40):
    """The themes used on the territory's live pages, most used first: the theme filter's choices.

    Cached a few minutes per territory: it groups over every tagged page, and a new theme
    showing up in the list a little late harms no one.
    """
    key = f"search:site-tags:{site.pk}:{limit}"
    tags = cache.get(key)
    if tags is None:
        uses, names = Counter(), {}
        for search_type in SEARCH_TYPES.values():
            rows = (
                search_type.model.tags.through.objects
                .filter(content_object__path__startswith=site.root_page.path, content_object__live=True)
                .values_list("tag__slug", "tag__name")
                .annotate(uses=Count("pk"))
            )
            for slug, name, count in rows:
                uses[slug] += count
                names[slug] = name
        ranked = sorted(uses, key=lambda slug: (-uses[slug], names[slug].lower()))
        tags = [(slug, names[slug]) for slug in ranked[:limit]]
        cache.set(key, tags, 300)
    return tags


class PageSearch:
    """One search request: the query, the filters and the results, lazily evaluated."""

    def __init__(self, site, query="", type_key="", tag="", start=None, end=None, backend="default"):
        self.site = site
        self.backend = backend
        self.query = query
        self.search_type = SEARCH_TYPES.get(type_key)
        self.tag = tag
        self.start, self.end = start, end

    def filtered(self, with_type=True):
        pages = searchable_pages(self.site)
        if self.tag:
            pages = pages.filter(pk__in=pages_tagged(self.tag))
        if self.start or self.end:
            # The window narrows events only; articles, places and dossiers have no dates.
            event_type = SEARCH_TYPES["event"].content_type
            pages = pages.filter(
                ~Q(content_type=event_type) | Q(pk__in=events_in_window(self.start, self.end))
            )
        if with_type and self.search_type:
            pages = pages.filter(content_type=self.search_type.content_type)
        return pages

    def _search(self, pages):
        if self.query:
            return pages.search(self.query, operator="and", backend=self.backend)
        # No words, only filters: everything that matches, newest first.
        return pages.order_by("-first_published_at").search(
            MatchAll(), order_by_relevance=False, backend=self.backend
        )

    @cached_property
    def results(self):
        # Specific pages: result cards show each type's own fields (summary, city…).
        return self._search(self.filtered().specific())

    def facets(self):
        """[(SearchType, count)] for every type, counted without the type filter itself."""
        counts = self._search(self.filtered(with_type=False)).facet("content_type_id")
        return self._facet_list(counts)

    def _facet_list(self, counts):
        return [(t, counts.get(t.content_type.pk, 0)) for t in SEARCH_TYPES.values()]

    def page(self, number, per_page):
        """One page of results with the total and the type facets: a `ResultsPage`.

        On Elasticsearch this is a single request (the type filter as a `post_filter`, so the
        facet aggregation still counts every type); other backends answer the same through
        three calls of Wagtail's API (count, slice, facet).
        """
        if uses_elasticsearch(self.backend):
            return self._elasticsearch_page(number, per_page)
        paginator = Paginator(self.results, per_page)
        current = paginator.get_page(number)
        return ResultsPage(list(current.object_list), paginator.count, self.facets(), current)

    def _elasticsearch_page(self, number, per_page):
        number = parse_page_number(number)
        everything = self._search(self.filtered(with_type=False).specific())
        compiler = everything.query_compiler
        type_column = compiler.mapping.get_field_column_name(compiler._get_filterable_field("content_type_id"))
        body = everything._get_es_body()
        if self.search_type:
            body["post_filter"] = {"term": {type_column: self.search_type.content_type.pk}}
        body["aggregations"] = {"types": {"terms": {"field": type_column, "size": len(SEARCH_TYPES) + 5}}}
        index = everything.backend.get_index_for_model(compiler.queryset.model).name
        while True:
            response = everything.backend.es.search(
                index=index, from_=(number - 1) * per_page, size=per_page, _source=False,
                stored_fields="pk", track_total_hits=True, **body,
            )
            total = response["hits"]["total"]["value"]
            last = max(1, -(-total // per_page))
            if number <= last:
                break
            number = last  # past the end, like Paginator.get_page: show the last page
        counts = {bucket["key"]: bucket["doc_count"] for bucket in response["aggregations"]["types"]["buckets"]}
        pages = list(everything._get_results_from_hits(response["hits"]["hits"]))
        current = Paginator(CountOnly(total), per_page).page(number)
        return ResultsPage(pages, total, self._facet_list(counts), current)


class CountOnly:
    """Stands for a result list of known length so Django's Paginator can do the page arithmetic."""

    def __init__(self, total):
        self.total = total

    def count(self):
        return self.total

    def __getitem__(self, key):
        return []


def parse_page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclass
class ResultsPage:
    results: list
    total: int
    facets: list
    current: object  # a django.core.paginator.Page: numbers, previous/next, start index

    @property
    def paginator(self):
        return self.current.paginator


def attach_details(pages):
    """Adds what result cards show (type, next date of events) without one query per result."""
    pages = list(pages)
    event_ids = [p.pk for p in pages if isinstance(p, registry.get("event").model)]
    next_dates = {}
    if event_ids:
        now = timezone.now()
        for occurrence in EventOccurrence.objects.filter(event_id__in=event_ids).order_by("start"):
            current = next_dates.get(occurrence.event_id)
            # The first occurrence still to come, else the last one.
            if current is None or (current.end < now and (occurrence.end >= now or occurrence.start > current.start)):
                next_dates[occurrence.event_id] = occurrence
    for page in pages:
        page.search_type = next((t for t in SEARCH_TYPES.values() if isinstance(page, t.model)), None)
        page.next_occurrence = next_dates.get(page.pk)
    return pages
