"""schema.org JobPosting for job and internship offers (with validThrough), CreativeWork otherwise."""

from django.utils import timezone
from django.utils.html import strip_tags

from content_types.core.jsonld import SCHEMA, compact, image_url, postal_address


def annonce_data(annonce, request):
    site = annonce.get_site()
    site_name = site.site_name if site else "Echosciences"
    common = {
        "@context": SCHEMA,
        "url": annonce.get_full_url(request),
        "description": annonce.summary or strip_tags(str(annonce.body))[:500],
        "datePosted": timezone.localtime(annonce.first_published_at).date() if annonce.first_published_at else None,
        "inLanguage": "fr",
    }
    organisation = annonce.organisation.name if annonce.organisation_id else site_name
    if annonce.kind.is_job_posting:
        town = annonce.display_city
        return compact({
            **common,
            "@type": "JobPosting",
            "title": annonce.title,
            "validThrough": annonce.valid_through(),
            "employmentType": annonce.kind.employment_type or None,
            "hiringOrganization": {"@type": "Organization", "name": organisation},
            "jobLocation": {"@type": "Place", "address": compact(postal_address("", "", town))} if town else None,
        })
    return compact({
        **common,
        "@type": "CreativeWork",
        "name": annonce.title,
        "genre": annonce.kind.name,
        "expires": annonce.deadline,
        "author": {"@type": "Organization", "name": organisation},
        "image": image_url(request, annonce.listing_image),
        "keywords": ", ".join(tag.name for tag in annonce.tags.all()),
    })
