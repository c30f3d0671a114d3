"""Events on the map (/api/v3/map/features, shared/design/map-api.md).

The map API finds this module through the content-type registry (`map_features`) and
asks it two things: which of the matching events to show, in which order (`select`),
and how one of them reads as a GeoJSON feature (`encoder`). The event's dates are its
first occurrence inside the requested window, as the event queryset computes it for
every listing (`EventPageQuerySet.in_window`).
"""

from django.db.models import DateTimeField, F, Func

# The columns a feature is written from (`values_list`), in the order `encoder` reads them.
COLUMNS = (
    "pk", "title", "summary", "latitude", "longitude", "url_path", "listing_image_id",
    "city", "address", "venue__title", "venue__city", "venue__address", "map_start", "map_end",
)


class Instant(Func):
    """A moment as the database hands it over fastest. PostgreSQL: microseconds since 1970
    (a bigint): psycopg turns a timestamptz into a datetime about twenty times slower than
    an integer, and a map of 5,000 events reads 10,000 of them. Elsewhere the datetime."""

    template = "%(expressions)s"
    output_field = DateTimeField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def select(pages, query):
    """Events with an occurrence in the query's window [start, end), soonest first."""
    events = (
        pages.in_window(query.window_start, query.window_end)
        .annotate(map_start=Instant(F("next_start")), map_end=Instant(F("next_end")))
        .order_by("map_start", "pk")  # in_window's order, each first occurrence computed once
    )
    if query.window_end is not None and query.window_start >= query.window_end:
        return events.none()  # only an `end` was given, and it is already past
    return events


def encoder(context):
    """A function turning one row (COLUMNS) and its tags into a feature (a dict for orjson)."""
    url, image, moment = context.url, context.image, context.moment

    def feature(row, tags):
        (pk, title, summary, latitude, longitude, url_path, image_id,
         city, address, venue, venue_city, venue_address, start, end) = row
        return {
            "type": "Feature",
            "id": f"event-{pk}",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "type": "event",
                "title": title,
                "summary": summary,
                "url": url(url_path),
                "image": image(image_id),
                "tags": tags,
                "city": city or venue_city or "",
                "address": address or venue_address or "",
                "start": moment(start),
                "end": moment(end),
                "place": venue or "",
            },
        }

    return feature
