"""The public API: Wagtail's API v3 (django-ninja), with the project's routers registered on it.

Routers must be added before `api.urls` is first read, so they are registered here,
imported only from cms.urls.
"""

from wagtail.api.v3.urls import api

from cms.api_errors import register as register_error_handlers
from content_types.api.map import router as map_router

api.add_router("/map/", map_router)
register_error_handlers(api)

__all__ = ["api"]
