"""Querysets and rows behind /api/v3/map/features.

A map of a whole region asks for thousands of points at once, so this module reads
plain rows (`values_list()`) instead of page instances, with their total count (a window
function) and, on PostgreSQL, their tags (an array subquery); image renditions come in
one query for the whole page of results: the number of queries per request stays the
same whatever the number of features. On PostgreSQL the rows come straight from the
cursor, occurrence times as epoch microseconds (integers), so no per-value Python parsing
or conversion runs for them (5,000 features: about half the Python time it used to take).
"""

from datetime import datetime, timedelta, timezone as dt_timezone

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BigIntegerField, Count, Func, OuterRef, Q, Subquery, Window
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from content_types.models import EventOccurrence, EventPage, EventPageTag, PlacePage, PlacePageTag

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


def event_queryset(query, sites):
    """Events with an occurrence overlapping the window, soonest first, as (queryset, columns).

    Each row carries the event's first occurrence inside the window (its start and end).
    On PostgreSQL the occurrences drive the query (DISTINCT ON the event: one index walk);
    elsewhere a correlated subquery per event does the same job more slowly.
    """
    events = filter_common(public_pages(EventPage, sites), query, EventPageTag)
    # Overlapping the window: ends after it opens and, when it closes, starts before that.
    overlapping = EventOccurrence.objects.filter(end__gte=query.window_start)
    if query.window_end is not None:
        overlapping = overlapping.filter(start__lte=query.window_end)

    if connection.features.can_distinct_on_fields:
        first_per_event = (
            overlapping.filter(event__in=events.values("pk"))
            .order_by("event_id", "start", "pk").distinct("event_id").values("pk")
        )
        queryset = (
            EventOccurrence.objects.filter(pk__in=Subquery(first_per_event))
            .annotate(
                tag_slugs=tag_slugs(EventPageTag, "event_id"),
                start_us=EpochMicroseconds("start"),
                end_us=EpochMicroseconds("end"),
            )
            .order_by("start", "event_id")
        )
        columns = OCCURRENCE_COLUMNS + ("tag_slugs",)
    else:
        first = overlapping.filter(event_id=OuterRef("pk")).order_by("start", "pk")
        queryset = (
            events.annotate(
                next_start=Subquery(first.values("start")[:1]),
                next_end=Subquery(first.values("end")[:1]),
            )
            .filter(next_start__isnull=False)
            .order_by("next_start", "pk")
        )
        columns = EVENT_COLUMNS
    # Only `end` given, and already past: "from now until then" holds nothing.
    return (queryset.none() if window_is_empty(query) else queryset), columns


def place_queryset(query, sites):
    """Places, by title, as (queryset, columns)."""
    queryset = filter_common(public_pages(PlacePage, sites), query, PlacePageTag).order_by("title", "pk")
    if connection.features.can_distinct_on_fields:  # PostgreSQL: tags come with the rows
        return queryset.annotate(tag_slugs=tag_slugs(PlacePageTag, "pk")), PLACE_COLUMNS + ("tag_slugs",)
    return queryset, PLACE_COLUMNS


class EpochMicroseconds(Func):
    """PostgreSQL: a timestamp as whole microseconds since the Unix epoch (a bigint).

    Read back as an integer by psycopg's C loader, where a timestamptz column goes through
    Django's Python-level loader (regex parsing, about 7 µs a value: 10,000 values for
    5,000 events). `local_datetimes()` turns it back into the same aware datetime."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
    output_field = BigIntegerField()


UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


def local_datetimes(tz):
    """A converter of a UTC datetime, or of epoch microseconds (EpochMicroseconds), to `tz`;
    values repeat a lot (events start on the hour), so each one is converted once."""
    seen = {None: None}

    def convert(value):
        try:
            return seen[value]
        except KeyError:
            pass
        moment = UNIX_EPOCH + timedelta(microseconds=value) if isinstance(value, int) else value
        seen[value] = converted = moment.astimezone(tz)
        return converted

    return convert


def tag_slugs(tag_model, page_column):
    """PostgreSQL: each row's tag slugs as an array, instead of a query over every page id."""
    return ArraySubquery(
        tag_model.objects.filter(content_object_id=OuterRef(page_column)).order_by("tag__slug").values("tag__slug")
    )


EVENT_COLUMNS = (
    "pk", "title", "summary", "url_path", "latitude", "longitude", "address", "city",
    "listing_image_id", "next_start", "next_end", "venue__title", "venue__address", "venue__city",
)
# The same columns, read from the occurrence side (event_queryset on PostgreSQL).
OCCURRENCE_COLUMNS = (
    "event_id", "event__title", "event__summary", "event__url_path", "event__latitude", "event__longitude",
    "event__address", "event__city", "event__listing_image_id", "start_us", "end_us", "event__venue__title",
    "event__venue__address", "event__venue__city",
)
PLACE_COLUMNS = (
    "pk", "title", "summary", "url_path", "latitude", "longitude", "address", "city",
    "listing_image_id", "kind",
)


