"""Fence members in Wagtail's admin: their own pages, their own images, a daily quota."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, PageLogEntry
from wagtail.permissions import register_permission_policy

from .image_policy import image_permission_policy
from .models import Contribution
from .permissions import has_confirmed_email, is_plain_contributor
from .states import CONTRIBUTION_PAGE_TYPES

# Registered here, after wagtail.images' own ready() (Wagtail's documented place for it).
register_permission_policy(get_image_model(), image_permission_policy())


def contribution_types():
    return ContentType.objects.filter(app_label="content_types", model__in=CONTRIBUTION_PAGE_TYPES)


def paths_user_can_change(user):
    return list(
        GroupPagePermission.objects.filter(group__user=user, permission__codename="change_page")
        .values_list("page__path", flat=True)
    )


def hide_others_contributions(pages, user):
    """Members' pages are listed only to their owner and to those who may change them."""
    if user.is_superuser:
        return pages
    visible = Q(owner=user) | ~Q(content_type__in=contribution_types())
    for path in paths_user_can_change(user):
        visible |= Q(path__startswith=path)
    return pages.filter(visible)


@hooks.register("construct_explorer_page_queryset")
def explorer_hides_others_drafts(parent_page, pages, request):
    return hide_others_contributions(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_live_pages(pages, request):
    if is_plain_contributor(request.user):
        return pages.filter(Q(live=True) | Q(owner=request.user))
    return pages


@hooks.register("construct_image_chooser_queryset")
def chooser_offers_own_images(images, request):
    if is_plain_contributor(request.user):
        return images.filter(uploaded_by_user=request.user)
    return images


def contributions_today(user):
    """Pages the member created in the last 24 hours, from Wagtail's audit log.

    The log outlives the pages: deleting drafts does not give the quota back, so a
    create-submit-delete loop cannot flood the moderators.
    """
    return PageLogEntry.objects.filter(
        user=user, action="wagtail.create", timestamp__gte=timezone.now() - timedelta(days=1)
    ).count()


@hooks.register("before_create_page")
def contribution_quota(request, parent_page, page_class):
    user = request.user
    if not is_plain_contributor(user):
        return None
    if not has_confirmed_email(user):
        raise PermissionDenied
    limit = settings.MEMBERS_CONTRIBUTIONS_PER_DAY
    if contributions_today(user) >= limit:
        return TemplateResponse(
            request, "members/quota_reached.html", {"limit": limit}, status=429
        )
    return None


@hooks.register("after_create_page")
def record_contribution(request, page):
    if is_plain_contributor(request.user):
        Contribution.objects.get_or_create(
            page=page, defaults={"member": request.user, "site": page.get_site()}
        )


@hooks.register("before_copy_page")
def members_do_not_copy(request, page):
    # A copy would bypass the daily quota and the record of where it was made.
    if is_plain_contributor(request.user):
        raise PermissionDenied


@hooks.register("before_move_page")
def members_do_not_move(request, page, destination):
    # A contribution belongs to the territory where it was made.
    if is_plain_contributor(request.user):
        raise PermissionDenied


@hooks.register("construct_main_menu")
def contributor_menu(request, menu_items):
    if is_plain_contributor(request.user):
        menu_items[:] = [item for item in menu_items if item.name in ("explorer", "images")]
