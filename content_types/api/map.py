"""GET /api/v3/map/features: the territory's events and places as GeoJSON.

The public contract is shared/design/map-api.md; external widgets depend on it, so it
only ever grows. The data is public and read-only: any origin may read it (CORS `*`),
and caches may keep it for a minute (ETag, `If-None-Match` → 304, through Django's
`get_conditional_response`). Because the response is shared by caches, it never depends
on who asks: only live pages outside any view restriction appear, whatever the caller's
session or token. The parameters are the typed declarations of params.py: the schema in
/api/v3/openapi.json and the values the view reads are the same thing.
"""

import hashlib
from functools import wraps

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import urlencode
from ninja import Router
from ninja.decorators import decorate_view
from wagtail.api.v3.errors import PROBLEM_JSON, problem_response

from . import cache as response_cache
from .features import SearchUnavailable, build_features, collector_paused, encode_collection, resolve_sites
from .params import Bbox, End, FeatureTypes, Limit, MapQuery, Offset, Q, SiteParam, Start, Tags
from .schemas import FeatureCollection, Problem, inline_json_schema
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


def with_cors(view):
    """CORS headers on every response of the operation, errors (400s raised while the
    parameters are read) and 304s included: a browser on another site must read them all."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    return wrapper


def page_link(request, rel, offset):
    params = request.GET.copy()
    params["offset"] = str(offset)
    return {"rel": rel, "href": request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}"), "type": GEOJSON}


def render_collection(request, query, sites):
    """The response body (bytes)."""
    with collector_paused():
        texts, matched = build_features(request, query, sites)
        links = [page_link(request, "self", query.offset)]
        if query.offset + len(texts) < matched:
            links.append(page_link(request, "next", query.offset + query.limit))
        members = {"type": "FeatureCollection", "numberMatched": matched, "numberReturned": len(texts), "links": links}
        return encode_collection(members, texts)


def problem(description):
    return {"description": description, "content": {PROBLEM_JSON: {"schema": inline_json_schema(Problem)}}}


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
    # Bodies are described below (openapi_extra), each under the media type really sent.
    response={200: None, 304: None, 400: None, 412: None, 503: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "An RFC 7946 FeatureCollection, paged (`numberMatched`, `numberReturned`, `next` link).",
                "content": {GEOJSON: {"schema": inline_json_schema(FeatureCollection)}},
            },
            304: {"description": "Not modified: the `If-None-Match` ETag still matches. No body."},
            400: problem("A parameter is invalid; `detail` starts with its name (`bbox: …`)."),
            412: {"description": "Precondition failed: `If-Match` names no current representation. No body."},
            503: problem("`q` was given and full-text search is unavailable; retry later (`Retry-After`)."),
        }
    },
)
@decorate_view(with_cors)
def map_features(
    request,
    type: FeatureTypes,  # noqa: A002 — the contract's parameter name
    bbox: Bbox,
    start: Start,
    end: End,
    tags: Tags,
    site: SiteParam,
    q: Q,
    limit: Limit,
    offset: Offset,
):
    query = MapQuery.of(
        type=type, bbox=bbox, start=start, end=end, tags=tags, site=site, q=q, limit=limit, offset=offset
    )
    cached = response_cache.get(request)
    if cached is not None:
        body, etag = cached
    else:
        try:
            body = render_collection(request, query, resolve_sites(request, query.site))
        except SearchUnavailable:
            response = problem_response(status=503, detail="q: full-text search is unavailable, retry later")
            response["Retry-After"] = "30"
            return response
        # SHA-1 for a tag, not for security: twice as fast as BLAKE2 here on 2.5 MB (CPU instructions).
        etag = f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'
        response_cache.put(request, body, etag)

    response = HttpResponse(body, content_type=GEOJSON)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Language"
    return get_conditional_response(request, etag=etag, response=response)


@router.api_operation(["OPTIONS"], "features", include_in_schema=False, url_name="map_features_preflight")
def map_features_preflight(request):
    """The CORS preflight a browser sends before a GET carrying `If-None-Match`."""
    response = HttpResponse(status=204)
    response["Allow"] = "GET, OPTIONS"
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    return response


@router.get("demo/", include_in_schema=False, url_name="map_widget_demo")
def map_widget_demo(request):
    """A page for people: how to embed the map, with live examples."""
    return widget_demo(request)


router.get("docs/", include_in_schema=False, url_name="map_api_docs")(map_api_docs)  # the API in French, for people
