"""schema.org for places to visit: Museum, Park, Library… as a TouristAttraction, with opening hours."""

from content_types.core.jsonld import SCHEMA, compact, geo, image_url, postal_address

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PLACE_TYPES = {
    "musee": "Museum",
    "centre-sciences": "Museum",
    "bibliotheque": "Library",
    "jardin": "Park",
    "patrimoine": "LandmarksOrHistoricalBuildings",
}


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
