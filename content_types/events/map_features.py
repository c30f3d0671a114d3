"""Events on the map (/api/v3/map/features, shared/design/map-api.md).

The map API finds this module through the content-type registry (`map_features`). What an
event says on the map is written when it is published (content_types/api/store.py): the
`COLUMNS` read from the page and `feature(row, tags)`, its GeoJSON without what depends on
the request. Its dates depend on the request's window: they are its first occurrence
inside it, as the event queryset computes it for every listing (`first_in_window`), read
when the map is asked (`first_occurrence_sql`, `with_first_occurrence`).
"""

from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL

from content_types.core.geo import point_feature
from content_types.places.models import PlacePage

from .models import EventPage
from .queryset import first_in_window

DATED = True  # a feature carries the `start` and `end` of its first occurrence in the window

# The columns a feature is written from (`values_list` on EventPage), in the order `feature` reads them.
COLUMNS = (
    "pk", "title", "summary", "latitude", "longitude", "city", "address",
    "venue__title", "venue__city", "venue__address",
)


def feature(row, tags):
    """The event's feature, without its URL, image and dates (a dict for orjson)."""
    pk, title, summary, latitude, longitude, city, address, venue, venue_city, venue_address = row
    return point_feature(
        "event", pk, latitude, longitude, title, summary, tags,
        city=city or venue_city or "", address=address or venue_address or "", place=venue or "",
    )


def dependent_ids(page):
    """The events held at `page`: their features show the venue's name and address."""
    if not issubclass(page.specific_class or type(page), PlacePage):
        return []
    return list(EventPage.objects.filter(venue_id=page.pk).values_list("pk", flat=True))


def occurrences():
    return EventPage._meta.get_field("occurrences").related_model.objects


def first_occurrence_sql(feature_id, window_start, window_end):
    """SQL (and its parameters) of the event's first occurrence overlapping the window, as
    (start, end): the subquery of a LATERAL join on PostgreSQL, walking the index on
    (event, start, id) until the first date that overlaps the window."""
    first = first_in_window(
        occurrences().filter(event_id=RawSQL(feature_id, ())), window_start, window_end
    ).values_list("start", "end")[:1]
    return first.query.sql_with_params()


def with_first_occurrence(features, window_start, window_end):
    """Elsewhere than PostgreSQL: `features` annotated with map_start and map_end, the first
    occurrence in the window, those without one left out, soonest first."""
    first = first_in_window(occurrences().filter(event_id=OuterRef("page_id")), window_start, window_end)
    return (
        features.annotate(map_start=Subquery(first.values("start")[:1]), map_end=Subquery(first.values("end")[:1]))
        .filter(map_start__isnull=False)
        .order_by("map_start", "page_id")
    )
