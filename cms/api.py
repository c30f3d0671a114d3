"""The public API: Wagtail's API v3 (django-ninja), with the project's routers registered on it.

Routers must be added before `api.urls` is first read, so they are registered here,
imported only from cms.urls.

Two things Wagtail's v3 API shows to anyone are kept to the staff:
- the images and documents endpoints list every upload (unused ones, members' drafts'
  pictures, originals with their metadata): outsiders get a 404, as if they did not exist;
  public pages still serve their renditions and documents through the pages themselves;
- /api/v3/docs/ and /api/v3/openapi.json describe the whole read-write API: outsiders
  see only the read API they may use, the map (`/api/v3/map/`) and the published pages
  (`GET /api/v3/pages/`).
"""

import json
from functools import wraps

from django.http import Http404, JsonResponse
from wagtail.api.v3.urls import api

from cms.api_errors import register as register_error_handlers
from content_types.api.map import router as map_router
from members.permissions import is_plain_contributor

api.add_router("/map/", map_router)
register_error_handlers(api)

# The read API outsiders use: the map and the headless pages listing/detail (GET only;
# a page's revisions and actions need an account).
PUBLIC_PREFIXES = ("/map/", "/pages/")
PRIVATE_PARTS = ("/revisions", "/actions/")
STAFF_ONLY_ROUTES = ("images/", "documents/")


def is_staff_reader(user):
    """Editors, moderators and administrators: admin access, and more than a member's."""
    return (
        user.is_authenticated and user.is_active
        and user.has_perm("wagtailadmin.access_admin") and not is_plain_contributor(user)
    )


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_reader(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def public_schema(schema, root):
    """The OpenAPI schema cut down to the public paths and the components they use."""
    prefixes = tuple(root.rstrip("/") + prefix for prefix in PUBLIC_PREFIXES)
    schema = dict(schema)
    schema["paths"] = {
        path: {"get": item["get"]}
        for path, item in schema.get("paths", {}).items()
        if path.startswith(prefixes) and "get" in item and not any(part in path for part in PRIVATE_PARTS)
    }
    components = dict(schema.get("components", {}))
    all_schemas = components.get("schemas", {})
    kept, todo = {}, list(_refs(schema["paths"]))
    while todo:
        name = todo.pop()
        if name in kept or name not in all_schemas:
            continue
        kept[name] = all_schemas[name]
        todo.extend(_refs(kept[name]))
    components["schemas"] = kept
    components.pop("securitySchemes", None)
    schema["components"] = components
    schema["description"] = "API publique d'Echosciences, en lecture : la carte et les pages publiées."
    return schema


def _docs_for_outsiders(view, gate=api.docs_decorator):
    """Wagtail's docs gate, then the public cut of the schema for everyone but the staff."""
    gated = gate(view) if gate else view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = gated(request, *args, **kwargs)
        content_type = response.get("Content-Type", "")
        if is_staff_reader(request.user) or not content_type.startswith("application/json"):
            return response
        root = request.path.rsplit("/openapi.json", 1)[0] + "/"
        return JsonResponse(public_schema(json.loads(response.content), root))

    return wrapper


api.docs_decorator = _docs_for_outsiders


def urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if str(pattern.pattern).startswith(STAFF_ONLY_ROUTES):
            pattern.callback = staff_only(pattern.callback)
    return patterns, app_name, namespace


__all__ = ["api", "urls"]
