"""The search itself: which pages may appear, the filters, the facets.

Queries go through Wagtail's public search API on a `Page` queryset (`.search()`,
`.facet()`, slicing through Django's `Paginator`), so the same code runs on Elasticsearch
(tests, production) and on the database backend (`make run`). Filters the index cannot
express directly (a theme, a date window) become `pk__in` lists computed by the
database, which both backends translate. A page of results costs two search requests,
the type facets and the page itself; the total is the facets' sum.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from wagtail.models import Page
from wagtail.search.query import MatchAll

from content_types.core import registry
from content_types.events.queryset import day_window
from network.models import is_portal


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


def within_site(pages, site):
    """The pages of one territory; on the network's portal, every territory's, each shared page once.

    The shared copies (Wagtail aliases) are left out by id: the search index has no field
    for `alias_of`, and shares are few.
    """
    if not is_portal(site):
        return pages.descendant_of(site.root_page)
    return pages.exclude(pk__in=list(Page.objects.filter(alias_of__isnull=False).values_list("pk", flat=True)))


def searchable_pages(site):
    """Live, public articles, events, places and dossiers of one territory (or the network), nothing else."""
    return within_site(
        Page.objects.live().public().filter(content_type__in=[t.content_type for t in SEARCH_TYPES.values()]),
        site,
    )


def pages_tagged(slug):
    """Ids of the pages of every content type carrying the theme `slug`."""
    ids = set()
    for search_type in SEARCH_TYPES.values():
        ids.update(search_type.model.objects.filter(tags__slug=slug).values_list("pk", flat=True))
    return sorted(ids)


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
                .filter(content_object__path__startswith="" if is_portal(site) else site.root_page.path,
                        content_object__live=True)
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
    """One search request: the query and its filters."""

    def __init__(self, site, query="", type_key="", tag="", start=None, end=None, backend="default"):
        self.site = site
        self.backend = backend
        self.query = query
        self.search_type = SEARCH_TYPES.get(type_key)
        self.tag = tag
        self.window = day_window(start, end) if (start or end) else None

    def events_in_window(self):
        """Ids of the territory's events with a date in the window (whole local days)."""
        events = within_site(registry.get("event").model.objects.live(), self.site)
        return list(events.in_window(*self.window).order_by().values_list("pk", flat=True))

    def filtered(self, with_type=True):
        pages = searchable_pages(self.site)
        if self.tag:
            pages = pages.filter(pk__in=pages_tagged(self.tag))
        if self.window:
            # The window narrows events only; articles, places and dossiers have no dates.
            event_type = SEARCH_TYPES["event"].content_type
            pages = pages.filter(~Q(content_type=event_type) | Q(pk__in=self.events_in_window()))
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

    def facets(self):
        """[(SearchType, count)] for every type, counted without the type filter itself."""
        counts = self._search(self.filtered(with_type=False)).facet("content_type_id")
        return [(t, counts.get(t.content_type.pk, 0)) for t in SEARCH_TYPES.values()]

    def page(self, number, per_page):
        """One page of results (specific pages, ready for their cards), the total and the facets.

        Every result is of one of the facets' types, so the total is read from the facets
        (the selected type's count, or their sum): no separate count request.
        """
        facets = self.facets()
        counts = {search_type.key: count for search_type, count in facets}
        total = counts[self.search_type.key] if self.search_type else sum(counts.values())
        paginator = Paginator(KnownLength(self._search(self.filtered()), total), per_page)
        current = paginator.get_page(number)
        return ResultsPage(load_results(current.object_list, self.window), total, facets, current)


class KnownLength:
    """Search results whose length is already known, sliced lazily by Django's Paginator."""

    def __init__(self, results, length):
        self.results, self.length = results, length

    def count(self):
        return self.length

    def __len__(self):
        return self.length

    def __getitem__(self, key):
        return self.results[key]


@dataclass
class ResultsPage:
    results: list
    total: int
    facets: list
    current: object  # a django.core.paginator.Page: numbers, previous/next, start index

    @property
    def paginator(self):
        return self.current.paginator


def load_results(pages, window=None):
    """The specific pages of `pages`, in order, with what their cards show: one query per type.

    Events come from the event queryset with the date their card shows (the first one in
    the window, or the next one, or the last one once over) and their venue joined.
    """
    pages = list(pages)
    ids_by_type = defaultdict(list)
    for page in pages:
        ids_by_type[type_for_content_type_id(page.content_type_id)].append(page.pk)
    loaded = {}
    for search_type, ids in ids_by_type.items():
        if search_type is None:
            continue
        queryset = search_type.model.objects.filter(pk__in=ids)
        if search_type.key == "event":
            dated = queryset.with_next_occurrence(*window) if window else queryset.with_display_dates()
            queryset = dated.select_related("venue")
        for specific in queryset:
            specific.search_type = search_type
            loaded[specific.pk] = specific
    return [loaded[page.pk] for page in pages if page.pk in loaded]
