"""schema.org JSON-LD for every public page, built from the model (templates only print it).

Search engines read these to show dates, places and opening hours; the shapes follow
schema.org's Event, Place (Museum, Park, Library… as a TouristAttraction), Article and
CollectionPage types.
"""

import json

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

SCHEMA = "https://schema.org"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PLACE_TYPES = {
    "musee": "Museum",
    "centre-sciences": "Museum",
    "bibliotheque": "Library",
    "jardin": "Park",
    "patrimoine": "LandmarksOrHistoricalBuildings",
}
STATUS = {
    "prevu": f"{SCHEMA}/EventScheduled",
    "complet": f"{SCHEMA}/EventScheduled",
    "annule": f"{SCHEMA}/EventCancelled",
}


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


def place_types(place):
    specific = PLACE_TYPES.get(place.kind)
    return [specific, "TouristAttraction"] if specific else "TouristAttraction"


def place_data(place, request, full=True):
    data = {
        "@type": place_types(place),
        "name": place.title,
        "url": place.get_full_url(request),
        "address": postal_address(place.address, place.postcode, place.city),
        "geo": geo(place.latitude, place.longitude),
    }
    if full:
        data.update({
            "@context": SCHEMA,
            "description": place.summary,
            "image": image_url(request, place.listing_image),
            "telephone": place.phone,
            "email": place.email,
            "sameAs": [place.website] if place.website else None,
            "isAccessibleForFree": None,
            "publicAccess": True,
            "keywords": ", ".join(tag.name for tag in place.tags.all()),
            "openingHoursSpecification": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"{SCHEMA}/{WEEKDAYS[slot.weekday]}",
                    "opens": slot.opens.strftime("%H:%M"),
                    "closes": slot.closes.strftime("%H:%M"),
                }
                for slot in place.opening_hours.all()
            ],
            "amenityFeature": [{
                "@type": "LocationFeatureSpecification", "name": "Accessible en fauteuil roulant", "value": True,
            }] if place.wheelchair_accessible else None,
        })
    return compact(data)


def event_location(event, request):
    if event.venue_id:
        return place_data(event.venue, request, full=False)
    return compact({
        "@type": "Place",
        "name": event.city or event.address,
        "address": postal_address(event.address, event.postcode, event.city),
        "geo": geo(event.latitude, event.longitude),
    })


def _event_for(event, occurrence, request, location, image, organiser):
    data = {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": event.get_full_url(request),
        "startDate": timezone.localtime(occurrence.start).date() if occurrence.all_day
        else timezone.localtime(occurrence.start),
        "endDate": timezone.localtime(occurrence.end).date() if occurrence.all_day
        else timezone.localtime(occurrence.end),
        "eventStatus": STATUS.get(occurrence.status, STATUS["prevu"]),
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": location,
        "image": image,
        "organizer": organiser,
        "isAccessibleForFree": True if event.is_free else None,
    }
    if event.price is not None and not event.is_free:
        data["offers"] = compact({
            "@type": "Offer",
            "price": f"{event.price:.2f}",
            "priceCurrency": "EUR",
            "url": event.booking_url or event.get_full_url(request),
            "availability": f"{SCHEMA}/SoldOut" if occurrence.status == "complet" else f"{SCHEMA}/InStock",
            "description": event.price_details,
        })
    elif event.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "EUR",
                          "availability": f"{SCHEMA}/InStock",
                          "url": event.booking_url or event.get_full_url(request)}
    return compact(data)


def event_data(event, request):
    """The next occurrence (or the last, for a past event) as the Event; every date as subEvent."""
    occurrences = list(event.occurrences.all())
    if not occurrences:
        return None
    now = timezone.now()
    upcoming = [o for o in occurrences if o.end >= now]
    main = upcoming[0] if upcoming else occurrences[-1]
    location = event_location(event, request)
    image = image_url(request, event.listing_image)
    organiser = compact({
        "@type": "Organization", "name": event.organiser.name, "url": event.organiser.website,
    }) if event.organiser_id else None
    data = {"@context": SCHEMA, **_event_for(event, main, request, location, image, organiser)}
    data["keywords"] = ", ".join(tag.name for tag in event.tags.all())
    if len(occurrences) > 1:
        data["subEvent"] = [_event_for(event, o, request, location, image, organiser) for o in occurrences]
    return compact(data)


def article_data(article, request, site_name):
    author = None
    if article.author_id:
        name = article.author.get_full_name() or str(article.author)
        author = {"@type": "Person", "name": name}
    return compact({
        "@context": SCHEMA,
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.summary,
        "url": article.get_full_url(request),
        "mainEntityOfPage": article.get_full_url(request),
        "datePublished": article.date,
        "dateModified": timezone.localtime(article.last_published_at) if article.last_published_at else None,
        "author": author,
        "image": image_url(request, article.listing_image),
        "keywords": ", ".join(tag.name for tag in article.tags.all()),
        "inLanguage": "fr",
        "publisher": {"@type": "Organization", "name": site_name},
    })


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
    kind = type(item).__name__
    return {"EventPage": "Event", "ArticlePage": "Article", "PlacePage": "Place"}.get(kind, "WebPage")


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
