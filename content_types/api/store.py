"""Writing the map's stored features (content_types/map/models.py, MapFeature).

A page's feature is written when the page is published, rewritten when its tree path or URL
changes (a move, a reorder of its section, a slug changed above it), when a place it is
held at is published, when it stops being an alias and when its listing image changes;
it is removed when the page is unpublished or deleted (the receivers of signals.py).
`rebuild_map_features` rewrites them all. Nothing here runs on a GET. What a feature says
is its type's own module (`map_features` beside its model, found through the content-type
registry): `COLUMNS` read from the page, and `feature(row, tags)` giving the GeoJSON dict
of what does not depend on the request.
"""

import logging

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from content_types.core import registry
from content_types.map.models import MapFeature

logger = logging.getLogger("content_types.map")

IMAGE_FILTER_SPEC = "width-400"
BATCH = 2000
# Read from every page besides its type's COLUMNS, in this order, after them.
PAGE_COLUMNS = ("path", "url_path", "alias_of_id", "listing_image_id")
STORED = ("kind", "path", "url_path", "is_alias", "latitude", "longitude", "title", "image", "head")


def tag_model(model):
    return model._meta.get_field("tags").remote_field.through


def tag_slugs(model, ids):
    """{page id: [tag slugs, sorted]} in one query."""
    tags = {}
    for page_id, slug in tag_model(model).objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__slug"
    ):
        tags.setdefault(page_id, []).append(slug)
    for slugs in tags.values():
        slugs.sort()
    return tags


def rendition_urls(image_ids):
    """{image id: URL of its width-400 rendition}, for those already made, in one query."""
    renditions = get_image_model().get_rendition_model().objects.filter(
        image_id__in=image_ids, filter_spec=IMAGE_FILTER_SPEC
    )
    return {rendition.image_id: rendition.url for rendition in renditions}


def make_rendition(image):
    """The image's map rendition (Wagtail stores it once); a missing original is logged."""
    try:
        image.get_rendition(IMAGE_FILTER_SPEC)
    except SourceImageIOError:
        logger.warning("map rendition of image %s not made: original file missing", image.pk)


def json_escaped(text):
    """`text` as it reads inside a JSON string (what goes between the quotes)."""
    return orjson.dumps(text).decode()[1:-1]


def head_of(feature):
    """The feature's JSON text without its two closing braces (properties, feature), to which
    the request adds its URL, image and dates (features.py)."""
    text = orjson.dumps(feature).decode()
    assert text.endswith("}}")
    return text[:-2]


def features_of(entry, ids):
    """MapFeature rows for the live pages among `ids` of the entry's type that have a point."""
    module = entry.map_features
    rows = list(
        entry.model.objects.filter(pk__in=ids, live=True, latitude__isnull=False, longitude__isnull=False)
        .values_list(*module.COLUMNS, *PAGE_COLUMNS)
    )
    found = [row[0] for row in rows]
    tags = tag_slugs(entry.model, found)
    images = rendition_urls({row[-1] for row in rows if row[-1]})
    features = []
    # Labels (a place's kind…) in the site's language: LANGUAGES has only French.
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            own, (path, url_path, alias_of_id, image_id) = row[:len(module.COLUMNS)], row[len(module.COLUMNS):]
            feature = module.feature(own, tags.get(own[0], []))
            longitude, latitude = feature["geometry"]["coordinates"]
            image = images.get(image_id)
            features.append(MapFeature(
                page_id=own[0], kind=entry.key, path=path, url_path=json_escaped(url_path),
                is_alias=alias_of_id is not None, latitude=latitude, longitude=longitude,
                title=feature["properties"]["title"][:255], image=json_escaped(image) if image else "",
                head=head_of(feature),
            ))
    return features


def write(entry, ids):
    """Write (or remove) the features of pages `ids` of the entry's type, as they are now.
    An upsert, so that two publications writing the same page at once both succeed."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        with transaction.atomic():
            features = features_of(entry, batch)
            MapFeature.objects.bulk_create(
                features, update_conflicts=True, unique_fields=["page"], update_fields=list(STORED),
            )
            written = {feature.page_id for feature in features}
            MapFeature.objects.filter(page_id__in=[pk for pk in batch if pk not in written]).delete()


def write_pages(ids):
    """The features of pages `ids`, whatever their types (those not on the map are skipped)."""
    ids = list(ids)
    for entry in registry.map_types():
        write(entry, entry.model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def remove(page_ids):
    MapFeature.objects.filter(page_id__in=list(page_ids)).delete()


def write_page(page):
    """A page just published: its feature, and those of the pages showing part of it (an
    event held at a place shows the place's name and address)."""
    entry = registry.entry_for_model(page.specific_class)
    if entry in registry.map_types():
        write(entry, [page.pk])
    for other in registry.map_types():
        dependents = getattr(other.map_features, "dependent_ids", None)
        if dependents:
            ids = dependents(page)
            if ids:
                write(other, ids)


def write_subtree(page):
    """A page moved or renamed: its feature and those under it (their paths and URLs changed)."""
    for entry in registry.map_types():
        write(entry, entry.model.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def sync_paths(under):
    """The tree paths of the features whose pages are now under `under` (a page): moving or
    reordering a page renumbers its siblings' paths and those of all their descendants."""
    MapFeature.objects.filter(page__path__startswith=under.path).update(
        path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
    )


def listing_pages(image_id):
    """Ids of the map's pages whose listing image is `image_id`."""
    ids = []
    for entry in registry.map_types():
        ids += entry.model.objects.filter(listing_image_id=image_id).values_list("pk", flat=True)
    return ids


def image_changed(image_id):
    """An image's map rendition was deleted (its file replaced, or the image deleted): make it
    again from the image as it is now, and rewrite the features showing it."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return
    make_rendition(image)
    write_pages(listing_pages(image_id))


def rebuild():
    """Every feature rewritten from the live pages; returns how many there are."""
    with transaction.atomic():
        MapFeature.objects.all().delete()
        for entry in registry.map_types():
            ids = list(entry.model.objects.live().values_list("pk", flat=True).order_by("pk"))
            for start in range(0, len(ids), BATCH):
                MapFeature.objects.bulk_create(features_of(entry, ids[start:start + BATCH]))
    return MapFeature.objects.count()
