"""schema.org Event for an event page: its next date as the Event, every date as a sub-event."""

from django.utils import timezone

from content_types.core.jsonld import SCHEMA, compact, geo, image_url, postal_address
from content_types.places.jsonld import place_data

STATUS = {
    "prevu": f"{SCHEMA}/EventScheduled",
    "complet": f"{SCHEMA}/EventScheduled",
    "annule": f"{SCHEMA}/EventCancelled",
}


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
