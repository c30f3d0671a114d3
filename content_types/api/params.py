"""The map endpoint's query parameters, declared once: their Python type (what the view
receives), their OpenAPI schema (what /api/v3/openapi.json publishes) and their parser.

django-ninja reads each parameter through its annotated type below. Each type's parser
runs first (a pydantic "before" validator) and raises `BadParameter`, an HttpError that
Wagtail's API renders as a 400 `{"detail": "<param>: …"}` (application/problem+json),
as the contract (shared/design/map-api.md) promises for every bad value; pydantic's
own checks then always pass. An empty parameter means the same as an absent one, so a
form that submits blank fields still gets the defaults. When a parameter is repeated,
the last value counts (as Django's `request.GET[name]`).
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from ninja.errors import HttpError
from ninja import Query
from pydantic import AwareDatetime, BeforeValidator, WithJsonSchema

from content_types.core import registry
from content_types.events.queryset import day_window

# The types shown on the map (the registry's `on_map` entries), and every value `type`
# may take: one of them, or several comma-separated (listed in the registry's order;
# any order is accepted).
FEATURE_TYPES = tuple(entry.key for entry in registry.map_types())
TYPE_VALUES = tuple(",".join(names) for n in range(1, len(FEATURE_TYPES) + 1) for names in combinations(FEATURE_TYPES, n))
# Without `type`: the contract's original types (events and places); later ones are asked for.
ALL_TYPES = ",".join(entry.key for entry in registry.map_types() if entry.on_map_by_default)
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
# A bound keeps absurd offsets from reaching the database as an overflowing integer.
MAX_OFFSET = 10_000_000
MAX_QUERY_LENGTH = 200
NUMBER = r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*"


class BadParameter(HttpError):
    """A 400 whose message names the offending parameter."""

    def __init__(self, name, message):
        self.parameter = name
        super().__init__(400, f"{name}: {message}")


def text(value):
    """The parameter's text, stripped; None when empty."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_types(raw):
    raw = text(raw)
    if raw is None:
        return ALL_TYPES
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in FEATURE_TYPES]
    if unknown or not names:
        raise BadParameter(
            "type", f"unknown type {', '.join(unknown) or raw!r}; expected {', '.join(TYPE_VALUES)}"
        )
    return ",".join(name for name in FEATURE_TYPES if name in names)


def parse_bbox(raw):
    raw = text(raw)
    if raw is None:
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", f"expected four numbers minLon,minLat,maxLon,maxLat, got {len(parts)} value(s)")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise BadParameter("bbox", "every value must be a number (minLon,minLat,maxLon,maxLat)") from None
    if not all(math.isfinite(value) for value in (min_lon, min_lat, max_lon, max_lat)):
        raise BadParameter("bbox", "every value must be a finite number")
    for name, value in (("minLat", min_lat), ("maxLat", max_lat)):
        if not -90 <= value <= 90:
            raise BadParameter("bbox", f"{name} {value} is outside -90..90")
    for name, value in (("minLon", min_lon), ("maxLon", max_lon)):
        if not -180 <= value <= 180:
            raise BadParameter("bbox", f"{name} {value} is outside -180..180")
    if min_lon > max_lon:
        raise BadParameter("bbox", "minLon is greater than maxLon")
    if min_lat > max_lat:
        raise BadParameter("bbox", "minLat is greater than maxLat")
    return min_lon, min_lat, max_lon, max_lat


def parse_moment(name, raw, end=False):
    """An ISO date (local whole days: `start` at its midnight, `end` at the next one, the
    window being [start, end)) or an ISO date-time, as an aware datetime. Years are kept
    within 1000..9998 so that no offset or added day overflows."""
    raw = text(raw)
    if raw is None:
        return None
    try:
        # A bare date first: parse_datetime would read it as midnight, losing "the whole day".
        day = parse_date(raw)
        if day is not None:
            if not 1000 <= day.year <= 9998:
                raise OverflowError
            start, end_ = day_window(day, day)
            return end_ if end else start
        moment = parse_datetime(raw)
        if moment is None:
            raise ValueError
        if not 1000 <= moment.year <= 9998:
            raise OverflowError
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None
    except OverflowError:
        raise BadParameter(name, f"{raw!r} is outside the years 1000 to 9998") from None


