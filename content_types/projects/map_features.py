"""Projects on the map (/api/v3/map/features?type=project, shared/design/map-api.md).

Read through the content-type registry, like events and places. Only projects given a map
point appear; a client must ask for them (`type=project`), so the map of clients that send
no `type` is unchanged. Listed by title; a project carries its status and dates.
"""

from content_types.core.geo import point_feature

from .models import ProjectPage

DATED = False

COLUMNS = ("pk", "title", "summary", "latitude", "longitude", "city", "address", "status", "start_date", "end_date")


def feature(row, tags):
    pk, title, summary, latitude, longitude, city, address, status, start, end = row
    return point_feature(
        "project", pk, latitude, longitude, title, summary, tags, city=city, address=address, status=status,
        status_label=str(ProjectPage.Status(status).label) if status in ProjectPage.Status.values else "",
        start_date=start.isoformat() if start else None, end_date=end.isoformat() if end else None,
    )
