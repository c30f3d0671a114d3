"""Groups, permissions and moderation workflows of members and moderators; idempotent.

Called by `seed_demo` (and the `ensure_member_groups` command) whenever territories
change: every territory (a Site whose root is a HomePage) gets its « Modérateurs » group
and its own workflow; « Contributeurs » may add pages under every territory's sections.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content_types.core import registry

from .permissions import CONTRIBUTORS_GROUP, MODERATORS_GROUP_PREFIX

MEMBERS_COLLECTION = "Contributions des membres"
CONTRIBUTION_SECTIONS = tuple(entry.index_model_name_lower for entry in registry.contributable())
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def image_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)


def admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def territories():
    """(site, home page) for every territory, i.e. every Site rooted at a HomePage."""
    homes = {
        page.pk: page
        for page in Page.objects.filter(content_type__app_label="home", content_type__model="homepage")
    }
    return [(site, homes[site.root_page_id]) for site in Site.objects.order_by("pk") if site.root_page_id in homes]


def moderators_group_name(home):
    return f"{MODERATORS_GROUP_PREFIX} {home.slug}"


def members_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    return collection or root.add_child(name=MEMBERS_COLLECTION)


def contributors_group():
    group, _ = Group.objects.get_or_create(name=CONTRIBUTORS_GROUP)
    return group


@transaction.atomic
def ensure_groups():
    """Create or complete the groups and workflows; returns {group name: group}."""
    contributors = contributors_group()
    contributors.permissions.add(admin_access())
    collection = members_collection()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=contributors, collection=collection, permission=image_permission(codename)
        )
    groups = {contributors.name: contributors}
    section_types = ContentType.objects.filter(app_label="content_types", model__in=CONTRIBUTION_SECTIONS)
    add_page = page_permission("add_page")
    root_collection = Collection.get_first_root_node()
    for site, home in territories():
        for section in Page.objects.child_of(home).filter(content_type__in=section_types):
            GroupPagePermission.objects.get_or_create(group=contributors, page=section, permission=add_page)

        moderators, _ = Group.objects.get_or_create(name=moderators_group_name(home))
        moderators.permissions.add(admin_access())
        for codename in MODERATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(group=moderators, page=home, permission=page_permission(codename))
        for codename in ("add_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=moderators, collection=root_collection, permission=image_permission(codename)
            )
        ensure_workflow(home, moderators)
        groups[moderators.name] = moderators
    return groups


def ensure_workflow(home, moderators):
    """A territory's own one-step workflow, approved only by its moderators."""
    task = GroupApprovalTask.objects.filter(name=f"Validation {home.slug}").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"Validation {home.slug}")
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=f"Modération — {home.title}")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
