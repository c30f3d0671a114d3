"""Querysets and rows behind /api/v3/map/features.

A map of a whole region asks for thousands of points at once, so this module reads
plain rows (`values()`) instead of page instances, and fetches tags and image
renditions with one query each for the whole page of results: the number of queries
per request stays the same whatever the number of features.
"""

from django.db.models import OuterRef, Q, Subquery
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
    if window_is_empty(query):
        return EventPage.objects.none()
    # The first occurrence overlapping the window: it ends after the window opens and,
    # when the window closes, starts before that.
    overlapping = EventOccurrence.objects.filter(event_id=OuterRef("pk"), end__gte=query.window_start)
    if query.window_end is not None:
        overlapping = overlapping.filter(start__lte=query.window_end)
    overlapping = overlapping.order_by("start", "pk")
    queryset = filter_common(public_pages(EventPage, sites), query, EventPageTag)
    return (
        queryset.annotate(
            next_start=Subquery(overlapping.values("start")[:1]),
            next_end=Subquery(overlapping.values("end")[:1]),
        )
        .filter(next_start__isnull=False)
        .order_by("next_start", "pk")
    )


def place_queryset(query, sites):
    return filter_common(public_pages(PlacePage, sites), query, PlacePageTag).order_by("title", "pk")


EVENT_COLUMNS = (
    "pk", "title", "summary", "url_path", "latitude", "longitude", "address", "city",
    "listing_image_id", "next_start", "next_end", "venue__title", "venue__address", "venue__city",
)
PLACE_COLUMNS = (
    "pk", "title", "summary", "url_path", "latitude", "longitude", "address", "city",
    "listing_image_id", "kind",
)


def page_of_rows(querysets, offset, limit):
    """Rows [offset, offset+limit) of the querysets laid end to end, and the total count."""
    counts = [queryset.count() for queryset, _ in querysets]
    rows = []
    skip, wanted = offset, limit
    for (queryset, columns), count in zip(querysets, counts):
        if wanted <= 0:
            break
        if skip >= count:
            skip -= count
            continue
        chunk = list(queryset.values(*columns)[skip:skip + wanted])
        rows.append(chunk)
        wanted -= len(chunk)
        skip = 0
    return rows, sum(counts)


def tags_by_page(tag_model, ids):
    tags = {}
    if ids:
        pairs = (
            tag_model.objects.filter(content_object_id__in=ids)
            .order_by("tag__slug").values_list("content_object_id", "tag__slug")
        )
        for page_id, slug in pairs:
            tags.setdefault(page_id, []).append(slug)
    return tags


def rendition_urls(image_ids):
    """{image id: rendition URL}, renditions prefetched (generated once if missing)."""
    if not image_ids:
        return {}
    urls = {}
    for image in get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(IMAGE_FILTER_SPEC):
        try:
            urls[image.pk] = image.get_rendition(IMAGE_FILTER_SPEC).url
        except SourceImageIOError:
            pass  # the original file is missing: the feature goes without a picture
    return urls


class PageURLs:
    """Absolute page URLs from `url_path`, as Page.get_url_parts computes them, without
    instantiating a page per feature."""

    def __init__(self, request):
        self.request = request
        current = Site.find_for_request(request)
        self.current_site_id = current.pk if current else None
        self.root_paths = Site.get_site_root_paths()

    def __call__(self, url_path):
        for site_id, root_path, root_url, _language in self.root_paths:
            if url_path.startswith(root_path):
                relative = url_path[len(root_path) - 1:]
                if site_id == self.current_site_id:
                    return self.request.build_absolute_uri(relative)
                return root_url + relative
        return None


def iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def build_features(request, query, sites):
    querysets = []
    if "event" in query.types:
        querysets.append((event_queryset(query, sites), EVENT_COLUMNS))
    if "place" in query.types:
        querysets.append((place_queryset(query, sites), PLACE_COLUMNS))
    chunks, matched = page_of_rows(querysets, query.offset, query.limit)

    rows = [row for chunk in chunks for row in chunk]
    event_ids = [row["pk"] for row in rows if "next_start" in row]
    place_ids = [row["pk"] for row in rows if "kind" in row]
    tags = {
        "event": tags_by_page(EventPageTag, event_ids),
        "place": tags_by_page(PlacePageTag, place_ids),
    }
    images = rendition_urls({row["listing_image_id"] for row in rows if row["listing_image_id"]})
    absolute = request.build_absolute_uri
    page_url = PageURLs(request)

    features = []
    for row in rows:
        kind = "event" if "next_start" in row else "place"
        properties = {
            "type": kind,
            "title": row["title"],
            "summary": row["summary"],
            "url": page_url(row["url_path"]),
            "image": absolute(images[row["listing_image_id"]]) if row["listing_image_id"] in images else None,
            "tags": tags[kind].get(row["pk"], []),
        }
        if kind == "event":
            properties.update(
                city=row["city"] or row["venue__city"] or "",
                address=row["address"] or row["venue__address"] or "",
                start=iso(row["next_start"]),
                end=iso(row["next_end"]),
                place=row["venue__title"] or "",
            )
        else:
            properties.update(
                city=row["city"],
                address=row["address"],
                kind=row["kind"],
                kind_label=str(PlacePage.Kind(row["kind"]).label) if row["kind"] in PlacePage.Kind.values else "",
            )
        features.append({
            "type": "Feature",
            "id": f"{kind}-{row['pk']}",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": properties,
        })
    return features, matched
