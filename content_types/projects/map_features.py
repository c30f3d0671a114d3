"""Projects on the map (/api/v3/map/features?type=project, shared/design/map-api.md).

Read by the map API through the content-type registry, like events and places. Only
projects given a map point appear; a client must ask for them (`type=project`), so the
map of clients that send no `type` is unchanged. A project carries its status and dates.
"""

from .models import ProjectPage

COLUMNS = (
    "pk", "title", "summary", "latitude", "longitude", "url_path", "listing_image_id",
    "city", "address", "status", "start_date", "end_date",
)


def select(pages, query):
    """Projects, by title (the date window is for events)."""
    return pages.order_by("title", "pk")


def encoder(context):
    url, image = context.url, context.image
    labels = {value: str(label) for value, label in ProjectPage.Status.choices}

    def feature(row, tags):
        pk, title, summary, latitude, longitude, url_path, image_id, city, address, status, start, end = row
        return {
            "type": "Feature",
            "id": f"project-{pk}",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "type": "project",
                "title": title,
                "summary": summary,
                "url": url(url_path),
                "image": image(image_id),
                "tags": tags,
                "city": city,
                "address": address,
                "status": status,
                "status_label": labels.get(status, ""),
                "start_date": start.isoformat() if start else None,
                "end_date": end.isoformat() if end else None,
            },
        }

    return feature
