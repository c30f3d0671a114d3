"""Places on the map (/api/v3/map/features, shared/design/map-api.md).

Read through the content-type registry, like the events' module: the `COLUMNS` a place's
feature is written from when it is published (content_types/api/store.py) and
`feature(row, tags)`. Places are listed by title; dates do not filter them. A place
carries its kind and the kind's label.
"""

from .models import PlacePage

DATED = False

COLUMNS = ("pk", "title", "summary", "latitude", "longitude", "city", "address", "kind")


def feature(row, tags):
    pk, title, summary, latitude, longitude, city, address, kind = row
    return {
        "type": "Feature",
        "id": f"place-{pk}",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {
            "type": "place",
            "title": title,
            "summary": summary,
            "tags": tags,
            "city": city,
            "address": address,
            "kind": kind,
            "kind_label": str(PlacePage.Kind(kind).label) if kind in PlacePage.Kind.values else "",
        },
    }
