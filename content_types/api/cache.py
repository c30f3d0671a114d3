"""A short-lived server cache of map responses, dropped whenever published content changes.

An embedded map is loaded by every visitor of every partner site with the same
parameters; the response is public and already declared cacheable for a minute
(`Cache-Control: public, max-age=60`). Keeping the generated body for that minute in
Django's cache spares the database those identical requests. Any change that could alter
a response (a page saved, published, unpublished, moved or deleted; a view restriction;
a site) moves a "generation" counter that is part of every key, so an editor's change
shows at once rather than after the minute. With several server processes, use a shared
cache backend (the default local-memory cache is per process).

`MAP_API_CACHE_SECONDS` sets the lifetime: 60 in production (cms/settings/production.py),
0 (off) unless set, so development and test databases that change behind the signals'
back (rolled-back transactions, queryset updates) never serve a stale map.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "map-api:generation"


def lifetime():
    return getattr(settings, "MAP_API_CACHE_SECONDS", 0)


def generation():
    return cache.get_or_set(GENERATION_KEY, uuid.uuid4().hex, None)


def new_generation(**kwargs):
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def response_key(request):
    """Everything a response depends on: host, path, parameters, language, content generation."""
    parts = [
        request.get_host(), request.path, sorted(request.GET.lists()),
        getattr(request, "LANGUAGE_CODE", ""), generation(),
    ]
    return "map-api:response:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def get(request):
    return cache.get(response_key(request)) if lifetime() else None


def put(request, body, etag):
    if lifetime():
        cache.set(response_key(request), (body, etag), lifetime())


def content_changed(sender, instance=None, **kwargs):
    if isinstance(instance, (Page, PageViewRestriction, Site)) or sender in CONTENT_MODELS:
        new_generation()


# Rows saved with a page (dates, tags) without a signal of their own on the page.
CONTENT_MODELS = set()


def connect():
    from content_types.models import EventOccurrence, EventPageTag, OpeningHours, PlacePageTag

    CONTENT_MODELS.update({EventOccurrence, EventPageTag, OpeningHours, PlacePageTag})
    for signal in (post_save, post_delete):
        signal.connect(content_changed, dispatch_uid=f"map-api-{signal!r}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(new_generation, dispatch_uid=f"map-api-{signal!r}")


connect()
