"""What a change of published content does for the map, wired in ContentTypesConfig.ready().

The map's features are read from the live pages on every request (features.py): nothing
about a feature is stored, so nothing needs rewriting when a page changes. Two things do
follow publication:

- the response cache (cache.py) starts a new generation when a page is published,
  unpublished, moved or deleted, or when a view restriction or a site changes;
- publishing an event or a place makes its listing image's map rendition, so that map
  requests, which never write, find it (`rebuild_map_features` does it for every page).
"""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content_types.core import registry

from . import cache
from .features import IMAGE_FILTER_SPEC

logger = logging.getLogger("content_types.map")


def make_rendition(image):
    """The image's map rendition (Wagtail stores it once); a missing original is logged."""
    try:
        image.get_rendition(IMAGE_FILTER_SPEC)
    except SourceImageIOError:
        logger.warning("map rendition of image %s not made: original file missing", image.pk)


def published(sender, instance, **kwargs):
    cache.new_generation()
    if registry.entry_for_model(type(instance)) in registry.map_types() and instance.listing_image_id:
        make_rendition(instance.listing_image)


def changed(sender, **kwargs):
    cache.new_generation()


def connect():
    page_published.connect(published, dispatch_uid="map-published")
    page_unpublished.connect(changed, dispatch_uid="map-unpublished")
    post_page_move.connect(changed, dispatch_uid="map-moved")
    post_delete.connect(changed, sender=Page, dispatch_uid="map-deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-deleted")