def page_of_rows(querysets, offset, limit):
    """Rows [offset, offset+limit) of the querysets laid end to end, as tuples of their
    columns followed by the queryset's total (left on, not sliced off each row), and the
    total count. Each page of rows carries its queryset's full count
    (a window function), so counting costs a query only for a queryset left unread."""
    chunks, total, skip, wanted = [], 0, offset, limit
    for queryset, columns in querysets:
        rows = []
        if wanted > 0:
            rows = fetch_rows(
                queryset.annotate(window_total=Window(Count("pk")))
                .values_list(*columns, "window_total")[skip:skip + wanted]
            )
        count = rows[0][-1] if rows else queryset.count()
        chunks.append(rows)  # each row still ends with the total: unpacked, not sliced off
        total += count
        skip = 0 if rows else max(0, skip - count)
        wanted -= len(rows)
    return chunks, total


def fetch_rows(queryset):
    """The queryset's rows as tuples. On PostgreSQL, straight from the cursor: psycopg
    already gives every column its Python type (timestamps are read as EpochMicroseconds
    integers), so Django's per-value converters (a few calls per row) are skipped."""
    if connection.vendor != "postgresql":
        return list(queryset)
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tags_by_page(kinds):
    """{kind: {page id: [tag slugs, sorted]}}: one query per kind of page."""
    result = {}
    for kind, (tag_model, ids) in kinds.items():
        tags = result[kind] = {}
        if ids:
            for page_id, slug in tag_model.objects.filter(content_object_id__in=ids).values_list(
                "content_object_id", "tag__slug"
            ):
                tags.setdefault(page_id, []).append(slug)
        for slugs in tags.values():
            slugs.sort()
    return result


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
    instantiating a page per feature."""

    def __init__(self, request, here):
        current = Site.find_for_request(request)
        self.current_site_id = current.pk if current else None
        self.root_paths = Site.get_site_root_paths()
        self.here = here  # scheme://host of the request, for pages of the site serving it

    def __call__(self, url_path):
        for site_id, root_path, root_url, _language in self.root_paths:
            if url_path.startswith(root_path):
                relative = url_path[len(root_path) - 1:]
                return (self.here if site_id == self.current_site_id else root_url) + relative
        return None


def build_features(request, query, sites):
    """The features of the requested page of results, and the number matched in all."""
    querysets = []
    if "event" in query.types:
        querysets.append(event_queryset(query, sites))
    if "place" in query.types:
        querysets.append(place_queryset(query, sites))
    chunks, matched = page_of_rows(querysets, query.offset, query.limit)
    event_rows = chunks[0] if "event" in query.types else []
    place_rows = chunks[-1] if "place" in query.types else []

    # Rows carry their tags on PostgreSQL (a 15th / 11th column, before the total);
    # elsewhere, one query per kind.
    tags = tags_by_page({
        "event": (EventPageTag, [row[0] for row in event_rows if len(row) == len(EVENT_COLUMNS) + 1]),
        "place": (PlacePageTag, [row[0] for row in place_rows if len(row) == len(PLACE_COLUMNS) + 1]),
    })
    here = request.build_absolute_uri("/")[:-1]
    images = {
        pk: url if "://" in url else here + url
        for pk, url in rendition_urls({row[8] for row in event_rows + place_rows if row[8]}).items()
    }
    page_url = PageURLs(request, here)
    local = local_datetimes(timezone.get_current_timezone())
    kind_labels = {value: str(label) for value, label in PlacePage.Kind.choices}
    no_tags = []

    features = []
    event_tags = tags["event"]
    for pk, title, summary, url_path, lat, lng, address, city, image_id, start, end, venue, venue_address, venue_city, *carried, _total in event_rows:
        features.append({
            "type": "Feature",
            "id": f"event-{pk}",
            "geometry": {"type": "Point", "coordinates": [lng, lat]},
            "properties": {
                "type": "event",
                "title": title,
                "summary": summary,
                "url": page_url(url_path),
                "image": images.get(image_id),
                "tags": carried[0] if carried else event_tags.get(pk, no_tags),
                "city": city or venue_city or "",
                "address": address or venue_address or "",
                "start": local(start),
                "end": local(end),
                "place": venue or "",
            },
        })
    place_tags = tags["place"]
    for pk, title, summary, url_path, lat, lng, address, city, image_id, kind, *carried, _total in place_rows:
        features.append({
            "type": "Feature",
            "id": f"place-{pk}",
            "geometry": {"type": "Point", "coordinates": [lng, lat]},
            "properties": {
                "type": "place",
                "title": title,
                "summary": summary,
                "url": page_url(url_path),
                "image": images.get(image_id),
                "tags": carried[0] if carried else place_tags.get(pk, no_tags),
                "city": city,
                "address": address,
                "kind": kind,
                "kind_label": kind_labels.get(kind, ""),
            },
        })
    return features, matched
