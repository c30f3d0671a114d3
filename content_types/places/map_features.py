"""Places on the map (/api/v3/map/features, shared/design/map-api.md).

Read by the map API through the content-type registry (`map_features`), like the events'
module: which matching places to show, in which order (`select`), and how one reads
(`encoder`). A place carries its kind and the kind's label in the request's language.
"""

from .models import PlacePage

COLUMNS = ("pk", "title", "summary", "latitude", "longitude", "url_path", "listing_image_id", "city", "address", "kind")


def select(pages, query):
    """Places, by title (dates do not filter them)."""
    return pages.order_by("title", "pk")


def encoder(context):
    url, image = context.url, context.image
    labels = {value: str(label) for value, label in PlacePage.Kind.choices}

    def feature(row, tags):
        pk, title, summary, latitude, longitude, url_path, image_id, city, address, kind = row
        return {
            "type": "Feature",
            "id": f"place-{pk}",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "type": "place",
                "title": title,
                "summary": summary,
                "url": url(url_path),
                "image": image(image_id),
                "tags": tags,
                "city": city,
                "address": address,
                "kind": kind,
                "kind_label": labels.get(kind, ""),
            },
        }

    return feature
