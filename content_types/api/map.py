"""GET /api/v3/map/features: the territory's events and places as GeoJSON.

The public contract is shared/design/map-api.md; external widgets depend on it, so it
only ever grows. The data is public and read-only: any origin may read it (CORS `*`),
and caches may keep it for a minute (ETag, `If-None-Match` → 304). Because the
response is shared by caches, it never depends on who asks: only live pages outside
any view restriction appear, whatever the caller's session.
"""

import hashlib

import orjson
from typing import Annotated

from django.http import HttpResponse
from django.utils.http import urlencode
from ninja import Query, Router
from pydantic import WithJsonSchema
from wagtail.api.v3.errors import ProblemDetail, problem_response

from . import cache as response_cache
from .features import SearchUnavailable, build_features, resolve_sites
from .params import DEFAULT_LIMIT, MAX_LIMIT, BadParameter, parse_map_query
from .schemas import FeatureCollection, inline_json_schema
from .views import map_api_docs, widget_demo

GEOJSON = "application/geo+json"
CACHE_CONTROL = "public, max-age=60"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Cache-Control",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}

router = Router(tags=["map"])


def documented(schema, description):
    """A query parameter read as text (so bad values give our 400s), documented as `schema`."""
    return Annotated[str | None, WithJsonSchema({**schema, "description": description})]


TypeParam = documented(
    {"type": "string", "example": "event,place"},
    "`event`, `place`, or both comma-separated. Default: both.",
)
BboxParam = documented(
    {"type": "string", "example": "1.8,47.8,2.0,48.0"},
    "`minLon,minLat,maxLon,maxLat` in WGS 84 degrees. Default: the whole world.",
)
StartParam = documented(
    {"type": "string", "format": "date", "example": "2026-08-01"},
    "ISO date (or date-time). Events match when any occurrence overlaps [start, end]. Default: now.",
)
EndParam = documented(
    {"type": "string", "format": "date", "example": "2026-08-31"},
    "ISO date (the whole day) or date-time. Default: no end.",
)
TagsParam = documented(
    {"type": "string", "example": "astronomie,climat"}, "Comma-separated tag slugs; a page matches any of them."
)
SiteParam = documented(
    {"type": "string", "example": "all"},
    "A site id, a hostname (`host` or `host:port`), or `all`. Default: the site serving the request.",
)
QParam = documented({"type": "string", "maxLength": 200}, "Full-text query, through the configured search backend.")
LimitParam = documented(
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "Features per response."
)
OffsetParam = documented({"type": "integer", "minimum": 0, "default": 0}, "Features to skip (paging).")


def with_cors(response, preflight=False):
    for name, value in (PREFLIGHT_HEADERS if preflight else CORS_HEADERS).items():
        response[name] = value
    return response


def etag_matches(header, etag):
    if not header:
        return False
    candidates = [value.strip() for value in header.split(",")]
    # Weak comparison (RFC 9110 §13.1.2): W/"x" and "x" name the same representation.
    return "*" in candidates or etag in {value.removeprefix("W/") for value in candidates}


def page_link(request, rel, offset):
    params = request.GET.copy()
    params["offset"] = str(offset)
    return {"rel": rel, "href": request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}"), "type": GEOJSON}


def render_collection(request, query, sites):
    """The response body (bytes): the collection's members, then its features, already
    JSON text (features.build_features)."""
    features, returned, matched = build_features(request, query, sites)
    links = [page_link(request, "self", query.offset)]
    if query.offset + returned < matched:
        links.append(page_link(request, "next", query.offset + query.limit))
    members = orjson.dumps({
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": returned,
        "links": links,
    })
    return b"".join((members[:-1], b',"features":[', features.encode(), b"]}"))


@router.get(
    "features",
    url_name="map_features",
    operation_id="map_features",
    summary="Events and places as a GeoJSON FeatureCollection",
    description=(
        "One Point feature per live, public event or place of the selected site(s). Events carry "
        "the start and end of their next occurrence inside the window. Bad parameters give a 400 "
        "whose `detail` names the parameter. CORS: any origin. Cache: ETag, `max-age=60`."
    ),
    response={200: None, 304: None, 400: ProblemDetail, 503: ProblemDetail},
    openapi_extra={
        "responses": {
            200: {
                "description": "An RFC 7946 FeatureCollection, paged (`numberMatched`, `numberReturned`, `next` link).",
                "content": {GEOJSON: {"schema": inline_json_schema(FeatureCollection)}},
            },
            304: {"description": "Not modified (the `If-None-Match` ETag still matches)."},
        }
    },
)
def map_features(
    request,
    type: TypeParam = Query(None),  # noqa: A002 — the contract's parameter name
    bbox: BboxParam = Query(None),
    start: StartParam = Query(None),
    end: EndParam = Query(None),
    tags: TagsParam = Query(None),
    site: SiteParam = Query(None),
    q: QParam = Query(None),
    limit: LimitParam = Query(None),
    offset: OffsetParam = Query(None),
):
    try:
        query = parse_map_query(request.GET)
        cached = response_cache.get(request)
        if cached is None:
            sites = resolve_sites(request, query.site)
    except BadParameter as error:
        return with_cors(problem_response(status=400, detail=str(error)))

    if cached is not None:
        body, etag = cached
    else:
        try:
            body = render_collection(request, query, sites)
        except SearchUnavailable:
            response = problem_response(status=503, detail="q: full-text search is unavailable, retry later")
            response["Retry-After"] = "30"
            return with_cors(response)
        etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
        response_cache.put(request, body, etag)

    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponse(status=304)
        del response["Content-Type"]
    else:
        response = HttpResponse(body, content_type=GEOJSON)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Language"
    return with_cors(response)


@router.api_operation(["OPTIONS"], "features", include_in_schema=False, url_name="map_features_preflight")
def map_features_preflight(request):
    """The CORS preflight a browser sends before a GET carrying `If-None-Match`."""
    response = HttpResponse(status=204)
    response["Allow"] = "GET, OPTIONS"
    return with_cors(response, preflight=True)


@router.get("demo/", include_in_schema=False, url_name="map_widget_demo")
def map_widget_demo(request):
    """A page for people: how to embed the map, with live examples."""
    return widget_demo(request)


router.get("docs/", include_in_schema=False, url_name="map_api_docs")(map_api_docs)  # the API in French, for people
