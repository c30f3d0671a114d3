"""« Mon fil »: the latest published pages from what a member follows, newest first.

Following a page brings what is published under it (a section) and what is attached to it
(a community, through the `communities` field of articles, events, dossiers…).

One SQL query selects the page of results whatever the number of follows (they are
subqueries); the specific pages and their authors then come in a query per content type
and one for the authors, so the cost does not grow with the page or the follows.
"""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from wagtail.models import Page

from content_types.core import registry
from network.models import originals

from .authors import profile_of
from .follows import content_type_ids
from .models import Follow

FEED_PAGE_SIZE = 20


def followed_condition(user):
    follows = Follow.objects.filter(follower=user)
    members = follows.filter(member__isnull=False).values("member_id")
    tags = follows.filter(tag__isnull=False).values("tag_id")
    condition = Q(owner__in=members) | Q(articlepage__author__in=members)
    for model in registry.models():
        tagged = model.tags.through.objects.filter(tag__in=tags).values("content_object_id")
        condition |= Q(pk__in=tagged)
    followed_pages = list(follows.filter(page__isnull=False).values_list("page_id", "page__path", "page__depth"))
    for _pk, path, depth in followed_pages:
        condition |= Q(path__startswith=path, depth__gt=depth)
    if followed_pages:
        condition |= attached_to(pk for pk, _path, _depth in followed_pages)
    return condition


def attached_to(page_ids):
    """Pages attached to any of these pages as communities (the `communities` field), one subquery per type."""
    page_ids = list(page_ids)
    condition = Q(pk__in=[])
    for entry in registry.community_item_types():
        field = entry.model._meta.get_field("communities")
        through = field.remote_field.through
        attached = through.objects.filter(
            **{f"{field.m2m_reverse_field_name()}__in": page_ids}
        ).values(f"{field.m2m_field_name()}_id")
        condition |= Q(pk__in=attached)
    return condition


def feed_queryset(user, since=None):
    pages = originals(  # a page shared into other territories comes once, as its original
        Page.objects.live().public().filter(content_type_id__in=content_type_ids())
        .filter(followed_condition(user)).exclude(owner=user)
    )
    if since is not None:
        pages = pages.filter(first_published_at__gte=since)
    return pages.order_by("-first_published_at", "-pk")


def with_details(pages):
    """The specific pages, in the given order, each with `.feed_author_profile` set."""
    pages = list(pages)
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    author_ids = {getattr(page, "author_id", None) or page.owner_id for page in specific.values()}

    authors = {user.pk: user for user in get_user_model().objects.filter(pk__in=author_ids).select_related("profile")}
    result = []
    for page in pages:
        item = specific.get(page.pk)
        if item is None:
            continue
        item.feed_author_profile = profile_of(authors.get(getattr(item, "author_id", None) or item.owner_id))
        item.feed_type = item.specific_class._meta.verbose_name
        result.append(item)
    return result


def feed_page(user, number):
    page = Paginator(feed_queryset(user), FEED_PAGE_SIZE).get_page(number)
    page.object_list = with_details(page.object_list)
    return page
