"""schema.org Project for a project page."""

from content_types.core.jsonld import SCHEMA, compact, image_url


def project_data(project, request):
    return compact({
        "@context": SCHEMA,
        "@type": "Project",
        "name": project.title,
        "description": project.summary,
        "url": project.get_full_url(request),
        "image": image_url(request, project.listing_image),
        "foundingDate": project.start_date,
        "dissolutionDate": project.end_date,
        "member": [{"@type": "Organization", "name": partner.name} for partner in project.partners.all()],
        "keywords": ", ".join(tag.name for tag in project.tags.all()),
    })
