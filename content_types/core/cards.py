"""What every listing card shows, fetched in bulk so no template loop queries again.

A card shows a listing image rendition and tags (events add their venue and date, see
`EventPageQuerySet.for_cards`): `with_cards` selects them for any page type. Apps above the
content types add what they know of a page (the social app: its comment count) by
registering an annotation from their AppConfig.ready(); the content types never import them.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model

# The rendition every card uses; prefetched with the image so `{% image %}` never queries.
CARD_RENDITION = "fill-640x400"
THUMB_RENDITION = "fill-160x160"


# {name: function returning the annotations it adds}, filled by the apps' ready().
_card_annotations = {}


def register_card_annotations(name, annotations):
    """Add `annotations()` (a dict of ORM expressions) to every card queryset."""
    _card_annotations[name] = annotations


def card_annotations():
    """What the registered apps annotate a card with, as keyword arguments for annotate()."""
    expressions = {}
    for annotations in _card_annotations.values():
        expressions.update(annotations())
    return expressions


def images_with_renditions(*specs):
    return get_image_model().objects.prefetch_renditions(*(specs or (CARD_RENDITION,)))


def with_cards(queryset, *extra_related):
    """Select what a card shows: its image (with rendition), its tags and the registered
    annotations (e.g. its comment count)."""
    if hasattr(queryset, "for_cards"):
        return queryset.for_cards().select_related(*extra_related)
    return queryset.select_related(*extra_related).annotate(**card_annotations()).prefetch_related(
        Prefetch("listing_image", queryset=images_with_renditions()),
        "tags",
    )
