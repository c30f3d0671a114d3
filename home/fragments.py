"""Pieces many pages repeat (a territory's menu, its footer's links, its icon, an agenda's
filter choices), computed once and kept in the shared cache.

Their keys carry the site-wide content *generation*, which the receivers of
home/page_cache.py move on publication, unpublication, moves, deletions and a change of
identity or site: the next page after such a change recomputes them, on every server.
Within one request the generation is read once. This module imports no model, so that
models may use it.
"""

from django.core.cache import cache

from cms.cache import Generation

LIFETIME = 300  # seconds; the generation drops them sooner when content changes
PAGES = Generation("pages:generation")
generation = PAGES.current
new_generation = PAGES.new  # every page and fragment cached so far is out of date (a signal receiver)


def request_generation(request):
    if not hasattr(request, "_fragments_generation"):
        request._fragments_generation = generation()
    return request._fragments_generation


def for_site(request, site, name, compute):
    """`compute()`'s value for this site, from the shared cache when it holds a current one."""
    return cached(request, f"{name}:{site.pk}", compute)


def cached(request, name, compute):
    """`compute()`'s value under `name` (unique to what it depends on) for the current generation."""
    key = f"fragments:{name}:{request_generation(request)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LIFETIME)
    return value


def cards_with_renditions(cards, spec):
    """Cards to keep in the cache, each listing image holding its `spec` rendition: one made
    by the first page to show a new image would otherwise be missing from the cached copy's
    prefetched renditions, and fetched again by every page that shows it until the next
    publication. (Wagtail makes a missing rendition whenever a page shows it anyway.)"""
    for card in cards:
        image = getattr(card, "listing_image", None) if card is not None else None
        if image is not None:
            image.get_rendition(spec)
    return cards
