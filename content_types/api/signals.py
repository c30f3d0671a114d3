"""What a change of published content does for the map, wired in ContentTypesConfig.ready().

- A page published: its listing image's map rendition is made, then its stored feature
  written (store.py), with those of the events held there when it is a place.
- Unpublished: its feature removed. Moved: its own and those under it rewritten (paths and
  URLs changed). Deleted: the row goes with the page (a cascade); events held at a deleted
  place are rewritten without it.
- Any of these, a view restriction or a site changing: the response cache (cache.py)
  starts a new generation.
"""

import logging

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content_types.core import registry

from . import cache, store

logger = logging.getLogger("content_types.map")


def make_rendition(image):
    """The image's map rendition (Wagtail stores it once); a missing original is logged."""
    try:
        image.get_rendition(store.IMAGE_FILTER_SPEC)
    except SourceImageIOError:
        logger.warning("map rendition of image %s not made: original file missing", image.pk)


def on_map(page):
    return registry.entry_for_model(page.specific_class) in registry.map_types()


def published(sender, instance, **kwargs):
    if on_map(instance) and getattr(instance.specific, "listing_image_id", None):
        make_rendition(instance.specific.listing_image)
    store.write_page(instance)
    cache.new_generation()


def unpublished(sender, instance, **kwargs):
    store.remove([instance.pk])
    cache.new_generation()


def moved(sender, instance, **kwargs):
    store.write_subtree(instance)
    cache.new_generation()


def deleting(sender, instance, **kwargs):
    """Before a page goes: the pages whose features show part of it (rewritten once it is gone)."""
    instance._map_dependents = [
        (entry, entry.map_features.dependent_ids(instance))
        for entry in registry.map_types() if hasattr(entry.map_features, "dependent_ids")
    ]


def deleted(sender, instance, **kwargs):
    for entry, ids in getattr(instance, "_map_dependents", ()):
        store.write(entry, ids)
    cache.new_generation()


def changed(sender, **kwargs):
    cache.new_generation()


def connect():
    page_published.connect(published, dispatch_uid="map-published")
    page_unpublished.connect(unpublished, dispatch_uid="map-unpublished")
    post_page_move.connect(moved, dispatch_uid="map-moved")
    pre_delete.connect(deleting, sender=Page, dispatch_uid="map-deleting")
    post_delete.connect(deleted, sender=Page, dispatch_uid="map-deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-deleted")
