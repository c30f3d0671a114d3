"""Posting, editing, deleting and reporting comments: POST only, CSRF-protected, checked here.

After a refused comment the reader goes back to the page with the error beside the field
and their text kept (in the session), so nothing they typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import rules
from .forms import CommentForm, ReportForm
from .models import Comment, CommentReport

DRAFTS = "social_comment_drafts"


def back_to(page, comment=None):
    return redirect(page.url + (f"#commentaire-{comment.pk}" if comment else "#commentaires"))


def keep_draft(request, page, form, parent_id=None):
    drafts = request.session.get(DRAFTS, {})
    drafts[str(page.pk)] = {
        "body": form.data.get("body", "")[:5000], "parent": parent_id,
        "errors": [str(error) for errors in form.errors.values() for error in errors],
    }
    request.session[DRAFTS] = drafts


@require_POST
@login_required
def post_comment(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not rules.open_for_comments(page):
        raise Http404
    if not rules.may_comment(request.user):
        messages.error(request, _("Confirmez votre adresse e-mail pour commenter."))
        return back_to(page)
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data.get("parent"):
        # One level of replies: an answer to a reply answers its thread. Never another page's comment.
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], page=page).first()
        if parent is None:
            form.add_error("body", _("Le commentaire auquel vous répondez n’existe plus."))
        elif parent.parent_id:
            parent = parent.parent
    if form.is_valid() and not rules.within_rate_limit(request.user):
        form.add_error("body", _("Vous commentez beaucoup en peu de temps : réessayez dans quelques minutes."))
    if not form.is_valid():
        keep_draft(request, page, form, request.POST.get("parent") or None)
        return back_to(page)
    comment = Comment.objects.create(page=page, author=request.user, parent=parent, body=form.cleaned_data["body"])
    request.session.get(DRAFTS, {}).pop(str(page.pk), None)
    request.session.modified = True
    messages.success(request, _("Votre commentaire est publié."))
    return back_to(page, comment)


@require_POST
@login_required
def edit_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id)
    if comment.author_id != request.user.pk:
        return HttpResponseForbidden(_("Vous ne pouvez modifier que vos propres commentaires."))
    page = comment.page.specific
    if not comment.editable_by(request.user):
        messages.error(request, _("Un commentaire se modifie dans les 15 minutes qui suivent sa publication."))
        return back_to(page, comment)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return back_to(page, comment)
    comment.body = form.cleaned_data["body"]
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    messages.success(request, _("Votre commentaire est modifié."))
    return back_to(page, comment)


@require_POST
@login_required
def delete_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id)
    if comment.author_id != request.user.pk:
        return HttpResponseForbidden(_("Vous ne pouvez supprimer que vos propres commentaires."))
    page = comment.page.specific
    if comment.replies.exists():
        # The thread stays readable: the text goes, the replies stay.
        comment.body, comment.deleted_at = "", timezone.now()
        comment.save(update_fields=["body", "deleted_at"])
    else:
        comment.delete()
    messages.success(request, _("Votre commentaire est supprimé."))
    return back_to(page)


@require_POST
@login_required
def report_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, deleted_at__isnull=True)
    page = comment.page.specific
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return back_to(page, comment)
    CommentReport.objects.update_or_create(
        comment=comment, reporter=request.user,
        defaults={"reason": form.cleaned_data["reason"], "resolved_at": None},
    )
    messages.success(request, _("Merci : la modération va examiner ce commentaire."))
    return back_to(page, comment)
