"""The map features' JSON, encoded once per publication (MapFeatureText) and spliced per request.

A feature reads, in the order of the contract (shared/design/map-api.md), as stored
pieces and what each request puts between them:

    head     {"type":"Feature","id":…,"geometry":…,"properties":{"type":…,"title":…,"summary":…,"url":
    request  <page URL>,"image":<rendition URL or null>
    body     ,"tags":[…],"city":…,"address":…,"start":                (an event)
             ,"tags":[…],"city":…,"address":…,"kind":…,"kind_label":   (a place)
    request  <start>,"end":<end>   (an event: its first occurrence inside the requested window)
             <kind label>          (a place: translated for the request's language)
    tail     ,"place":…}}          (an event)
             }}                    (a place)

Each piece is written by orjson, as a whole feature would be. `store()` writes the pieces
of published pages: on publication (signals below), and for any page found without them
when a request reads it (a page published before this table existed, rows written by a
bulk import): `manage.py rebuild_map_features` refreshes them all after such an import.
Saving a page, its tags or its venue (or deleting the venue) drops the pieces it had, so
they are never stale.
Every write changes MapFeatureTextVersion, which tells each server process when the
pieces it keeps in memory (`TEXTS`) must be read again.
"""

import logging
import secrets

import orjson
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.signals import page_published

from content_types.models import EventPage, EventPageTag, MapFeatureText, MapFeatureTextVersion, PlacePage, PlacePageTag

logger = logging.getLogger("content_types.map")

# What each kind of feature is built from (the values of its MapFeatureText).
EVENT_SOURCE = (
    "pk", "title", "summary", "latitude", "longitude", "address", "city",
    "venue__title", "venue__address", "venue__city",
)
PLACE_SOURCE = ("pk", "title", "summary", "latitude", "longitude", "address", "city", "kind")
# The page fields those values come from (`location` is where latitude and longitude are read).
SOURCE_FIELDS = {"title", "summary", "location", "latitude", "longitude", "address", "city", "venue", "kind"}


def dumps(value):
    return orjson.dumps(value).decode()


def head(kind, pk, title, summary, latitude, longitude):
    return (
        f'{{"type":"Feature","id":"{kind}-{pk}","geometry":{{"type":"Point","coordinates":'
        f'{dumps([longitude, latitude])}}},"properties":{{"type":"{kind}","title":{dumps(title)},'
        f'"summary":{dumps(summary)},"url":'
    )


def event_pieces(pk, title, summary, latitude, longitude, address, city, venue, venue_address, venue_city, tags):
    return (
        head("event", pk, title, summary, latitude, longitude),
        f',"tags":{dumps(tags)},"city":{dumps(city or venue_city or "")},'
        f'"address":{dumps(address or venue_address or "")},"start":',
        f',"place":{dumps(venue or "")}}}}}',
    )


def place_pieces(pk, title, summary, latitude, longitude, address, city, kind, tags):
    return (
        head("place", pk, title, summary, latitude, longitude),
        f',"tags":{dumps(tags)},"city":{dumps(city)},"address":{dumps(address)},'
        f'"kind":{dumps(kind)},"kind_label":',
        "}}",
    )


KINDS = {
    "event": (EventPage, EventPageTag, EVENT_SOURCE, event_pieces),
    "place": (PlacePage, PlacePageTag, PLACE_SOURCE, place_pieces),
}


def tag_slugs(tag_model, ids):
    """{page id: [tag slugs, sorted]} in one query."""
    tags = {}
    for page_id, slug in tag_model.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__slug"
    ):
        tags.setdefault(page_id, []).append(slug)
    for slugs in tags.values():
        slugs.sort()
    return tags


def store(kind, ids):
    """Encode and save the pieces of these pages (of one kind); {page id: (head, body, tail)}.

    Two queries to read, two to write (an upsert, then the version: two requests meeting
    on the same page write the same text). A database refusing the write (a read-only
    replica) costs only the saving: the pieces are still returned."""
    model, tag_model, source, pieces = KINDS[kind]
    ids = list(ids)
    if not ids:
        return {}
    tags = tag_slugs(tag_model, ids)
    built = {
        row[0]: pieces(*row, tags.get(row[0], []))
        for row in model.objects.filter(pk__in=ids).values_list(*source)
    }
    try:
        with transaction.atomic():
            MapFeatureText.objects.bulk_create(
                [MapFeatureText(page_id=pk, head=h, body=b, tail=t) for pk, (h, b, t) in built.items()],
                update_conflicts=True, unique_fields=["page"], update_fields=["head", "body", "tail"],
            )
            new_version()
    except DatabaseError:
        logger.warning("map feature texts of %d pages not saved", len(built), exc_info=True)
    return built


