"""Groups, permissions and moderation workflows of a territory's roles; idempotent.

Called by `seed_demo` (and the `ensure_member_groups` command) whenever territories
change. Every territory (a Site whose root is a HomePage) gets:
- « Éditeurs <territoire> »: write and publish anywhere in the territory's branch;
- « Modérateurs <territoire> »: the same, and they approve members' contributions in the
  territory's own workflow (Wagtail's group approval task);
- « Contributeurs » (members) may add pages under every territory's sections, and only
  submit them to moderation.
Groups and workflows are named after the territory, as people read them in the admin.
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
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content_types.core import registry

from .territory import territory_sites
from .permissions import CONTRIBUTORS_GROUP, EDITORS_GROUP_PREFIX, MODERATORS_GROUP_PREFIX

MEMBERS_COLLECTION = "Contributions des membres"
CONTRIBUTION_SECTIONS = tuple(entry.index_model_name_lower for entry in registry.contributable())
# Editors and moderators of a territory write and publish anywhere in its branch.
STAFF_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
STAFF_MEDIA_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "choose")
]


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def image_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)


def admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def territories():
    """(site, home page) for every territory (members/territory.py says which sites are)."""
    return [(site, site.root_page) for site in territory_sites().order_by("pk")]


def moderators_group_name(home):
    return f"{MODERATORS_GROUP_PREFIX} {home.title}"


def editors_group_name(home):
    return f"{EDITORS_GROUP_PREFIX} {home.title}"


def territory_group(name, legacy_name):
    """The group called `name`, or the one a previous version called `legacy_name`, renamed."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = Group.objects.filter(name=legacy_name).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or Group.objects.create(name=name)


# Model permissions a territory's staff need besides pages and media: the agenda's iCalendar
# feeds (content_types/events/subscriptions.py; each feed is checked against its agenda's
# page permissions when run, and listed per territory).
STAFF_MODEL_PERMISSIONS = [
    ("content_types", codename)
    for codename in (
        "add_icalsubscription", "change_icalsubscription", "delete_icalsubscription", "view_icalsubscription",
        "change_importedevent", "view_importedevent",
    )
]


def grant_territory_staff(group, home, collection):
    group.permissions.add(admin_access())
    group.permissions.add(*(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in STAFF_MODEL_PERMISSIONS
    ))
    for codename in STAFF_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=page_permission(codename))
    for app_label, codename in STAFF_MEDIA_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def members_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    return collection or root.add_child(name=MEMBERS_COLLECTION)


def contributors_group():
    group, _ = Group.objects.get_or_create(name=CONTRIBUTORS_GROUP)
    return group


@transaction.atomic
def ensure_groups():
    """Create or complete the groups and workflows of every territory; returns {group name: group}."""
    groups = {}
    for site, home in territories():
        groups.update(ensure_territory_groups(home))
    contributors = contributors_group()
    groups[contributors.name] = contributors
    return groups


def territory_collection(home):
    """The territory's own collection of images and documents (a child of the root one)."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=home.title).first() or root.add_child(name=home.title)


@transaction.atomic
def ensure_territory_groups(home):
    """One territory's roles: its editors and moderators (on its branch and its collection),
    its moderation workflow, and the members' right to add pages to its sections."""
    contributors = contributors_group()
    contributors.permissions.add(admin_access())
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=contributors, collection=members_collection(), permission=image_permission(codename)
        )
    section_types = ContentType.objects.filter(app_label="content_types", model__in=CONTRIBUTION_SECTIONS)
    add_page = page_permission("add_page")
    for section in Page.objects.child_of(home).filter(content_type__in=section_types):
        GroupPagePermission.objects.get_or_create(group=contributors, page=section, permission=add_page)

    collection = territory_collection(home)
    moderators = territory_group(moderators_group_name(home), f"{MODERATORS_GROUP_PREFIX} {home.slug}")
    editors = territory_group(editors_group_name(home), f"{EDITORS_GROUP_PREFIX} {home.slug}")
    for group in (moderators, editors):
        grant_territory_staff(group, home, collection)
    ensure_workflow(home, moderators)
    return {moderators.name: moderators, editors.name: editors}


def ensure_workflow(home, moderators):
    """A territory's own one-step workflow, approved only by its moderators."""
    task = (
        GroupApprovalTask.objects.filter(name=f"Validation — {home.title}").first()
        or GroupApprovalTask.objects.filter(name=f"Validation {home.slug}").first()
        or GroupApprovalTask.objects.create(name=f"Validation — {home.title}")
    )
    task.name = f"Validation — {home.title}"
    task.save(update_fields=["name"])
    task.groups.set([moderators])
    workflow = (
        Workflow.objects.filter(name=f"Modération — {home.title}").first()
        or Workflow.objects.filter(name=f"Modération {home.slug}").first()
        or Workflow.objects.create(name=f"Modération — {home.title}")
    )
    workflow.name = f"Modération — {home.title}"
    workflow.save(update_fields=["name"])
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
