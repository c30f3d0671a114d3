import re

from django import template
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from taggit.models import Tag

from members.models import MemberProfile
from social import rules
from social.authors import linkable, page_author, profile_of
from social.follows import is_event
from social.forms import CommentForm
from social.models import Bookmark, Comment, Follow
from social.notifications import unread_count
from social.views import DRAFTS

register = template.Library()


@register.inclusion_tag("social/comments.html", takes_context=True)
def page_comments(context, page):
    """The page's comment thread (one query with authors and profiles) and, for a member, the form."""
    request = context["request"]
    if not rules.commentable_type(page):
        return {"enabled": False}
    comments = list(Comment.objects.filter(page=page).for_display())
    threads = [comment for comment in comments if comment.parent_id is None]
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in threads:
        comment.thread_replies = replies.get(comment.pk, [])
    draft = request.session.get(DRAFTS, {}).pop(str(page.pk), None) if hasattr(request, "session") else None
    if draft:
        request.session.modified = True
    user = request.user
    return {
        "enabled": True,
        "request": request,
        "page": page,
        "threads": threads,
        "count": sum(1 for comment in comments if not comment.is_deleted),
        "open": not rules.comments_closed(page),
        "may_comment": rules.may_comment(user),
        "form": CommentForm(initial={"body": draft["body"]} if draft else None),
        "draft_errors": draft["errors"] if draft else [],
        "user": user,
    }


@register.filter
def comment_text(value):
    """Plain text with web addresses made links (nofollow ugc noopener); everything else escaped."""
    html = urlize(value, nofollow=True, autoescape=True)
    html = re.sub(r'rel="nofollow"', 'rel="nofollow ugc noopener"', html)
    return mark_safe(html.replace("\n", "<br>"))


@register.filter
def editable_by(comment, user):
    return comment.editable_by(user)


@register.inclusion_tag("social/byline.html")
def page_byline(page):
    """« Par … » with a link to the author's profile, unless it is private (then the name alone)."""
    author = page_author(page)
    profile = profile_of(author)
    return {"author": author, "profile": profile, "linked": linkable(profile)}


@register.simple_tag
def author_link(user):
    """A member's name, linked to their profile only when it is public."""
    profile = profile_of(user)
    if profile is None:
        return _("Ancien membre") if user is not None else ""
    if linkable(profile):
        return format_html('<a href="{}">{}</a>', profile.get_absolute_url(), profile.display_name)
    return profile.display_name


@register.inclusion_tag("social/follow_button.html", takes_context=True)
def follow_button(context, target, show_count=True):
    """Follow a member (a MemberProfile), a page or a theme (a Tag), with its follower count."""
    request = context["request"]
    if isinstance(target, MemberProfile):
        kind, value, name, filters = "membre", target.slug, target.display_name, {"member_id": target.user_id}
    elif isinstance(target, Tag):
        kind, value, name, filters = "theme", target.slug, target.name, {"tag_id": target.pk}
    else:
        kind, value, name, filters = "page", target.pk, target.title, {"page_id": target.pk}
    count = Follow.objects.filter(**filters).count() if show_count else 0
    user = request.user
    following = user.is_authenticated and Follow.objects.filter(follower=user, **filters).exists()
    own = kind == "membre" and user.is_authenticated and target.user_id == user.pk
    return {
        "request": request, "kind": kind, "value": value, "name": name, "count": count,
        "following": following, "show_count": show_count, "next": request.get_full_path(),
        "user": user, "own": own,
    }


@register.inclusion_tag("social/bookmark_button.html", takes_context=True)
def bookmark_button(context, page):
    """« Ça m'intéresse » on an event (with the count of interested members), a bookmark elsewhere."""
    request = context["request"]
    user = request.user
    event = is_event(page)
    return {
        "page": page, "user": user, "event": event, "next": request.get_full_path(),
        "count": Bookmark.objects.filter(page_id=page.pk).count() if event else 0,
        "marked": user.is_authenticated and Bookmark.objects.filter(user=user, page_id=page.pk).exists(),
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The signed-in member's unread notifications: one COUNT on an index, none for visitors."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_count(request.user)
