"""schema.org Article for an article page."""

from django.utils import timezone

from content_types.core.jsonld import SCHEMA, compact, image_url


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
