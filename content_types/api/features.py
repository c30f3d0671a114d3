"""Querysets and rows behind /api/v3/map/features.

A map of a whole region asks for thousands of points at once. Which pages appear is one
query on the pages themselves (published, public, site, bbox, dates, tags, search), read
as plain rows (`values_list()`) with their total count (a window function); how each
feature reads comes with the row, encoded once per publication (MapFeatureText, see
feature_text.py), and only the page URL, the image rendition, the occurrence dates or
the kind label are spliced in per request. Renditions come in one query for the whole
page of results: the number of queries per request stays the same whatever the number of
features. On PostgreSQL the rows come straight from the cursor, occurrence times as epoch
microseconds (integers), so no per-value Python parsing runs for them.
"""

from datetime import datetime, timedelta, timezone as dt_timezone

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, Window
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from content_types.models import EventOccurrence, EventPage, EventPageTag, PlacePage, PlacePageTag

from . import feature_text
from .params import BadParameter, window_is_empty

IMAGE_FILTER_SPEC = "width-400"
# The search backend hands back at most this many matches per type before the map's
# own filters (bbox, dates, site) narrow them down.
MAX_SEARCH_MATCHES = 10_000


def resolve_sites(request, site_param):
    """The sites to draw from: None means every site (`site=all`)."""
    if site_param == "all":
        return None
    if site_param is None:
        site = Site.find_for_request(request)
        return [site] if site else []
    if site_param.isdigit():
        site = Site.objects.filter(pk=int(site_param)).select_related("root_page").first()
    else:
        hostname, _, port = site_param.partition(":")
        sites = Site.objects.filter(hostname__iexact=hostname).select_related("root_page")
        if port:
            if not port.isdigit():
                raise BadParameter("site", f"{site_param!r}: the port must be a number")
            sites = sites.filter(port=int(port))
        sites = list(sites[:2])
        if len(sites) > 1:
            raise BadParameter("site", f"{site_param!r} matches several sites; add the port (host:port)")
        site = sites[0] if sites else None
    if site is None:
        raise BadParameter("site", f"no site {site_param!r}; use a site id, a hostname or 'all'")
    return [site]


def public_pages(model, sites):
    """Live pages outside any view restriction, under the given sites' roots."""
    queryset = model.objects.live().public()
    if sites is not None:
        under_sites = Q(pk__in=[])
        for site in sites:
            under_sites |= Q(path__startswith=site.root_page.path)
        queryset = queryset.filter(under_sites)
    return queryset


def filter_common(queryset, query, tag_model):
    queryset = queryset.filter(latitude__isnull=False, longitude__isnull=False)
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        queryset = queryset.filter(
            latitude__gte=min_lat, latitude__lte=max_lat,
            longitude__gte=min_lon, longitude__lte=max_lon,
        )
    if query.tags:
        tagged = tag_model.objects.filter(tag__slug__in=query.tags).values("content_object_id")
        queryset = queryset.filter(pk__in=Subquery(tagged))
    if query.q:
        queryset = queryset.filter(pk__in=search_ids(queryset.model, query.q))
    return queryset


class SearchUnavailable(Exception):
    """The search backend did not answer (e.g. Elasticsearch down): a 503, not a 500."""


def search_ids(model, q):
    """Ids of the pages the configured search backend (database or Elasticsearch) matches."""
    try:
        results = get_search_backend().search(q, model.objects.live())
        return [page.pk for page in results[:MAX_SEARCH_MATCHES]]
    except Exception as error:  # noqa: BLE001 — any backend failure means "cannot search now"
        raise SearchUnavailable(str(error)) from error


def event_source(query, sites):
    """Events with an occurrence overlapping the window, soonest first, each row carrying
    its first occurrence inside the window (start and end)."""
    events = filter_common(public_pages(EventPage, sites), query, EventPageTag)
    if window_is_empty(query):  # only `end` given, and already past: nothing from now until then
        return NO_ROWS
    if connection.vendor == "postgresql":
        return FirstOccurrenceRows(events, query.window_start, query.window_end)
    return next_occurrence_rows(events, query.window_start, query.window_end)


