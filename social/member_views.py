"""What members do with each other and with pages: follow, keep favourites, read their feed,
their notifications, their private calendar, and choose their digests.

Every change is a POST with its CSRF token, checked here; GET never writes.
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.models import Page

from content_types.events.ics import calendar_response, new_calendar, occurrence_vevent
from content_types.models import EventPage
from members.models import MemberProfile
from cms.ids import parse_id

from . import digests, follows
from .authors import linkable
from .feed import feed_page, with_details
from .forms import DigestForm
from .models import DIGEST_NONE, Bookmark, Follow, Notification, SocialSettings
from .notifications import mark_read


def back(request, fallback="/"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = fallback
    return redirect(target)


def social_settings(user):
    return SocialSettings.objects.get_or_create(user=user)[0]


@require_POST
@login_required
def follow(request):
    """Follow or stop following a member (by profile slug), a page (id) or a theme (tag slug)."""
    kind, value = request.POST.get("type", ""), request.POST.get("cible", "")[:120]
    mine = Follow.objects.filter(follower=request.user)
    if kind == "membre":
        # A private profile cannot be followed, but one already followed can always be left.
        profile = MemberProfile.objects.filter(slug=value).select_related("user").first()
        if profile is None or not (linkable(profile) or mine.filter(member_id=profile.user_id).exists()):
            raise Http404
        if profile.user_id == request.user.pk:
            return HttpResponseBadRequest(_("Vous ne pouvez pas vous suivre vous-même."))
        now_following = follows.toggle_follow(request.user, member=profile.user)
        name = profile.display_name
    elif kind == "page":
        page_id = parse_id(value)
        if page_id is None:
            return HttpResponseBadRequest(_("Page inconnue."))
        page = Page.objects.live().public().filter(pk=page_id).first() or get_object_or_404(
            Page, pk=page_id, pk__in=mine.values("page_id"),  # an unpublished page can still be left
        )
        now_following = follows.toggle_follow(request.user, page=page)
        name = page.title
    elif kind == "theme":
        tag = get_object_or_404(Tag, slug=value)
        now_following = follows.toggle_follow(request.user, tag=tag)
        name = tag.name
    else:
        return HttpResponseBadRequest(_("Que voulez-vous suivre ?"))
    if now_following:
        messages.success(request, _("Vous suivez désormais « %(name)s ».") % {"name": name})
    else:
        messages.success(request, _("Vous ne suivez plus « %(name)s ».") % {"name": name})
    return back(request)


@require_POST
@login_required
def bookmark(request, page_id):
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    if not follows.bookmarkable_type(page):
        raise Http404
    added = follows.toggle_bookmark(request.user, page)
    if follows.is_event(page):
        text = _("Noté : cet événement vous intéresse.") if added else _("Cet événement est retiré de vos favoris.")
    else:
        text = _("Ajouté à vos favoris.") if added else _("Retiré de vos favoris.")
    messages.success(request, text)
    return back(request, page.url)


@login_required
def feed(request):
    items = feed_page(request.user, request.GET.get("page"))
    return TemplateResponse(request, "social/feed.html", {"items": items, "following": following(request.user)})


def following(user):
    """What the member follows, by kind, in one query, so each can be left from « Mon fil »."""
    rows = Follow.objects.filter(follower=user).select_related("member__profile", "page", "tag").order_by("-created_at")
    kinds = {"members": [], "pages": [], "themes": []}
    for row in rows:
        if row.member_id:
            kinds["members"].append(row)
        elif row.page_id:
            kinds["pages"].append(row)
        else:
            kinds["themes"].append(row)
    return kinds


@login_required
def favourites(request):
    bookmarks = Bookmark.objects.filter(user=request.user, page__live=True).select_related("page")
    page_ids = [mark.page_id for mark in bookmarks]
    upcoming = list(EventPage.objects.live().public().filter(pk__in=page_ids).upcoming()[:50])
    saved = [page for page in with_details(mark.page for mark in bookmarks) if not follows.is_event(page)]
    token = social_settings(request.user).calendar_token
    calendar_url = request.build_absolute_uri(f"/calendrier/favoris/{token}.ics") if token else ""
    return TemplateResponse(request, "social/favourites.html", {
        "upcoming": upcoming, "saved": saved, "calendar_url": calendar_url,
    })


@require_POST
@login_required
def calendar_token(request):
    """Create (or replace) the private calendar address, or revoke it."""
    settings_row = social_settings(request.user)
    if request.POST.get("action") == "revoquer":
        settings_row.calendar_token = ""
        messages.success(request, _("L’adresse de votre calendrier est révoquée : elle ne fonctionne plus."))
    else:
        settings_row.calendar_token = secrets.token_urlsafe(32)
        messages.success(request, _("Voici la nouvelle adresse de votre calendrier ; l’ancienne ne fonctionne plus."))
    settings_row.save(update_fields=["calendar_token"])
    return redirect("social_members:favourites")


def favourites_calendar(request, token):
    """The favourite events of the member holding `token`, for calendar apps (no login)."""
    if len(token) < 20:
        raise Http404
    settings_row = SocialSettings.objects.filter(calendar_token=token, user__is_active=True).first()
    if settings_row is None:
        raise Http404
    events = (
        EventPage.objects.live().public().filter(bookmarks__user_id=settings_row.user_id)
        .select_related("venue").prefetch_related("occurrences", "tags")
    )
    host = request.get_host().split(":")[0]
    calendar = new_calendar(_("Mes événements favoris — Echosciences"), host)
    since = timezone.now() - timedelta(days=30)
    for event in events:
        for occurrence in event.occurrences.all():
            if occurrence.end >= since:
                calendar.add_component(occurrence_vevent(event, occurrence, request, host))
    response = calendar_response(calendar, "mes-favoris.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def notifications(request):
    if request.method == "POST":
        ids = request.POST.getlist("notification")
        mark_read(request.user, [parse_id(i) for i in ids if parse_id(i) is not None] if ids else None)
        messages.success(request, _("Notifications marquées comme lues."))
        return redirect("social_members:notifications")
    rows = (
        Notification.objects.filter(recipient=request.user)
        .select_related("actor__profile", "page", "comment")
    )
    items = Paginator(rows, 30).get_page(request.GET.get("page"))
    return TemplateResponse(request, "social/notifications.html", {"items": items})


@login_required
def digest_settings(request):
    settings_row = social_settings(request.user)
    form = DigestForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences de résumé sont enregistrées."))
        return redirect("social_members:digest_settings")
    return TemplateResponse(request, "social/digest_settings.html", {"form": form})


@csrf_exempt
def unsubscribe(request, token):
    """One click from the e-mail: GET asks to confirm, POST (also RFC 8058's one-click) unsubscribes.

    The signed token stands in for the login and the CSRF token: it names one member and
    cannot be forged without the secret key.
    """
    try:
        user_id = signing.loads(token, salt=digests.UNSUBSCRIBE_SALT, max_age=digests.UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return TemplateResponse(request, "social/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        SocialSettings.objects.filter(user_id=user_id).update(digest=DIGEST_NONE)
        return TemplateResponse(request, "social/unsubscribe.html", {"done": True})
    return TemplateResponse(request, "social/unsubscribe.html", {"token": token})
