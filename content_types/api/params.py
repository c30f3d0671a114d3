"""Reading the map endpoint's query string into a validated `MapQuery`.

The parameters are parsed here by hand, not by pydantic, because the public contract
(shared/design/map-api.md) promises a 400 whose `detail` names the parameter for every
bad value, while Wagtail's API object renders pydantic errors as 422s for all routers.
An empty parameter means the same as an absent one, so a form that submits blank
fields still gets the defaults.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from ninja.errors import HttpError

FEATURE_TYPES = ("event", "place")
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
# A bound keeps absurd offsets from reaching the database as an overflowing integer.
MAX_OFFSET = 10_000_000
MAX_QUERY_LENGTH = 200


class BadParameter(HttpError):
    """A 400 whose message names the offending parameter."""

    def __init__(self, name, message):
        self.parameter = name
        super().__init__(400, f"{name}: {message}")


@dataclass
class MapQuery:
    types: tuple = FEATURE_TYPES
    bbox: tuple | None = None  # (min_lon, min_lat, max_lon, max_lat)
    window_start: datetime = None
    window_end: datetime | None = None
    tags: list = field(default_factory=list)
    site: str | None = None  # None: the requesting site; "all"; or an id/hostname
    q: str = ""
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _value(params, name):
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_types(raw):
    if raw is None:
        return FEATURE_TYPES
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in FEATURE_TYPES]
    if unknown or not names:
        raise BadParameter(
            "type", f"unknown type {', '.join(unknown) or raw!r}; expected event, place or event,place"
        )
    return tuple(name for name in FEATURE_TYPES if name in names)


def parse_bbox(raw):
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


def parse_moment(name, raw, end_of_day=False):
    """An ISO date (the whole day, in the site's time zone) or an ISO date-time."""
    if raw is None:
        return None
    try:
        # A bare date first: parse_datetime would read it as midnight, losing "the whole day".
        day = parse_date(raw)
        if day is not None:
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            moment = parse_datetime(raw)
            if moment is None:
                raise ValueError
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_integer(name, raw, default, minimum, maximum):
    if raw is None:
        return default
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", raw):
        raise BadParameter(name, f"{raw!r} is not an integer")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(name, f"must be between {minimum} and {maximum}")
    return value


def parse_tags(raw):
    if raw is None:
        return []
    tags = []
    for value in raw.split(","):
        value = value.strip().lower()
        if value:
            tags.append(value)
            # "Biodiversité" and "biodiversite" reach the same tag whatever the slug style.
            tags.append(slugify(value, allow_unicode=True))
            tags.append(slugify(value))
    return sorted(set(tags))


def parse_site(raw):
    if raw is None:
        return None
    return "all" if raw.lower() == "all" else raw


def parse_map_query(params):
    start = parse_moment("start", _value(params, "start"))
    end = parse_moment("end", _value(params, "end"), end_of_day=True)
    if start and end and start > end:
        raise BadParameter("start", "start is after end")
    q = _value(params, "q") or ""
    if len(q) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    return MapQuery(
        types=parse_types(_value(params, "type")),
        bbox=parse_bbox(_value(params, "bbox")),
        # With no start, the agenda's rule: what has not ended yet.
        window_start=start or timezone.now(),
        window_end=end,
        tags=parse_tags(_value(params, "tags")),
        site=parse_site(_value(params, "site")),
        q=q,
        limit=parse_integer("limit", _value(params, "limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=parse_integer("offset", _value(params, "offset"), 0, 0, MAX_OFFSET),
    )


def window_is_empty(query):
    return query.window_end is not None and query.window_start > query.window_end

