"""Events on the map (/api/v3/map/features, shared/design/map-api.md).

The map API finds this module through the content-type registry (`map_features`) and
asks it two things: which of the matching events to show, in which order (`select`),
and how one of them reads as a GeoJSON feature (`encoder`). The event's dates are its
first occurrence inside the requested window, as the event queryset computes it for
every listing (`EventPageQuerySet.in_window`).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import DateTimeField, F, Func
from django.db.models.expressions import RawSQL

from .queryset import first_in_window

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
    if connection.vendor == "postgresql":
        return FirstOccurrenceRows(pages, events, query.window_start, query.window_end)
    return events


class FirstOccurrenceRows:
    """PostgreSQL: the rows `select` gives elsewhere, with each event's first occurrence in
    the window read once, by a LATERAL join walking the index on (event, start, id) until the
    first date that overlaps the window (the same `first_in_window` as the event queryset).
    The ORM's query computes it twice per event plus a test of existence: on 5,000 events
    about a third of the request. Same rows, same order (tested against the ORM's)."""

    SQL = """
        SELECT pages.*, (EXTRACT(EPOCH FROM first.start) * 1000000)::bigint,
            (EXTRACT(EPOCH FROM first."end") * 1000000)::bigint, COUNT(*) OVER ()
        FROM ({pages}) AS pages ({names})
        CROSS JOIN LATERAL ({first}) AS first (start, "end")
        ORDER BY first.start, pages.c0
        LIMIT %s OFFSET %s
    """

    def __init__(self, pages, events, window_start, window_end):
        self.pages, self.events = pages, events
        self.window_start, self.window_end = window_start, window_end

    def rows_with_total(self, columns, offset, limit):
        """Rows of `columns` (the page's, then map_start and map_end) [offset, offset+limit),
        each followed by the number of events matched."""
        page_columns = columns[:-2]
        assert columns[0] == "pk" and columns[-2:] == ("map_start", "map_end")
        try:
            pages_sql, pages_params = self.pages.order_by().values_list(*page_columns).query.sql_with_params()
        except EmptyResultSet:  # e.g. a search matching nothing
            return []
        occurrences = self.pages.model._meta.get_field("occurrences").related_model.objects
        first = first_in_window(
            occurrences.filter(event_id=RawSQL("pages.c0", ())), self.window_start, self.window_end
        ).values_list("start", "end")[:1]
        first_sql, first_params = first.query.sql_with_params()
        sql = (
            self.SQL.replace("{pages}", pages_sql)
            .replace("{names}", ", ".join(f"c{n}" for n in range(len(page_columns))))
            .replace("{first}", first_sql)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*pages_params, *first_params, limit, offset])
            return cursor.fetchall()

    def count(self):
        return self.events.count()


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
