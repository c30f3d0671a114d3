"""Places on the map (/api/v3/map/features, shared/design/map-api.md).

Read through the content-type registry, like the events' module: the `COLUMNS` a place's
feature is written from when it is published (content_types/api/store.py) and
`feature(row, tags)`. Places are listed by title; dates do not filter them. A place
carries its kind and the kind's label.
"""

from content_types.core.geo import point_feature

from .models import PlacePage

DATED = False

COLUMNS = ("pk", "title", "summary", "latitude", "longitude", "city", "address", "kind")


def feature(row, tags):
    pk, title, summary, latitude, longitude, city, address, kind = row
    return point_feature(
        "place", pk, latitude, longitude, title, summary, tags, city=city, address=address, kind=kind,
        kind_label=str(PlacePage.Kind(kind).label) if kind in PlacePage.Kind.values else "",
    )
