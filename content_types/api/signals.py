"""What a change of published content does for the map, wired in ContentTypesConfig.ready().

The map's features are stored (store.py); these receivers keep them as Wagtail has the pages:
- published: the listing image's map rendition made, the feature written, with those of the
  events held there when it is a place;
- unpublished: the feature removed;
- moved (or reordered among its siblings): the tree paths of the features under the old and
  new parents synced, the page's own and those under it rewritten (their URLs changed);
- a slug changed: the features under the page rewritten (their URLs);
- deleted: the row goes with the page (a cascade); events held at a deleted place and aliases
  of a deleted page (now ordinary pages) rewritten;
- a listing image's map rendition deleted (its file replaced, the image deleted): made again
  and the features showing it rewritten, once the transaction commits.
Any of these, a view restriction or a site changing: the response cache (cache.py) starts a
new generation. An alias made live without publication (sharing, the admin's « Copier »), or
made an ordinary page, is announced with `page_published` where that happens
(cms/publication.py).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from content_types.core import registry

from . import cache, store


def on_map(page):
    return registry.entry_for_model(page.specific_class) in registry.map_types()


def published(sender, instance, **kwargs):
    if on_map(instance) and getattr(instance.specific, "listing_image_id", None):
        store.make_rendition(instance.specific.listing_image)
    store.write_page(instance)
    cache.new_generation()


def unpublished(sender, instance, **kwargs):
    store.remove([instance.pk])
    cache.new_generation()


def moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    for parent in {parent_page_before, parent_page_after} - {None}:
        store.sync_paths(Page.objects.get(pk=parent.pk))
    store.write_subtree(Page.objects.get(pk=instance.pk))
    cache.new_generation()


def slug_changed(sender, instance, **kwargs):
    store.write_subtree(instance)
    cache.new_generation()


def deleting(sender, instance, **kwargs):
    """Before a page goes: the pages whose features show part of it or copy it (rewritten once
    it is gone: an alias of a deleted page becomes an ordinary page)."""
    dependents = list(Page.objects.filter(alias_of_id=instance.pk).values_list("pk", flat=True))
    for entry in registry.map_types():
        if hasattr(entry.map_features, "dependent_ids"):
            dependents += entry.map_features.dependent_ids(instance)
    instance._map_dependents = dependents


def deleted(sender, instance, **kwargs):
    store.write_pages(getattr(instance, "_map_dependents", ()))
    cache.new_generation()


def image_deleting(sender, instance, **kwargs):
    """An image about to go: its pages' features lose it once the deletion is committed."""
    ids = store.listing_pages(instance.pk)
    transaction.on_commit(lambda: store.write_pages(ids))


def rendition_deleted(sender, instance, **kwargs):
    if instance.filter_spec == store.IMAGE_FILTER_SPEC:
        image_id = instance.image_id
        transaction.on_commit(lambda: store.image_changed(image_id))


def changed(sender, **kwargs):
    cache.new_generation()


def connect():
    page_published.connect(published, dispatch_uid="map-published")
    page_unpublished.connect(unpublished, dispatch_uid="map-unpublished")
    post_page_move.connect(moved, dispatch_uid="map-moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="map-slug-changed")
    pre_delete.connect(deleting, sender=Page, dispatch_uid="map-deleting")
    post_delete.connect(deleted, sender=Page, dispatch_uid="map-deleted")
    image_model = get_image_model()
    pre_delete.connect(image_deleting, sender=image_model, dispatch_uid="map-image-deleting")
    post_delete.connect(rendition_deleted, sender=image_model.get_rendition_model(), dispatch_uid="map-rendition-deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"map-{model.__name__}-deleted")
