"""The features behind /api/v3/map/features, read from their stored form per request.

Each live event, place or project is stored as the text of its feature, written when its
page is published (content_types/map/models.py, MapFeature; store.py). A request reads,
per type, one query over those rows (site, view restrictions, bbox, tags, search; then the
type's own rule: an event's first occurrence in the window, or the title's order), and
completes each text with what depends on the request: the page's URL on the host asked,
the image's URL, an event's dates. On PostgreSQL the database completes the texts
(`texts_in_database`); elsewhere Python does (`texts_in_python`), to the same bytes
(tested on PostgreSQL: test_map_store.py, test_map_first_occurrence.py). One row past the
limit tells whether more match; only then is the total counted, by one more query. The
number of queries does not depend on the number of features.

Nothing here writes: a GET reads the database and nothing else.
"""

import gc
import threading
from contextlib import contextmanager

import orjson
from psycopg.adapt import Loader
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from content_types.core import registry
from content_types.map.models import MapFeature
from cms.ids import parse_id

from .params import BadParameter
from .store import json_escaped, tag_model

# The search backend hands back at most this many matches per type before the map's
# own filters (bbox, dates, site) narrow them down.
MAX_SEARCH_MATCHES = 10_000


class SearchUnavailable(Exception):
    """The search backend did not answer (e.g. Elasticsearch down): a 503, not a 500."""


def map_entries(keys):
    """The registry's types shown on the map, among `keys`, in the registry's order."""
    return [entry for entry in registry.map_types() if entry.key in keys]


def resolve_sites(request, site_param):
    """The sites to draw from: None means every site (`site=all`)."""
    if site_param == "all":
        return None
    if not site_param:
        site = Site.find_for_request(request)
        return [site] if site else []
    site_id = parse_id(site_param)
    if site_id is not None:
        site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    else:
        hostname, _, port = site_param.partition(":")
        sites = Site.objects.filter(hostname__iexact=hostname).select_related("root_page")
        if port:
            port_number = parse_id(port)
            if port_number is None or port_number > 65535:
                raise BadParameter("site", f"{site_param!r}: the port must be a number")
            sites = sites.filter(port=port_number)
        sites = list(sites[:2])
        if len(sites) > 1:
            raise BadParameter("site", f"{site_param!r} matches several sites; add the port (host:port)")
        site = sites[0] if sites else None
    if site is None:
        raise BadParameter("site", f"no site {site_param!r}; use a site id, a hostname or 'all'")
    return [site]


