"""Themes (tags) across every content type of a territory: the theme index and one theme's page."""

from django.db.models import Count
from taggit.models import Tag

from . import registry

THEME_GROUP_SIZE = 24


def territory_tags(home):
    """Tags used by live content of this territory, with how many items carry each."""
    counts = {}
    for model in registry.models():
        pages = model.objects.live().public().descendant_of(home)
        rows = (
            model.tags.through.objects.filter(content_object__in=pages)
            .values("tag_id").annotate(total=Count("id"))
        )
        for row in rows:
            counts[row["tag_id"]] = counts.get(row["tag_id"], 0) + row["total"]
    tags = Tag.objects.filter(pk__in=counts).order_by("name")
    return [{"tag": tag, "total": counts[tag.pk]} for tag in tags]


def theme_groups(home, tag):
    """Everything of one territory carrying a tag, grouped by type, each group bounded."""
    groups = []
    for entry in registry.entries():
        tagged = entry.model.objects.live().public().descendant_of(home).filter(tags__slug=tag.slug)
        groups.append({
            "key": entry.key,
            "title": entry.model.listing_heading(),
            "items": list(entry.model.listing_cards(tagged)[:THEME_GROUP_SIZE]),
        })
    return groups