def parse_integer(name, default, minimum, maximum):
    def parse(raw):
        raw = text(raw)
        if raw is None:
            return default
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", raw):
            raise BadParameter(name, f"{raw!r} is not an integer")
        value = int(raw)
        if not minimum <= value <= maximum:
            raise BadParameter(name, f"must be between {minimum} and {maximum}")
        return value

    return parse


def parse_tags(raw):
    raw = text(raw)
    if raw is None:
        return ()
    tags = []
    for value in raw.split(","):
        value = value.strip().lower()
        if value:
            tags.append(value)
            # "Biodiversité" and "biodiversite" reach the same tag whatever the slug style.
            tags.append(slugify(value, allow_unicode=True))
            tags.append(slugify(value))
    return tuple(sorted(set(tags)))


def parse_site(raw):
    raw = text(raw)
    if raw is None:
        return ""
    return "all" if raw.lower() == "all" else raw


def parse_q(raw):
    raw = text(raw) or ""
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    return raw


def param(python_type, parser, schema, default, description):
    """A query parameter: the value the view receives (`python_type`, made by `parser` from
    the query string's text) and, for the OpenAPI document, the text it travels as
    (`schema`, a JSON Schema) with its default and description. The default is written as
    it would be sent, and parsed like any value."""
    return Annotated[
        python_type,
        BeforeValidator(parser),
        WithJsonSchema(schema),
        Query(default, description=description, validate_default=True),
    ]


# ---- The parameters --------------------------------------------------------------------

FeatureTypes = param(
    Literal[TYPE_VALUES], parse_types, {"type": "string", "enum": list(TYPE_VALUES)}, ALL_TYPES,
    f"{', '.join(FEATURE_TYPES)}, or several comma-separated (in any order). Default: all of them.",
)
Bbox = param(
    tuple[float, float, float, float] | None, parse_bbox,
    {"type": "string", "pattern": f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$", "example": "1.8,47.8,2.0,48.0"}, "",
    "`minLon,minLat,maxLon,maxLat` in WGS 84 degrees (longitudes within ±180, latitudes within ±90, "
    "min ≤ max). Default: the whole world.",
)
DATE_OR_DATETIME = {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}
Start = param(
    AwareDatetime | None, lambda raw: parse_moment("start", raw), {**DATE_OR_DATETIME, "example": "2026-08-01"}, "",
    "ISO date (from its local midnight, Europe/Paris) or date-time. Events match when an occurrence "
    "overlaps [start, end). Default: now.",
)
End = param(
    AwareDatetime | None, lambda raw: parse_moment("end", raw, end=True), {**DATE_OR_DATETIME, "example": "2026-08-31"},
    "", "ISO date (that whole local day included) or date-time (excluded). Default: no end.",
)
Tags = param(
    tuple[str, ...], parse_tags, {"type": "string", "example": "astronomie,climat"}, "",
    "Comma-separated tag slugs; a page matches any of them.",
)
SiteParam = param(
    str, parse_site, {"type": "string", "example": "all"}, "",
    "A site id, a hostname (`host` or `host:port`), or `all` (every territory; a page shared between "
    "territories shows once, as its original). Default: the site serving the request.",
)
Q = param(
    str, parse_q, {"type": "string", "maxLength": MAX_QUERY_LENGTH}, "",
    "Full-text query, through the configured search backend.",
)
Limit = param(
    int, parse_integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, DEFAULT_LIMIT, "Features per response.",
)
Offset = param(
    int, parse_integer("offset", 0, 0, MAX_OFFSET), {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}, 0,
    "Features to skip (paging).",
)


@dataclass
class MapQuery:
    """The validated parameters, as the feature queries read them."""

    types: tuple
    bbox: tuple | None
    window_start: datetime
    window_end: datetime | None
    tags: tuple
    site: str  # "": the requesting site; "all"; or an id/hostname
    q: str
    limit: int
    offset: int

    @classmethod
    def of(cls, *, type, bbox, start, end, tags, site, q, limit, offset):  # noqa: A002 — the contract's name
        if start and end and start >= end:
            raise BadParameter("start", "start is after end (the window [start, end) is empty)")
        return cls(
            types=tuple(type.split(",")), bbox=bbox,
            # With no start, the agenda's rule: what has not ended yet.
            window_start=start or timezone.now(), window_end=end,
            tags=tags, site=site, q=q, limit=limit, offset=offset,
        )
