"""Who may comment where, the per-member rate limit, and who moderates a page's comments."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from wagtail.models import Page, Site

from content_types.core import registry
from members.permissions import has_confirmed_email
from members.setup import moderators_group_name

from .models import ClosedComments


def commentable_type(page):
    entry = registry.entry_for_model(page.specific_class)
    return entry is not None and entry.commentable


def comments_closed(page):
    return ClosedComments.objects.filter(page_id=page.pk).exists()


def open_for_comments(page):
    """Live, public pages of a commentable type whose comments editors have not closed."""
    return (
        commentable_type(page) and page.live
        and not page.get_view_restrictions().exists() and not comments_closed(page)
    )


def may_comment(user):
    return user.is_authenticated and user.is_active and has_confirmed_email(user)


def within_rate_limit(user):
    """At most COMMENTS_PER_WINDOW comments per member per COMMENT_RATE_WINDOW seconds."""
    key = f"social:comments:{user.pk}"
    window = settings.COMMENT_RATE_WINDOW
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= settings.COMMENTS_PER_WINDOW


def territory_home(page):
    for site in Site.objects.select_related("root_page"):
        if page.path.startswith(site.root_page.path) and site.root_page.depth == 2:
            return site.root_page
    return None


def moderates(user, page):
    """The moderators of the page's territory (and superusers) hide and restore its comments."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    home = territory_home(page)
    return home is not None and user.groups.filter(name=moderators_group_name(home)).exists()


def moderated_pages_filter(user):
    """Q on comments' pages for the territories `user` moderates (everything for a superuser)."""
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for home in Page.objects.filter(depth=2):
        if user.groups.filter(name=moderators_group_name(home)).exists():
            condition |= Q(page__path__startswith=home.path)
    return condition
