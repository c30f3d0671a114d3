"""Template tags of the public site: menu, breadcrumbs, JSON-LD, map tiles, canonical URLs."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from wagtail.models import Page, Site

from content_types.core import jsonld

register = template.Library()


def _site(request):
    if request is None:
        return None
    if not hasattr(request, "_echo_site"):
        request._echo_site = Site.find_for_request(request)
    return request._echo_site


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The territory's sections: live children of the site root marked « afficher dans les menus».

    Until an editor marks any, every live section shows, so a new territory has a menu.
    """
    request = context.get("request")
    site = _site(request)
    if site is None:
        return []
    children = Page.objects.child_of(site.root_page).live().public().only("title", "url_path", "path", "depth", "show_in_menus")
    children = list(children)
    marked = [child for child in children if child.show_in_menus]
    items = marked or children
    current = request.path
    menu = []
    for child in items:
        url = child.get_url(request)
        menu.append({"title": child.title, "url": url, "active": bool(url) and current.startswith(url)})
    return menu


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page=None, *extra):
    """(title, url) pairs from the territory's home to the page; `extra` adds route crumbs."""
    request = context.get("request")
    page = page or context.get("page")
    if page is None or not hasattr(page, "get_ancestors"):
        return []
    crumbs = []
    for ancestor in page.get_ancestors(inclusive=True).filter(depth__gte=2):
        crumbs.append((ancestor.title, ancestor.get_url(request)))
    for index in range(0, len(extra) - 1, 2):
        crumbs.append((extra[index], extra[index + 1]))
    return crumbs


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, crumbs):
    request = context.get("request")
    if not crumbs or request is None:
        return ""
    return json_ld(jsonld.breadcrumb_data(crumbs, request))


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', jsonld.dumps(data))


@register.simple_tag
def map_tile_url():
    return getattr(settings, "GEO_WIDGET_LEAFLET_TILE_LAYER", "")


@register.simple_tag
def map_tile_attribution():
    """The tile provider's credit (HTML, from the settings) that every map shows."""
    return getattr(settings, "MAP_TILE_ATTRIBUTION", "")


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url else url


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def social_image(context):
    """The picture shared on social networks: the listing image, else a dossier's cover."""
    page = context.get("page")
    return getattr(page, "listing_image", None) or getattr(page, "cover_image", None)


@register.simple_tag(takes_context=True)
def page_description(context):
    page = context.get("page")
    return (getattr(page, "search_description", "") or getattr(page, "summary", "") or "").strip()
