from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .models import SiteIdentity


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    """Each territory's robots.txt points at its own sitemap (same host as the request)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        # The search page tells crawlers itself what to index (search.views.for_search_engines).
        "Disallow: /recherche/autocomplete/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


FAVICON_RENDITION = "fill-64x64|format-png"


def favicon_target(request):
    """Where the browser finds this territory's icon: its image's rendition, else the monogram."""
    site = Site.find_for_request(request)
    identity = SiteIdentity.for_site(site) if site else None
    image = identity.favicon_image() if identity else None
    if image is not None:
        return image.get_rendition(FAVICON_RENDITION).url
    return reverse("favicon_svg")


@require_GET
@cache_control(public=True, max_age=86400)
def favicon_ico(request):
    """/favicon.ico, asked for by every browser and crawler whatever the page says: never a 404."""
    return redirect(favicon_target(request))


@require_GET
@cache_control(public=True, max_age=86400)
def favicon_svg(request):
    """The territory's initial in white on its primary colour (checked for 4.5:1 contrast)."""
    site = Site.find_for_request(request)
    identity = SiteIdentity.for_site(site) if site else None
    colour = identity.primary_colour if identity else "#00566b"
    letter = identity.monogram(site.site_name if site else "") if identity else "E"
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        '<rect width="64" height="64" rx="14" fill="{}"/>'
        '<text x="32" y="45" font-family="system-ui, Arial, sans-serif" font-size="40" font-weight="700" '
        'text-anchor="middle" fill="#fff">{}</text></svg>',
        colour, letter,
    )
    return HttpResponse(svg, content_type="image/svg+xml")
