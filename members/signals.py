"""Profiles follow accounts; a confirmed address makes a member a contributor."""

from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from .permissions import is_plain_contributor
from .profiles import create_profile
from .setup import contributors_group
from .uploads import reencode_original


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


@receiver(post_save, sender=UploadedFile)
def members_uploads_lose_their_metadata(sender, instance, created, raw=False, **kwargs):
    """The multiple uploader parks a file whose metadata fields are still to fill (the alt
    text is required) as an UploadedFile, then copies it into the image: re-encode it on
    arrival, as members.image_forms does for the one-by-one upload."""
    user = instance.uploaded_by_user
    if raw or not created or user is None or not is_plain_contributor(user):
        return
    if instance.for_content_type.model_class() is not get_image_model():
        return
    old_name = instance.file.name
    with instance.file.open("rb") as original:
        encoded = reencode_original(
            original, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS, name=Path(old_name).stem[:80] or "image"
        )
    instance.file.save(encoded.name, encoded, save=False)
    instance.file.storage.delete(old_name)
    UploadedFile.objects.filter(pk=instance.pk).update(file=instance.file.name)
