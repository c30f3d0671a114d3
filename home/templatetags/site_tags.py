"""Template tags of the public site: menu, breadcrumbs, JSON-LD, map tiles, canonical URLs."""

import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from content_types.core import jsonld
from home import fragments
from home.legal import PRIVACY_SLUG
from home.models import ContactPage, LegalPage
from home.views import favicon_target

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

    def sections():
        children = Page.objects.child_of(site.root_page).live().public().only(
            "title", "url_path", "path", "depth", "show_in_menus")
        children = list(children)
        marked = [child for child in children if child.show_in_menus]
        return [(child.title, child.get_url(request)) for child in marked or children]

    current = request.path
    return [{"title": title, "url": url, "active": bool(url) and current.startswith(url)}
            for title, url in fragments.for_site(request, site, "main-menu", sections)]


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


@register.simple_tag(takes_context=True)
def social_image(context):
    """The picture shared on social networks: the listing image, else a dossier's cover."""
    page = context.get("page")
    return getattr(page, "listing_image", None) or getattr(page, "cover_image", None)


@register.simple_tag(takes_context=True)
def page_description(context):
    """Wagtail's search description, else the page's summary or introduction, else the tagline.

    Every page gets one (search engines show it under the title); routes of a page (a theme,
    the archive) describe themselves through `route_description`.
    """
    page = context.get("page")
    text = (
        context.get("route_description")
        or getattr(page, "search_description", "")
        or getattr(page, "summary", "")
        or getattr(page, "introduction", "")
        or ""
    )
    text = " ".join(strip_tags(str(text)).split())
    if not text:
        identity = context.get("identity")
        site = _site(context.get("request"))
        name = site.site_name if site else "Echosciences"
        tagline = getattr(identity, "tagline", "") or ""
        title = getattr(page, "title", "") or context.get("route_title", "")
        text = " · ".join(part for part in (title, name, tagline) if part)
    return Truncator(text).chars(300)


def _root_children(context, model):
    site = _site(context.get("request"))
    if site is None:
        return model.objects.none()
    return model.objects.child_of(site.root_page).live().public()


@register.simple_tag(takes_context=True)
def legal_links(context):
    """The territory's legal notice, privacy policy and contact page, for the footer."""
    request = context.get("request")
    site = _site(request)

    def links():
        pages = [*_root_children(context, LegalPage).only("title", "url_path", "path", "depth")]
        pages += [*_root_children(context, ContactPage).only("title", "url_path", "path", "depth")]
        return [(page.title, page.get_url(request)) for page in pages]

    return fragments.for_site(request, site, "legal-links", links) if site else []


@register.simple_tag(takes_context=True)
def privacy_page(context):
    return _root_children(context, LegalPage).filter(slug=PRIVACY_SLUG).first()


@register.simple_tag(takes_context=True)
def favicon_url(context):
    request = context.get("request")
    if request is None:
        return "/favicon.svg"
    if not hasattr(request, "_echo_favicon"):
        site = _site(request)
        request._echo_favicon = (
            fragments.for_site(request, site, "favicon", lambda: favicon_target(request)) if site
            else favicon_target(request)
        )
    return request._echo_favicon


@register.filter
def heure(value):
    """One time format on every page: « 19 h 00 », with non-breaking spaces."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.hour}\u00a0h\u00a0{value:%M}"


@register.filter
def active_filter_count(form):
    """How many of a bound GET filter form's fields hold a value (for « Filtres (2 actifs) »)."""
    if form is None or not getattr(form, "is_bound", False):
        return 0
    return sum(1 for name in form.fields if form.data.get(name) not in (None, ""))


@register.simple_tag
def page_numbers(page_obj):
    """The page links a listing shows: the first and last, and two either side of the current
    one, « … » between (Django's elided range): an agenda of 400 pages stays a short list."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


@register.simple_tag
def card_dates(event):
    """What an event card says of its dates: one date, a range of days, or a date and « N autres ».

    A range when the dates from the one shown onwards run day after day (a two-day festival,
    one occurrence over a week); otherwise the date shown and how many others follow.
    Uses `next_start`, `last_end` and `dates_count` from `EventPageQuerySet.for_cards`.
    """
    start = getattr(event, "next_start", None)
    if start is None:
        return None
    start = timezone.localtime(start)
    last_end = getattr(event, "last_end", None)
    count = getattr(event, "dates_count", None) or 1
    end = timezone.localtime(last_end) if last_end else start
    span_days = (end.date() - start.date()).days + 1
    if span_days > 1 and (count == 1 or count == span_days):
        return {"range": True, "start": start, "end": end, "same_month": (start.year, start.month) == (end.year, end.month),
                "same_year": start.year == end.year}
    return {"range": False, "start": start, "all_day": getattr(event, "next_all_day", False), "others": count - 1}


@register.simple_tag(takes_context=True)
def calendar_subscription(context, path, query=""):
    """A calendar feed's absolute address, and the same as webcal:// for « S’abonner »."""
    request = context.get("request")
    url = path + (f"?{query}" if query else "")
    absolute = request.build_absolute_uri(url) if request is not None else url
    scheme, _sep, rest = absolute.partition("://")
    return {"url": absolute, "webcal": f"webcal://{rest}" if rest else absolute}


TYPO_RULES = [
    (re.compile(r"(\w)'"), "\\1’"),  # one apostrophe
    (re.compile(r"(?<=\S)[ \u00a0]+([:;!?»])"), "\u00a0\\1"),
    (re.compile(r"«[ \u00a0]+"), "«\u00a0"),
]


@register.filter
def typo(value):
    """French typography on text people typed (titles, summaries): ’, and non-breaking spaces
    before « : ; ! ? » and inside guillemets. Returns plain text, escaped as usual."""
    if not value:
        return value
    text = str(value)
    for pattern, replacement in TYPO_RULES:
        text = pattern.sub(replacement, text)
    return text