def forget(page_ids):
    with transaction.atomic():
        MapFeatureText.objects.filter(page_id__in=page_ids).delete()
        new_version()


def new_version():
    if not MapFeatureTextVersion.objects.filter(pk=1).update(value=secrets.randbits(62)):
        MapFeatureTextVersion.objects.update_or_create(pk=1, defaults={"value": secrets.randbits(62)})


class Texts:
    """The pieces this server process has read, kept while MapFeatureTextVersion holds
    the value it had then: a request reads one number, then from the table only the
    pieces of pages this process has not seen since the last write (and writes those
    missing). Bounded: past MAX_PAGES pages it starts afresh. The version and its pieces
    are swapped together (one attribute), so a thread never pairs one with the other's."""

    MAX_PAGES = 50_000

    def __init__(self):
        self.state = (None, {})

    def check_version(self):
        """One query: drops everything read before a write made since."""
        version = MapFeatureTextVersion.objects.filter(pk=1).values_list("value", flat=True).first()
        kept_version, pieces = self.state
        if version != kept_version or len(pieces) > self.MAX_PAGES:
            self.state = (version, {})

    def of(self, kind, ids):
        """{page id: (head, body, tail)} holding at least these pages (of one kind)."""
        pieces = self.state[1]
        unseen = [pk for pk in ids if pk not in pieces]
        if unseen:
            for page_id, *text in MapFeatureText.objects.filter(page_id__in=unseen).values_list(
                "page_id", "head", "body", "tail"
            ):
                pieces[page_id] = tuple(text)
            pieces.update(store(kind, [pk for pk in unseen if pk not in pieces]))
        return pieces


TEXTS = Texts()


def events_at(venue):
    return EventPage.objects.filter(venue=venue).values_list("pk", flat=True)


# ---- Keeping the pieces in step with the pages --------------------------------------


def page_saved(sender, instance, update_fields=None, **kwargs):
    """A page row written whole may have new content: drop its pieces (and, for a place,
    those of the events held there, which show its name, address and point). A draft
    revision saves with `update_fields` (bookkeeping only) and leaves the live text alone."""
    if update_fields is not None and not SOURCE_FIELDS & set(update_fields):
        return
    pages = [instance.pk]
    if isinstance(instance, PlacePage):
        pages += events_at(instance)
    forget(pages)


def venue_deleted(sender, instance, **kwargs):
    """Its events lose it (SET NULL, no save of theirs): drop their pieces while they still
    point at it."""
    forget(events_at(instance))


def tags_changed(sender, instance, **kwargs):
    forget([instance.content_object_id])


def tag_renamed(sender, instance, **kwargs):
    for tag_model in (EventPageTag, PlacePageTag):
        forget(tag_model.objects.filter(tag=instance).values("content_object_id"))


def page_went_live(sender, instance, **kwargs):
    """Published: its pieces are written now rather than by the next map request."""
    if isinstance(instance, EventPage):
        store("event", [instance.pk])
    elif isinstance(instance, PlacePage):
        store("place", [instance.pk])
        store("event", events_at(instance))


def connect():
    for model in (EventPage, PlacePage):
        post_save.connect(page_saved, sender=model, dispatch_uid=f"map-feature-text-{model.__name__}")
        page_published.connect(page_went_live, sender=model, dispatch_uid=f"map-feature-text-live-{model.__name__}")
    for tag_model in (EventPageTag, PlacePageTag):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(tags_changed, sender=tag_model, dispatch_uid=f"map-feature-text-{tag_model.__name__}-{name}")
    pre_delete.connect(venue_deleted, sender=PlacePage, dispatch_uid="map-feature-text-venue-deleted")
    post_save.connect(tag_renamed, sender=Tag, dispatch_uid="map-feature-text-tag")
