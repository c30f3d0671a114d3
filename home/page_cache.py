"""Whole pages for anonymous visitors, kept in the shared cache (Redis when REDIS_URL is set).

Most readers are anonymous and see the same page: the rendered HTML is kept for
`PAGE_CACHE_SECONDS` (0, off, unless set; production reads it from the environment) under a
key made of the host, the path with its query string, the language and a site-wide
*generation*. The receivers below move the generation whenever what a page shows may have
changed (a page published, unpublished, moved or deleted, a view restriction, a site or a
territory's identity saved), so the next request renders afresh on every server at once.
Comments move a second generation of their own, which only the pages' keys carry: a comment
written or moderated re-renders the pages without recomputing the menus and listings kept in
home/fragments.py (whose cards' comment counts follow at the next publication or within
their lifetime). The lifetime bounds what no signal announces (dates going by in the agenda,
a bookmark counted, a snippet edited).

A page is never served from, nor stored in, this cache for a request that carries a session
or messages cookie (a signed-in member, a visitor with a message waiting, a password typed
for a restricted page). A response is stored only when it is a 200 HTML answer to a GET
that set no cookie and asked for no CSRF token (a form renders its token from the visitor's
own cookie: such a page is never shared). The CSP nonce of the page that was stored is
swapped for the current request's nonce when it is served again.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import Generation, key_of
from home.fragments import new_generation, request_generation
from home.models import SiteIdentity
from social.models import ClosedComments, Comment

NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
HEADER = "X-Page-Cache"


def lifetime():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


DISCUSSIONS = Generation("pages:discussions-generation")
discussions_generation = DISCUSSIONS.current
# Every page kept so far may show an out-of-date comment thread (a signal receiver).
new_discussions_generation = DISCUSSIONS.new


def has_private_state(request):
    """A session (a member, a typed password, a message waiting): the page may be theirs alone."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def page_key(request, current_generation):
    return key_of("pages:page:", [
        request.scheme, request.get_host(), request.get_full_path(), get_language_from_request(request),
        current_generation,
    ])


def storable(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Placed after the CSP middleware and before the session, CSRF and messages ones, so that
    what they add to a response (cookies, the nonce) is seen before anything is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = lifetime()
        if not seconds or request.method not in ("GET", "HEAD") or has_private_state(request):
            response = self.get_response(request)
            if seconds and has_private_state(request):
                # A member's page must not be kept by a shared proxy either.
                patch_cache_control(response, private=True)
            return response

        key = page_key(request, (request_generation(request), discussions_generation()))
        cached = cache.get(key)
        if cached is not None:
            return self.replay(request, cached)

        response = self.get_response(request)
        if storable(request, response):
            self.store(request, response, key, seconds)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def store(request, response, key, seconds):
        body = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str) and nonce:
            body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
        headers = {name: value for name, value in response.items()
                   if name.lower() not in ("content-security-policy", "content-security-policy-report-only")}
        cache.set(key, (body, headers), seconds)
        # The server's copy is dropped on publication; a browser's or a proxy's cannot be:
        # they may keep the page but must ask again each time.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie",))

    @staticmethod
    def replay(request, cached):
        body, headers = cached
        if NONCE_PLACEHOLDER in body:
            body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        response = HttpResponse(body if request.method == "GET" else b"")
        for name, value in headers.items():
            response[name] = value
        response["Content-Length"] = str(len(body))
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        response[HEADER] = "hit"
        return response


def connect():
    """Wired in HomeConfig.ready(): what changes what a visitor sees moves the generation."""
    page_published.connect(new_generation, dispatch_uid="page-cache-published")
    page_unpublished.connect(new_generation, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(new_generation, dispatch_uid="page-cache-moved")
    post_delete.connect(new_generation, sender=Page, dispatch_uid="page-cache-deleted")
    for model in (PageViewRestriction, Site, SiteIdentity):
        post_save.connect(new_generation, sender=model, dispatch_uid=f"page-cache-{model.__name__}-saved")
        post_delete.connect(new_generation, sender=model, dispatch_uid=f"page-cache-{model.__name__}-deleted")
    for model in (Comment, ClosedComments):
        post_save.connect(new_discussions_generation, sender=model, dispatch_uid=f"page-cache-{model.__name__}-saved")
        post_delete.connect(new_discussions_generation, sender=model,
                            dispatch_uid=f"page-cache-{model.__name__}-deleted")
