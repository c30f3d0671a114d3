"""The features behind /api/v3/map/features, read and encoded per request.

Which pages appear is one query per type on the pages themselves (live, public, site,
bbox, tags, search; then the type's own rule: an event's window, a place's order), read
as plain rows (`values_list()`) with their total count (a window function). How each
feature reads is the type's own module (`map_features` beside its model, found through
the content-type registry), and the whole collection is written by orjson in one call.
Tags and image renditions come in one query each for the whole page of results, so the
number of queries per request does not depend on the number of features.

Nothing here writes: a GET reads the database and nothing else. A listing image's
rendition is made when its page is published (content_types/api/cache.py) or by
`manage.py rebuild_map_features`; a feature whose rendition is missing shows no image.
"""

import gc
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone as dt_timezone

import orjson
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q, Subquery, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from content_types.core import registry
from cms.ids import parse_id

from .params import BadParameter

IMAGE_FILTER_SPEC = "width-400"
# The search backend hands back at most this many matches per type before the map's
# own filters (bbox, dates, site) narrow them down.
MAX_SEARCH_MATCHES = 10_000
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


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
    if parse_id(site_param) is not None:
        site = Site.objects.filter(pk=parse_id(site_param)).select_related("root_page").first()
    else:
        hostname, _, port = site_param.partition(":")
        sites = Site.objects.filter(hostname__iexact=hostname).select_related("root_page")
        if port:
            if parse_id(port) is None or parse_id(port) > 65535:
                raise BadParameter("site", f"{site_param!r}: the port must be a number")
            sites = sites.filter(port=parse_id(port))
        sites = list(sites[:2])
        if len(sites) > 1:
            raise BadParameter("site", f"{site_param!r} matches several sites; add the port (host:port)")
        site = sites[0] if sites else None
    if site is None:
        raise BadParameter("site", f"no site {site_param!r}; use a site id, a hostname or 'all'")
    return [site]


def tag_model(model):
    return model._meta.get_field("tags").remote_field.through


def matching_pages(model, query, sites):
    """Live pages of `model` outside any view restriction, under the sites' roots, with a
    point, inside the bbox, with any of the tags, matching `q`."""
    pages = model.objects.live().public().filter(latitude__isnull=False, longitude__isnull=False)
    if sites is not None:
        under_sites = Q(pk__in=[])
        for site in sites:
            under_sites |= Q(path__startswith=site.root_page.path)
        pages = pages.filter(under_sites)
    else:
        # Network-wide, a page shared into other territories (a Wagtail alias) shows once: its original.
        pages = pages.filter(alias_of__isnull=True)
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        pages = pages.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon,
        )
    if query.tags:
        tagged = tag_model(model).objects.filter(tag__slug__in=query.tags).values("content_object_id")
        pages = pages.filter(pk__in=Subquery(tagged))
    if query.q:
        pages = pages.filter(pk__in=search_ids(model, query.q))
    return pages


def search_ids(model, q):
    """Ids of the pages the configured search backend (database or Elasticsearch) matches."""
    try:
        results = get_search_backend().search(q, model.objects.live())
        return [page.pk for page in results[:MAX_SEARCH_MATCHES]]
    except Exception as error:  # noqa: BLE001 — any backend failure means "cannot search now"
        raise SearchUnavailable(str(error)) from error


def rows_of(entry, query, sites):
    """The type's matching pages, in its order, as rows of its module's COLUMNS."""
    features = entry.map_features
    return features.select(matching_pages(entry.model, query, sites), query), features.COLUMNS


def rows_with_total(source, columns, offset, limit):
    """Rows [offset, offset+limit) of a type's `select()`, each followed by its total: a
    queryset's, or those of an object reading them its own way (`rows_with_total`, e.g. the
    events' on PostgreSQL)."""
    if hasattr(source, "rows_with_total"):
        return source.rows_with_total(columns, offset, limit)
    return list(
        source.annotate(map_total=Window(Count("pk"))).values_list(*columns, "map_total")[offset:offset + limit]
    )


def page_of_rows(sources, offset, limit):
    """Rows [offset, offset+limit) of the sources laid end to end (one list per source) and
    the total matched. Each slice carries its source's full count (a window function), so
    counting costs a query only for a source left unread."""
    chunks, total, skip, wanted = [], 0, offset, limit
    for source, columns in sources:
        rows = []
        if wanted > 0:
            rows = rows_with_total(source, columns, skip, wanted)
        count = rows[0][-1] if rows else source.count()
        chunks.append([row[:-1] for row in rows])
        total += count
        skip = 0 if rows else max(0, skip - count)
        wanted -= len(rows)
    return chunks, total


