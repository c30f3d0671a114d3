"""schema.org Organization for a community (a group of people around a theme)."""

from content_types.core.jsonld import SCHEMA, compact, image_url


def community_data(community, request):
    return compact({
        "@context": SCHEMA,
        "@type": "Organization",
        "name": community.title,
        "description": community.summary,
        "url": community.get_full_url(request),
        "image": image_url(request, community.listing_image),
        "keywords": ", ".join(tag.name for tag in community.tags.all()),
    })
