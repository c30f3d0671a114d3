"""A shared page follows its original: gone when it goes, withdrawn when it stops being public.

Wagtail keeps an alias whose original is deleted as an ordinary page (`alias_of` is set
to null): the receiving territory would keep a stale copy nobody on the original's side
can correct. And an alias has its own place in the tree, so a view restriction put on the
original (or on a section it moves under) would not hide the copies listed on other
territories' agendas, maps and searches. Shares made between territories are therefore
removed with their original, and when it (or a page above it) stops being public. Copies
an editor made inside the original's own territory are Wagtail's business and left alone.
"""

from django.db.models.signals import post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from .sharing import HOME_PATH_LENGTH


def shares_of(page, *, with_descendants=True):
    """The copies of `page` (and of the pages below it) shared into other territories."""
    originals = Page.objects.descendant_of(page, inclusive=True) if with_descendants else Page.objects.filter(pk=page.pk)
    return Page.objects.filter(alias_of__in=originals).exclude(path__startswith=page.path[:HOME_PATH_LENGTH])


def remove_shares_of_deleted_page(sender, instance, **kwargs):
    for alias in shares_of(instance, with_descendants=False):
        alias.delete()


def remove_shares_of_restricted_pages(sender, instance, **kwargs):
    for alias in shares_of(instance.page):
        alias.delete()


def remove_shares_of_moved_private_pages(sender, instance, **kwargs):
    if instance.get_view_restrictions().exists():
        for alias in shares_of(instance):
            alias.delete()


def connect():
    pre_delete.connect(remove_shares_of_deleted_page, sender=Page, dispatch_uid="network_remove_shares")
    post_save.connect(
        remove_shares_of_restricted_pages, sender=PageViewRestriction, dispatch_uid="network_restricted_shares",
    )
    post_page_move.connect(remove_shares_of_moved_private_pages, dispatch_uid="network_moved_private_shares")