def restricted_paths():
    """Tree paths of the pages under a view restriction (one query): what is under them is
    not public, and the map is public."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def matching_features(entry, query, sites, restricted):
    """Stored features of the entry's type under the sites' roots (or network-wide, each
    shared page once: its original), outside any view restriction, inside the bbox, with any
    of the tags, matching `q`."""
    features = MapFeature.objects.filter(kind=entry.key)
    if sites is not None:
        under_sites = Q(pk__in=[])
        for site in sites:
            under_sites |= Q(path__startswith=site.root_page.path)
        features = features.filter(under_sites)
    else:
        features = features.filter(is_alias=False)
    for path in restricted:
        features = features.exclude(path__startswith=path)
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        features = features.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon,
        )
    if query.tags:
        tagged = tag_model(entry.model).objects.filter(tag__slug__in=query.tags).values("content_object_id")
        features = features.filter(page_id__in=Subquery(tagged))
    if query.q:
        features = features.filter(page_id__in=search_ids(entry.model, query.q))
    return features


def search_ids(model, q):
    """Ids of the pages the configured search backend (database or Elasticsearch) matches."""
    try:
        results = get_search_backend().search(q, model.objects.live())
        return [page.pk for page in results[:MAX_SEARCH_MATCHES]]
    except Exception as error:  # noqa: BLE001 — any backend failure means "cannot search now"
        raise SearchUnavailable(str(error)) from error


def empty_window(entry, query):
    """Only an `end` was given, and it is already past: no event can show."""
    return entry.map_features.DATED and query.window_end is not None and query.window_start >= query.window_end


class FeatureContext:
    """What completes the stored texts for one request: the URL prefix of each site's pages
    (the host the request came to for pages of the site serving it, else the site's root
    URL), the host for relative image URLs, and the site's time zone."""

    def __init__(self, request):
        here = request.build_absolute_uri("/")[:-1]
        current = Site.find_for_request(request)
        # (root url_path, its length minus the final slash, scheme://host), JSON-escaped as
        # the stored url_path is.
        self.roots = [
            (json_escaped(root_path), len(json_escaped(root_path)) - 1,
             json_escaped(here if current and site_id == current.pk else root_url))
            for site_id, root_path, root_url, _language in Site.get_site_root_paths()
        ]
        self.here_escaped = json_escaped(here)
        self.tz = timezone.get_current_timezone()

    def url(self, url_path):
        for root_path, cut, prefix in self.roots:
            if url_path.startswith(root_path):
                return f'"{prefix}{url_path[cut:]}"'
        return "null"

    def image(self, image):
        if not image:
            return "null"
        return f'"{self.here_escaped}{image}"' if image.startswith("/") else f'"{image}"'

    def moment(self, value):
        """A JSON string, as PostgreSQL's `to_json` writes a timestamptz: ISO 8601 in the
        site's time zone with its offset, a fraction of a second without trailing zeros."""
        text = value.astimezone(self.tz).isoformat()
        if value.microsecond:
            whole, _, rest = text.partition(".")
            text = f"{whole}.{rest[:6].rstrip('0')}{rest[6:]}"
        return f'"{text}"'


def texts_in_python(entry, features, query, context, offset, limit):
    """Texts (UTF-8 bytes) [offset, offset+limit) of the type's matching features, and the
    number matched, completed in Python (any database)."""
    if entry.map_features.DATED:
        features = entry.map_features.with_first_occurrence(features, query.window_start, query.window_end)
        columns = ("head", "url_path", "image", "map_start", "map_end")
    else:
        features = features.order_by("title", "page_id")
        columns = ("head", "url_path", "image")
    rows = list(features.values_list(*columns)[offset:offset + limit + 1])
    texts = []
    for head, url_path, image, *dates in rows:
        moments = f',"start":{context.moment(dates[0])},"end":{context.moment(dates[1])}' if dates else ""
        texts.append(f'{head},"url":{context.url(url_path)},"image":{context.image(image)}{moments}}}}}'.encode())
    return with_total(texts, offset, limit)


def with_total(texts, offset, limit):
    """The texts read (at most limit + 1 of them) cut to `limit`, and the number matched when
    they tell it: some but not more than `limit` were found past `offset`, or none from the
    start. Otherwise None: `count_of` counts them (one more query, only for a request
    matching more than its limit, or asking past the end)."""
    if len(texts) <= limit and (texts or offset == 0):
        return texts, offset + len(texts)
    return texts[:limit], None


class RawText(Loader):
    """psycopg: a text column as the UTF-8 bytes the server sent, not decoded into a str
    that the response would encode back."""

    def load(self, data):
        return bytes(data)


TEXTS_SQL = """
    SELECT f.head || ',"url":' || {url} || ',"image":' || {image} {dates} || '}}}}'
    FROM ({features}) AS f (page_id, head, url_path, image, title)
    {join}
    ORDER BY {order}
    LIMIT %s OFFSET %s
"""


