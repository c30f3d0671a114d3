import re

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from social import rules
from social.forms import CommentForm
from social.models import Comment
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
