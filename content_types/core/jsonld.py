"""schema.org JSON-LD shared by every page: safe encoding, addresses, collections, the site, breadcrumbs.

Each content type builds its own shape (Event, Place, Article…) in its package's
`jsonld.py`, from these pieces; templates only print the result.
"""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

SCHEMA = "https://schema.org"


def dumps(data):
    """JSON safe inside <script>: '<', '>' and '&' escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False, cls=_Encoder)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if hasattr(o, "isoformat"):
            return o.isoformat()
        return str(o)


def absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def image_url(request, image, spec="fill-1200x630"):
    if image is None:
        return None
    return absolute(request, image.get_rendition(spec).url)


def postal_address(street, postcode, city):
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postcode,
        "addressLocality": city,
        "addressCountry": "FR",
    }


def geo(latitude, longitude):
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def collection_data(page, request, items=(), description=""):
    return compact({
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": page.title,
        "description": description or getattr(page, "summary", "") or getattr(page, "introduction", ""),
        "url": request.build_absolute_uri(request.path),
        "inLanguage": "fr",
        "hasPart": [
            compact({"@type": _item_type(item), "name": item.title, "url": item.get_full_url(request)})
            for item in items
        ],
    })


def _item_type(item):
    return getattr(item, "schema_type", "WebPage")


def website_data(home, request, site_name):
    return compact({
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": site_name,
        "url": request.build_absolute_uri("/"),
        "description": strip_tags(home.introduction or ""),
        "inLanguage": "fr",
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri("/recherche/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    })


def breadcrumb_data(crumbs, request):
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": title, "item": absolute(request, url)}
            for number, (title, url) in enumerate(crumbs, start=1)
        ],
    }
