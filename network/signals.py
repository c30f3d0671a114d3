"""A shared page goes when its original goes.

Wagtail keeps an alias whose original is deleted as an ordinary page (`alias_of` is set
to null): the receiving territory would keep a stale copy nobody on the original's side
can correct. Shares made between territories are removed with their original instead.
"""

from django.db.models.signals import pre_delete
from wagtail.models import Page


def remove_shares_of_deleted_page(sender, instance, **kwargs):
    for alias in Page.objects.filter(alias_of=instance).exclude(path__startswith=instance.path):
        alias.delete()


def connect():
    pre_delete.connect(remove_shares_of_deleted_page, sender=Page, dispatch_uid="network_remove_shares")
