"""What every listing card shows, fetched in bulk so no template loop queries again.

A card shows a listing image rendition and tags (events add their venue and date, see
`EventPageQuerySet.for_cards`): `with_cards` selects them for any page type.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from social.counts import comment_count

# The rendition every card uses; prefetched with the image so `{% image %}` never queries.
CARD_RENDITION = "fill-640x400"
THUMB_RENDITION = "fill-160x160"


def images_with_renditions(*specs):
    return get_image_model().objects.prefetch_renditions(*(specs or (CARD_RENDITION,)))


def with_cards(queryset, *extra_related):
    """Select what a card shows: its image (with rendition), its tags and its comment count."""
    if hasattr(queryset, "for_cards"):
        return queryset.for_cards().select_related(*extra_related)
    return queryset.select_related(*extra_related).annotate(**comment_count()).prefetch_related(
        Prefetch("listing_image", queryset=images_with_renditions()),
        "tags",
    )
