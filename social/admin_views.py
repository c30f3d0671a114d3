"""The moderators' queue in the Wagtail admin: reported comments of their territories, hide or restore."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from members.permissions import MODERATORS_GROUP_PREFIX

from . import rules
from .forms import HideForm
from .models import ClosedComments, Comment


def is_moderator(user):
    return user.is_superuser or user.groups.filter(name__startswith=f"{MODERATORS_GROUP_PREFIX} ").exists()


def toggle_comments(request, page_id):
    """Editors who may publish a page close (or reopen) its comments; a confirmation on GET, the change on POST."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not (rules.commentable_type(page) and page.permissions_for_user(request.user).can_publish()):
        raise PermissionDenied
    closed = ClosedComments.objects.filter(page=page)
    if request.method == "POST":
        if closed.exists():
            closed.delete()
            messages.success(request, _("Les commentaires sont rouverts."))
        else:
            ClosedComments.objects.create(page=page, closed_by=request.user)
            messages.success(request, _("Les commentaires sont fermés."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "social/admin/toggle_comments.html", {"page": page, "closed": closed.exists()})


def queue(request):
    if not is_moderator(request.user):
        raise PermissionDenied
    comments = (
        Comment.objects.filter(rules.moderated_pages_filter(request.user))
        .filter(Q(reports__resolved_at__isnull=True) | Q(hidden_at__isnull=False))
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("page", "author__profile", "hidden_by__profile")
        .prefetch_related("reports__reporter__profile")
        .distinct().order_by("hidden_at", "-created_at")
    )
    return TemplateResponse(request, "social/admin/queue.html", {"comments": comments, "form": HideForm()})


def moderated_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    if not rules.moderates(request.user, comment.page):
        raise PermissionDenied
    return comment


@require_POST
def hide(request, comment_id):
    comment = moderated_comment(request, comment_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("social_admin:queue")
    comment.hidden_at, comment.hidden_by = timezone.now(), request.user
    comment.hidden_reason = form.cleaned_data["reason"]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    messages.success(request, _("Commentaire masqué."))
    return redirect("social_admin:queue")


@require_POST
def restore(request, comment_id):
    comment = moderated_comment(request, comment_id)
    comment.hidden_at, comment.hidden_by = None, None
    comment.save(update_fields=["hidden_at", "hidden_by"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    messages.success(request, _("Commentaire rétabli."))
    return redirect("social_admin:queue")
