"""A contribution's state, read from Wagtail's workflow records rather than stored twice."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site, TaskState, WorkflowState

from content_types.core import registry

from .models import Contribution

CONTRIBUTION_PAGE_TYPES = tuple(entry.model_name for entry in registry.contributable())

DRAFT, MODERATION, PUBLISHED, REJECTED = "brouillon", "moderation", "publiee", "refusee"
LABELS = {
    DRAFT: _("Brouillon"),
    MODERATION: _("En modération"),
    PUBLISHED: _("Publiée"),
    REJECTED: _("Refusée"),
}


def contribution_pages(user):
    types = ContentType.objects.filter(app_label="content_types", model__in=CONTRIBUTION_PAGE_TYPES)
    return Page.objects.filter(owner=user, content_type__in=types).order_by("-latest_revision_created_at", "-pk")


def state_of(page, workflow_state, rejection):
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return MODERATION, ""
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return REJECTED, rejection.comment if rejection else ""
    if page.live:
        return PUBLISHED, ""
    return DRAFT, ""


def contribution_rows(user):
    """One dict per page the member owns: page, state, label, moderator's comment, territory."""
    pages = list(contribution_pages(user))
    if not pages:
        return []
    ids = [str(page.pk) for page in pages]
    latest = {}
    for state in WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=ids
    ).order_by("created_at", "pk"):
        latest[state.object_id] = state  # the last one wins
    rejections = {}
    for task_state in TaskState.objects.filter(
        workflow_state__in=[s for s in latest.values() if s.status == WorkflowState.STATUS_NEEDS_CHANGES],
        status=TaskState.STATUS_REJECTED,
    ).order_by("finished_at", "pk"):
        rejections[task_state.workflow_state_id] = task_state
    records = {c.page_id: c for c in Contribution.objects.filter(page__in=pages).select_related("site")}
    sites = list(Site.objects.select_related("root_page"))
    rows = []
    for page in pages:
        workflow_state = latest.get(str(page.pk))
        rejection = rejections.get(workflow_state.pk) if workflow_state else None
        state, comment = state_of(page, workflow_state, rejection)
        record = records.get(page.pk)
        site = record.site if record and record.site else next(
            (s for s in sites if page.path.startswith(s.root_page.path)), None
        )
        rows.append({
            "page": page,
            "state": state,
            "label": LABELS[state],
            "comment": comment,
            "site": site,
            "created_at": record.created_at if record else page.first_published_at,
        })
    return rows