def next_occurrence_rows(events, window_start, window_end):
    """The portable query: each event's first occurrence in the window by a correlated
    subquery (Django's ORM on any database)."""
    # Overlapping the window: ends after it opens and, when it closes, starts before that.
    first = EventOccurrence.objects.filter(event_id=OuterRef("pk"), end__gte=window_start)
    if window_end is not None:
        first = first.filter(start__lte=window_end)
    first = first.order_by("start", "pk")
    queryset = (
        events.annotate(next_start=Subquery(first.values("start")[:1]), next_end=Subquery(first.values("end")[:1]))
        .filter(next_start__isnull=False)
        .order_by("next_start", "pk")
    )
    return QueryRows(queryset, EVENT_COLUMNS)


def place_source(query, sites):
    """Places, by title."""
    places = filter_common(public_pages(PlacePage, sites), query, PlacePageTag)
    return QueryRows(places.order_by("title", "pk"), PLACE_COLUMNS)


class QueryRows:
    """A queryset's rows, read a slice at a time, each followed by the total (a window function)."""

    def __init__(self, queryset, columns):
        self.queryset, self.columns = queryset, columns

    def slice(self, offset, limit):
        return fetch_rows(
            self.queryset.annotate(window_total=Window(Count("pk")))
            .values_list(*self.columns, "window_total")[offset:offset + limit]
        )

    def count(self):
        return self.queryset.count()


class NoRows:
    """A source with nothing in it (a window that closed before it opens)."""

    def slice(self, offset, limit):
        return []

    def count(self):
        return 0


NO_ROWS = NoRows()


class FirstOccurrenceRows:
    """PostgreSQL: the rows of next_occurrence_rows(), in fewer steps.

    The events the filters keep (the ORM's query, so the filters are written once) are
    read with the columns the rows need, and their occurrences in the window are walked
    once through the event index (DISTINCT ON the event: the first one). 5,000 events out
    of 100,000: about 40 % less time than the same rows through the ORM, which reads each
    event and page twice.
    """

    SQL = """
        WITH matched (id, url_path, image_id) AS ({events}),
        firsts AS (
            SELECT DISTINCT ON (o.event_id) o.event_id, o.start, o."end", m.url_path, m.image_id
            FROM content_types_eventoccurrence o JOIN matched m ON m.id = o.event_id
            WHERE o."end" >= %s {window_end}
            ORDER BY o.event_id, o.start, o.id
        )
        SELECT event_id, url_path, image_id,
            (EXTRACT(EPOCH FROM start) * 1000000)::bigint, (EXTRACT(EPOCH FROM "end") * 1000000)::bigint,
            count(*) OVER ()
        FROM firsts ORDER BY start, event_id LIMIT %s OFFSET %s
    """

    def __init__(self, events, window_start, window_end):
        self.events, self.window_start, self.window_end = events, window_start, window_end

    def slice(self, offset, limit):
        try:
            events_sql, params = (
                self.events.order_by().values_list("pk", "url_path", "listing_image_id").query.sql_with_params()
            )
        except EmptyResultSet:  # e.g. a search matching nothing
            return []
        params = [*params, self.window_start]
        if self.window_end is not None:
            params.append(self.window_end)
        window_end = "AND o.start <= %s" if self.window_end is not None else ""
        sql = self.SQL.replace("{window_end}", window_end).replace("{events}", events_sql)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return cursor.fetchall()

    def count(self):
        rows = self.slice(0, 1)
        return rows[0][-1] if rows else 0


# Every row: page id, url_path, listing image id, then what varies per request (an
# event's start and end in the window, a place's kind for its translated label).
EVENT_COLUMNS = ("pk", "url_path", "listing_image_id", "next_start", "next_end")
PLACE_COLUMNS = ("pk", "url_path", "listing_image_id", "kind")


UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


class JsonMoments(dict):
    """{moment: JSON text in `tz`} (RFC 3339 with its offset), for UTC datetimes or epoch
    microseconds (as FirstOccurrenceRows reads them: an integer loads in C where a
    timestamp is parsed in Python). Values repeat a lot (events start on the hour): each
    is encoded once, the others are plain dictionary reads."""

    def __init__(self, tz):
        super().__init__({None: "null"})
        self.tz = tz

    def __missing__(self, value):
        moment = UNIX_EPOCH + timedelta(microseconds=value) if isinstance(value, int) else value
        self[value] = text = orjson.dumps(moment.astimezone(self.tz)).decode()
        return text


