"""Profiles follow accounts; a confirmed address makes a member a contributor."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .profiles import create_profile
from .setup import contributors_group


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def user_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    create_profile(instance)
    if not getattr(instance, "_self_signup", False) and instance.email:
        # Created by an administrator or a command: the address is taken as confirmed.
        EmailAddress.objects.get_or_create(
            user=instance, email=instance.email.lower(), defaults={"verified": True, "primary": True}
        )
        instance.groups.add(contributors_group())


@receiver(email_confirmed)
def address_confirmed(sender, request, email_address, **kwargs):
    email_address.user.groups.add(contributors_group())