def texts_in_database(entry, features, query, context, offset, limit):
    """PostgreSQL: the same texts and count as `texts_in_python`, completed by the database
    in one query: 5,000 features without a Python object each. An event's first occurrence
    in the window is read by a LATERAL join (its module's `first_occurrence_sql`), its dates
    written by `to_json` in the site's time zone (set for the query's transaction)."""
    try:
        features_sql, params = features.order_by().values_list("page_id", "head", "url_path", "image", "title").query.sql_with_params()
    except EmptyResultSet:  # e.g. a search matching nothing
        return [], 0
    url = "CASE " + " ".join("WHEN f.url_path LIKE %s THEN '\"' || %s || substr(f.url_path, %s) || '\"'" for _ in context.roots) + " ELSE 'null' END"
    url_params = []
    for root_path, cut, prefix in context.roots:
        url_params += [root_path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", prefix, cut + 1]
    image = "CASE WHEN f.image = '' THEN 'null' WHEN f.image LIKE '/%%' THEN '\"' || %s || f.image || '\"' ELSE '\"' || f.image || '\"' END"
    join, dates, join_params, order = "", "", [], "f.title, f.page_id"
    if entry.map_features.DATED:
        first_sql, join_params = entry.map_features.first_occurrence_sql("f.page_id", query.window_start, query.window_end)
        join = f"CROSS JOIN LATERAL ({first_sql}) AS first (start, \"end\")"
        dates = """|| ',"start":' || to_json(first.start) || ',"end":' || to_json(first."end")"""
        order = "first.start, f.page_id"
    sql = TEXTS_SQL.format(url=url, image=image, dates=dates, features=features_sql, join=join, order=order)
    # The time zone is set within a transaction (`is_local`, so that a pooler handing the
    # connection to another client never passes it on) and given back at once: an enclosing
    # transaction reads its datetimes in UTC, as Django's connection expects. Should the
    # query fail, the rollback to the savepoint gives it back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", RawText)
        if entry.map_features.DATED:
            cursor.execute("SELECT set_config('TimeZone', %s, true)", [str(context.tz)])
        cursor.execute(sql, [*url_params, context.here_escaped, *params, *join_params, limit + 1, offset])
        rows = cursor.fetchall()
        if entry.map_features.DATED:
            cursor.execute("SELECT set_config('TimeZone', %s, true)", [connection.timezone_name])
    return with_total([row[0] for row in rows], offset, limit)


def count_of(entry, features, query):
    """The number of the type's matching features (for a type whose texts were not read)."""
    if entry.map_features.DATED:
        features = entry.map_features.with_first_occurrence(features, query.window_start, query.window_end)
    return features.count()


def texts_of(entry, features, query, context, offset, limit):
    if connection.vendor == "postgresql":
        return texts_in_database(entry, features, query, context, offset, limit)
    return texts_in_python(entry, features, query, context, offset, limit)


_pauses = {"depth": 0, "resume": False}
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused():
    """Python's cycle collector off while a response is built. The rows of 5,000 features
    hold no reference cycles, yet allocating them can set off full collections that walk
    every object of the process (the whole of Django and Wagtail), longer than reading
    them. Freed by reference counting.
    Counted, so that threads building responses at once leave it as they found it."""
    with _pauses_lock:
        if _pauses["depth"] == 0:
            _pauses["resume"] = gc.isenabled()
            gc.disable()
        _pauses["depth"] += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses["depth"] -= 1
            if _pauses["depth"] == 0 and _pauses["resume"]:
                gc.enable()


def build_features(request, query, sites):
    """The texts of the requested page of features, laid end to end over the requested
    types in the registry's order, and the number matched (counted by a query only for a
    type whose texts do not tell it, see `with_total`)."""
    restricted = restricted_paths()
    context = FeatureContext(request)
    all_texts, matched, skip, wanted = [], 0, query.offset, query.limit
    for entry in map_entries(query.types):
        if empty_window(entry, query):
            continue
        features = matching_features(entry, query, sites, restricted)
        page, count = texts_of(entry, features, query, context, skip, wanted) if wanted > 0 else ([], None)
        if count is None:
            count = count_of(entry, features, query)
        all_texts += page
        matched += count
        skip = 0 if page else max(0, skip - count)
        wanted -= len(page)
    return all_texts, matched


def encode_collection(members, texts):
    """The response body: the collection's members (orjson), then the features' texts."""
    return b"".join((orjson.dumps(members)[:-1], b',"features":[', b",".join(texts), b"]}"))
