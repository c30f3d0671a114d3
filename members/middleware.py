"""Keep plain contributors inside the few admin screens « Je contribue » needs.

Members reach Wagtail's admin to write with its editor, but the admin has many other
screens (site history, reports, page search, workflow lists…) that list every page a
user may explore, other members' drafts included. Rather than audit each one, a member
whose only rights come from the « Contributeurs » group gets an allow-list of URL names:
anything else answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from .permissions import is_plain_contributor

# URL names (or namespace prefixes ending with ":") a plain contributor may open.
ALLOWED_ADMIN_URLS = (
    "wagtailadmin_home",
    "wagtailadmin_explore",
    "wagtailadmin_explore_root",
    "wagtailadmin_explore_results",
    "wagtailadmin_explore_root_results",
    "wagtailadmin_pages:add_subpage",
    "wagtailadmin_pages:add",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_pages:workflow_status",
    "wagtailadmin_pages:workflow_preview",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_account",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_dismissibles",
    "wagtailadmin_editing_sessions:",
    "wagtailimages:",
    "wagtailimages_chooser:",
    "wagtailembeds:",
    "wagtailembeds_chooser:",
    "wagtailadmin_block_preview",
    "wagtailadmin_javascript_catalog",
)
# The admin API lists every page, drafts included; only its explorer mode (the sidebar's
# page menu) runs the explorer hooks that hide other members' contributions.
EXPLORER_API = "wagtailadmin_api:pages:listing"

ADMIN_PREFIX = "/admin/"


def allowed(url_name, request):
    if url_name == EXPLORER_API:
        return bool(request.GET.get("for_explorer") and request.GET.get("child_of"))
    return any(
        url_name.startswith(entry) if entry.endswith(":") else url_name == entry
        for entry in ALLOWED_ADMIN_URLS
    )


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
                if match is not None and not allowed(match.view_name, request):
                    raise PermissionDenied
        return self.get_response(request)
