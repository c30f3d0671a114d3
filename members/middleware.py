"""Keep plain contributors inside the few admin screens « Je contribue » needs.

Members reach Wagtail's admin to write with its editor, but the admin has many other
screens (site history, reports, page search, workflow lists, usage lists…) that list
every page a user may explore, other members' drafts included. Rather than audit each
one, a member whose only rights come from the « Contributeurs » group gets an allow-list
of URL names, each with the rule that filters what it may show: anything else answers
403, so a screen a Wagtail upgrade adds stays closed until someone reviews it.

Every object an allowed URL names (a page, an image, an upload, an editing session) is
checked here against what the member may see: live public pages and their own pages,
public images and their own, their own uploads and sessions. tests/members/test_admin_fence.py
walks every admin URL name and fails on one this table does not classify.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from wagtail.admin.models import EditingSession
from wagtail.models import Page, Revision, TaskState, UploadedFile, WorkflowState

from .permissions import is_plain_contributor
from .visibility import image_is_visible, page_is_visible

# Rules: which URL kwargs (or query parameters, "?name") name which kind of object.
OPEN = {}  # no object in the URL; the view itself filters (explorer/chooser/image hooks)
PAGE = {"page_id": "page"}
PARENT = {"parent_page_id": "page"}
IMAGE = {"image_id": "image"}

# URL name -> {kwarg or ?query parameter: kind of object it names}.
ALLOWED_ADMIN_URLS = {
    "wagtailadmin_home": OPEN,  # the dashboard panels list the member's own pages only
    "wagtailadmin_explore_root": OPEN,
    "wagtailadmin_explore": PARENT,  # children filtered by construct_explorer_page_queryset
    "wagtailadmin_explore_results": PARENT,
    "wagtailadmin_pages:add_subpage": PARENT,
    "wagtailadmin_pages:add": PARENT,
    "wagtailadmin_pages:preview_on_add": PARENT,
    "wagtailadmin_pages:edit": PAGE,
    "wagtailadmin_pages:preview_on_edit": PAGE,
    "wagtailadmin_pages:view_draft": PAGE,
    "wagtailadmin_pages:delete": PAGE,
    "wagtailadmin_pages:revisions_index": PAGE,
    "wagtailadmin_pages:revisions_view": {**PAGE, "revision_id": "revision"},
    "wagtailadmin_pages:revisions_compare": {"pk": "page", "revision_id_a": "revision", "revision_id_b": "revision"},
    "wagtailadmin_pages:history": PAGE,
    "wagtailadmin_pages:workflow_history": PAGE,
    "wagtailadmin_pages:workflow_history_detail": {**PAGE, "workflow_state_id": "workflow_state"},
    "wagtailadmin_pages:workflow_preview": {**PAGE, "task_id": "task"},
    "wagtailadmin_pages:unlock": PAGE,
    "wagtailadmin_pages:collect_workflow_action_data": {**PAGE, "task_state_id": "task_state"},
    "wagtailadmin_pages:workflow_action": {**PAGE, "task_state_id": "task_state"},
    "wagtailadmin_pages:confirm_workflow_cancellation": PAGE,
    "wagtailadmin_choose_page": OPEN,  # filtered by construct_page_chooser_queryset
    "wagtailadmin_choose_page_child": PARENT,
    "wagtailadmin_choose_page_search": OPEN,
    "wagtailadmin_choose_page_external_link": OPEN,
    "wagtailadmin_choose_page_email_link": OPEN,
    "wagtailadmin_choose_page_phone_link": OPEN,
    "wagtailadmin_choose_page_anchor_link": OPEN,
    "wagtailadmin_tag_autocomplete": OPEN,
    "wagtailadmin_logout": OPEN,
    "wagtailadmin_sprite": OPEN,
    "wagtailadmin_dismissibles": OPEN,
    "wagtailadmin_javascript_catalog": OPEN,
    "wagtailadmin_block_preview": OPEN,
    # Wagtail looks the session up among the member's own (and makes a new one otherwise).
    "wagtailadmin_editing_sessions:ping": {"object_id": "page", "session_id": "own_by_view"},
    "wagtailadmin_editing_sessions:release": {"session_id": "editing_session"},
    # Images: the index and edit/delete views list and open only the member's own
    # uploads (Wagtail's ownership policy); « choose » is narrowed by image_policy.
    "wagtailimages:index": OPEN,
    "wagtailimages:index_results": OPEN,
    "wagtailimages:add": OPEN,
    "wagtailimages:edit": IMAGE,
    "wagtailimages:delete": IMAGE,
    "wagtailimages:add_multiple": OPEN,
    "wagtailimages:edit_multiple": IMAGE,
    "wagtailimages:delete_multiple": IMAGE,
    "wagtailimages:create_multiple_from_uploaded_image": {"uploaded_file_id": "upload"},
    "wagtailimages:delete_upload_multiple": {"uploaded_file_id": "upload"},
    "wagtailimages_chooser:choose": OPEN,
    "wagtailimages_chooser:choose_results": OPEN,
    "wagtailimages_chooser:chosen": {"pk": "image"},
    "wagtailimages_chooser:chosen_multiple": {"?id": "image"},
    "wagtailimages_chooser:create": OPEN,
    "wagtailimages_chooser:select_format": IMAGE,
    "wagtailembeds:chooser": OPEN,
    "wagtailembeds:chooser_upload": OPEN,
    # The admin API lists every page, drafts included; only its explorer mode (the
    # sidebar's page menu) runs the explorer hooks that hide others' contributions.
    "wagtailadmin_api:pages:listing": {"?child_of": "page"},
}

# Refused on purpose (they list other people's pages or render arbitrary sizes):
# pages:usage / type_use (every page of a type, drafts included), images:image_usage,
# images:preview / url_generator (renditions of any size), the account page (members
# edit their name and picture through their profile: see ACCOUNT_URL below).
ACCOUNT_URL = "wagtailadmin_account"
CREATE_URL = "wagtailadmin_pages:add"
EXPLORER_API = "wagtailadmin_api:pages:listing"
ADMIN_PREFIX = "/admin/"


def _object_visible(kind, value, user, kwargs):
    """Whether the object named in the URL is one the member may see.

    Revisions, workflow and task states must belong to the page the URL names (itself
    checked): an id taken from another page is refused.
    """
    page_id = str(kwargs.get("page_id") or kwargs.get("pk") or "")
    if kind == "revision" and value in ("live", "earliest", "latest"):
        return True
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return False
    if kind == "own_by_view":
        return True
    if kind == "task":
        return True  # a workflow step's definition (its name), the same for everyone
    if kind == "revision":
        return Revision.objects.filter(pk=pk, base_content_type__model="page", object_id=page_id).exists()
    if kind == "workflow_state":
        return WorkflowState.objects.filter(pk=pk, object_id=page_id).exists()
    if kind == "task_state":
        return TaskState.objects.filter(pk=pk, workflow_state__object_id=page_id).exists()
    if kind == "page":
        return page_is_visible(user, pk)
    if kind == "image":
        return image_is_visible(user, pk)
    if kind == "upload":
        return UploadedFile.objects.filter(pk=pk, uploaded_by_user=user).exists()
    if kind == "editing_session":
        return EditingSession.objects.filter(pk=pk, user=user).exists()
    return False


def allowed(match, request):
    """Whether a plain contributor may open this resolved admin URL."""
    url_name = match.view_name
    rule = ALLOWED_ADMIN_URLS.get(url_name)
    if rule is None:
        return False
    if url_name == EXPLORER_API and not request.GET.get("for_explorer"):
        return False
    if url_name == "wagtailadmin_editing_sessions:ping" and (
        match.kwargs.get("app_label"), match.kwargs.get("model_name")
    ) != ("wagtailcore", "page"):
        return False
    for name, kind in rule.items():
        if name.startswith("?"):
            values = request.GET.getlist(name[1:])
            if name == "?child_of" and not values:
                return False
        else:
            values = [match.kwargs.get(name)]
        if not all(_object_visible(kind, value, request.user, match.kwargs) for value in values):
            return False
    return True


class ContributorAdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and request.user.is_authenticated:
            if is_plain_contributor(request.user):
                try:
                    match = resolve(request.path_info)
                except Resolver404:
                    match = None
                if match is not None and match.view_name == ACCOUNT_URL:
                    return redirect("members:profile_edit")
                if match is not None and not allowed(match, request):
                    raise PermissionDenied
                if match is not None and match.view_name == CREATE_URL and request.method == "POST":
                    return self.create_in_turn(request, match)
        return self.get_response(request)

    def create_in_turn(self, request, match):
        """One creation at a time per member and per section.

        The daily quota is counted by the before_create_page hook and the page's place in
        the tree is computed from its siblings: run concurrently (twelve tabs posting at
        once), every request passed the count and most collided on the same tree path.
        Holding the member's and the section's rows for the length of the request makes
        them take turns, so the quota answers the late ones (on SQLite, whose locks are
        database-wide, IMMEDIATE transactions and a busy timeout do the same: settings).
        """
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
            Page.objects.select_for_update().filter(pk=match.kwargs.get("parent_page_id")).first()
            return self.get_response(request)