class AmongIds(Func):
    """`field = ANY(%s::integer[])`, the ids as one array literal (PostgreSQL). psycopg
    takes far longer to split a query of 5,000 placeholders (`IN (%s, %s, …)`), or to adapt
    a list of 5,000 integers one by one, than the server takes to answer it."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, field, ids):
        literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        super().__init__(F(field), RawSQL("%s::integer[]", (literal,)))


def id_in(field, ids):
    """A filter for `field` among `ids`: one array parameter on PostgreSQL, a list elsewhere."""
    if connection.vendor == "postgresql":
        return AmongIds(field, ids)
    return Q(**{f"{field}__in": ids})


def tag_slugs(model, ids):
    """{page id: [tag slugs, sorted]} in one query."""
    tags = {}
    if ids:
        for page_id, slug in (
            tag_model(model).objects.filter(id_in("content_object_id", ids))
            .values_list("content_object_id", "tag__slug")
        ):
            tags.setdefault(page_id, []).append(slug)
    for slugs in tags.values():
        slugs.sort()
    return tags


def rendition_urls(image_ids):
    """{image id: URL of its stored width-400 rendition}, in one query. Read only: a
    missing rendition is not generated here (see the module's docstring)."""
    if not image_ids:
        return {}
    renditions = get_image_model().get_rendition_model().objects.filter(
        image_id__in=image_ids, filter_spec=IMAGE_FILTER_SPEC
    )
    return {rendition.image_id: rendition.url for rendition in renditions}


class FeatureContext:
    """What features share within one response: absolute page URLs (from `url_path`, as
    Page.get_url_parts computes them, without instantiating pages), image URLs, and
    moments in the site's time zone (each distinct value converted once)."""

    def __init__(self, request, image_ids):
        self.here = here = request.build_absolute_uri("/")[:-1]
        current = Site.find_for_request(request)
        # (root path, its length minus the final slash, scheme://host): `here` (the host the
        # request came to) for pages of the site serving it, else the site's root URL.
        self.roots = [
            (root_path, len(root_path) - 1, here if current and site_id == current.pk else root_url)
            for site_id, root_path, root_url, _language in Site.get_site_root_paths()
        ]
        self.images = {
            pk: url if "://" in url else here + url for pk, url in rendition_urls(image_ids).items()
        }
        self.tz = timezone.get_current_timezone()
        self.moments = {None: None}

    def url(self, url_path):
        for root_path, cut, prefix in self.roots:
            if url_path.startswith(root_path):
                return prefix + url_path[cut:]
        return None

    def image(self, image_id):
        return self.images.get(image_id)

    def moment(self, value):
        """A datetime, or microseconds since 1970 (see events/map_features.py's Instant),
        in the site's time zone."""
        try:
            return self.moments[value]
        except KeyError:
            moment = UNIX_EPOCH + timedelta(microseconds=value) if isinstance(value, int) else value
            local = self.moments[value] = moment.astimezone(self.tz)
            return local


_pauses = {"depth": 0, "resume": False}
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused():
    """Python's cycle collector off while a response is built. The rows, tuples and dicts of
    5,000 features hold no reference cycles, yet allocating them sets off full collections
    that walk every object of the process (the whole of Django and Wagtail): measured on
    5,000 events, more time than reading and encoding them. Freed by reference counting.
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
    """The requested page of features (dicts, ready for orjson) and the number matched."""
    entries = map_entries(query.types)
    chunks, matched = page_of_rows([rows_of(entry, query, sites) for entry in entries], query.offset, query.limit)
    image_ids = set()
    for entry, rows in zip(entries, chunks):
        column = entry.map_features.COLUMNS.index("listing_image_id")
        image_ids.update(row[column] for row in rows if row[column])
    context = FeatureContext(request, image_ids)
    features = []
    for entry, rows in zip(entries, chunks):
        if not rows:
            continue
        feature = entry.map_features.encoder(context)
        tags = tag_slugs(entry.model, [row[0] for row in rows])
        features += [feature(row, tags.get(row[0], [])) for row in rows]
    return features, matched


def encode_collection(members, features):
    """The response body: the collection's members, then its features, in one orjson call."""
    return orjson.dumps({**members, "features": features})