def page_of_rows(sources, offset, limit):
    """Rows [offset, offset+limit) of the sources laid end to end, as tuples of their
    columns followed by the source's total (left on, not sliced off each row), and the
    total count. Each slice of rows carries its source's full count, so counting costs a
    query only for a source left unread."""
    chunks, total, skip, wanted = [], 0, offset, limit
    for source in sources:
        rows = source.slice(skip, wanted) if wanted > 0 else []
        count = rows[0][-1] if rows else source.count()
        chunks.append(rows)  # each row still ends with the total: unpacked, not sliced off
        total += count
        skip = 0 if rows else max(0, skip - count)
        wanted -= len(rows)
    return chunks, total


def fetch_rows(queryset):
    """The queryset's rows as tuples. On PostgreSQL, straight from the cursor: psycopg
    already gives these columns their Python type, so Django's per-value converters
    (a few calls per row) are skipped."""
    if connection.vendor != "postgresql":
        return list(queryset)
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rendition_urls(image_ids):
    """{image id: rendition URL}: the stored renditions in one query; a missing one is
    generated once (then stored) through Wagtail's get_rendition."""
    if not image_ids:
        return {}
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(
        image_id__in=image_ids, filter_spec=IMAGE_FILTER_SPEC
    )
    urls = {rendition.image_id: rendition.url for rendition in renditions}
    missing = set(image_ids) - set(urls)
    for image in image_model.objects.filter(pk__in=missing) if missing else []:
        try:
            urls[image.pk] = image.get_rendition(IMAGE_FILTER_SPEC).url
        except SourceImageIOError:
            pass  # the original file is missing: the feature goes without a picture
    return urls


class PageURLs:
    """Absolute page URLs from `url_path`, as Page.get_url_parts computes them, without
    instantiating a page per feature; as JSON text."""

    def __init__(self, request, here):
        current = Site.find_for_request(request)
        # (root path, its length minus the final slash, scheme://host): `here` (the host
        # the request came to) for pages of the site serving it, else the site's root URL.
        self.roots = [
            (root_path, len(root_path) - 1, here if current and site_id == current.pk else root_url)
            for site_id, root_path, root_url, _language in Site.get_site_root_paths()
        ]

    def __call__(self, url_path):
        for root_path, cut, prefix in self.roots:
            if url_path.startswith(root_path):
                return feature_text.dumps(prefix + url_path[cut:])
        return "null"


def build_features(request, query, sites):
    """The requested page of results as JSON text (the features, comma-separated), the
    number of features in it and the number matched in all."""
    sources = []
    if "event" in query.types:
        sources.append(event_source(query, sites))
    if "place" in query.types:
        sources.append(place_source(query, sites))
    chunks, matched = page_of_rows(sources, query.offset, query.limit)
    event_rows = chunks[0] if "event" in query.types else []
    place_rows = chunks[-1] if "place" in query.types else []

    here = request.build_absolute_uri("/")[:-1]
    dumps = feature_text.dumps
    images = {
        pk: dumps(url if "://" in url else here + url)
        for pk, url in rendition_urls({row[2] for row in event_rows + place_rows if row[2]}).items()
    }
    page_url = PageURLs(request, here)
    moment = JsonMoments(timezone.get_current_timezone())
    kind_labels = {value: dumps(str(label)) for value, label in PlacePage.Kind.choices}
    empty_label = dumps("")

    # One flat list of pieces, joined once: 5,000 features without a string each. A page
    # deleted between the two queries has no text left: it is skipped, not a 500.
    parts, returned = [], 0
    add = parts.extend
    feature_text.TEXTS.check_version()
    texts = feature_text.TEXTS.of("event", [row[0] for row in event_rows])
    for pk, url_path, image_id, start, end, _total in event_rows:
        if pk in texts:
            head, body, tail = texts[pk]
            add((head, page_url(url_path), ',"image":', images.get(image_id, "null"),
                 body, moment[start], ',"end":', moment[end], tail, ","))
            returned += 1
    texts = feature_text.TEXTS.of("place", [row[0] for row in place_rows])
    for pk, url_path, image_id, kind, _total in place_rows:
        if pk in texts:
            head, body, tail = texts[pk]
            add((head, page_url(url_path), ',"image":', images.get(image_id, "null"),
                 body, kind_labels.get(kind, empty_label), tail, ","))
            returned += 1
    return "".join(parts[:-1]), returned, matched
