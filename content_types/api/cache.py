"""A short-lived server cache of map responses, dropped whenever published content changes.

An embedded map is loaded by every visitor of every partner site with the same
parameters; the response is public and already declared cacheable for a minute
(`Cache-Control: public, max-age=60`). Keeping the generated body for that minute in
Django's cache (shared between servers when CACHES is, e.g. Redis) spares the database
those identical requests. A "generation" counter is part of every key; the receivers in
content_types/api/signals.py move it when a page is published, unpublished, moved or
deleted, or a view restriction or a site changes, so an editor's change shows at once
rather than after the minute. Rows changed outside Wagtail's publication (scripts,
queryset updates) show within the minute, or at once after `rebuild_map_features`.

`MAP_API_CACHE_SECONDS` sets the lifetime: 60 in production (cms/settings/production.py),
0 (off) unless set, so development and test databases that change behind the signals'
back (rolled-back transactions, queryset updates) never serve a stale map.
"""

from django.conf import settings
from django.core.cache import cache

from cms.cache import Generation, key_of

MAP_RESPONSES = Generation("map-api:generation")
generation = MAP_RESPONSES.current
new_generation = MAP_RESPONSES.new


def lifetime():
    return getattr(settings, "MAP_API_CACHE_SECONDS", 0)


def response_key(request):
    """Everything a response depends on: host, path, parameters, language, content generation."""
    return key_of("map-api:response:", [
        request.get_host(), request.path, sorted(request.GET.lists()),
        getattr(request, "LANGUAGE_CODE", ""), generation(),
    ])


def get(request):
    return cache.get(response_key(request)) if lifetime() else None


def put(request, body, etag):
    if lifetime():
        cache.set(response_key(request), (body, etag), lifetime())
