import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


class UserManager(DjangoUserManager):
    """E-mail is the login: usernames are not asked for, so creation takes an e-mail."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("L'adresse e-mail est obligatoire."))
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member of the network; one account serves every territory's site."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def display_name(self):
        """The name others see: the member profile's (asked at signup), never the e-mail.

        The e-mail is the login and stays between its owner and the territory's staff;
        bylines, feeds, JSON-LD and the admin's user lists all go through this name.
        """
        try:
            name = self.profile.display_name
        except (AttributeError, ValueError):  # no profile yet (being created) or unsaved user
            name = ""
        return name or super().get_full_name() or gettext("Membre")

    def get_full_name(self):
        # Wagtail's admin (owner filters, « Modifié par », notifications) and the site's
        # templates call get_full_name(), then fall back to the login (the e-mail).
        return self.display_name()

    def __str__(self):
        return self.display_name()


def profile_upload_to(instance, filename):
    """Random names under members/: never the uploader's name, and the extension we chose
    when re-encoding, so the served type never comes from the upload."""
    return f"members/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MemberInterest(TaggedItemBase):
    content_object = models.ForeignKey(
        "MemberProfile", on_delete=models.CASCADE, related_name="tagged_interests"
    )

    class Meta:
        verbose_name = _("centre d'intérêt")
        verbose_name_plural = _("centres d'intérêt")


class MemberProfile(models.Model):
    """What a member shows of themselves at /membres/<slug>/, separate from the login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("compte")
    )
    slug = models.SlugField(_("adresse du profil"), max_length=80, unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=80)
    avatar = models.ImageField(_("photo ou avatar"), upload_to=profile_upload_to, blank=True)
    bio = models.TextField(_("présentation"), max_length=600, blank=True)
    interests = TaggableManager(
        through=MemberInterest, blank=True, verbose_name=_("centres d'intérêt"),
        help_text=_("Des thématiques séparées par des virgules."),
    )
    links = models.TextField(
        _("liens"), blank=True, help_text=_("Une adresse web (https://…) par ligne, cinq au plus."),
    )
    is_organisation = models.BooleanField(_("je représente une structure"), default=False)
    organisation_name = models.CharField(_("nom de la structure"), max_length=150, blank=True)
    organisation_logo = models.ImageField(_("logo de la structure"), upload_to=profile_upload_to, blank=True)
    is_public = models.BooleanField(
        _("profil public"), default=True,
        help_text=_("Décochez pour un profil privé : il n'est ni affiché, ni listé, ni lié depuis vos contributions."),
    )
    home_territory = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("territoire de rattachement"),
        help_text=_("Le territoire du réseau auquel vous vous rattachez ; votre compte sert sur tous."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("profil de membre")
        verbose_name_plural = _("profils de membres")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("members:profile", kwargs={"slug": self.slug})

    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def delete_files(self):
        for field in (self.avatar, self.organisation_logo):
            if field:
                field.delete(save=False)


class Contribution(models.Model):
    """A page a member started through « Je contribue », and the territory it was made for.

    Its moderation state is not stored here: it is read from Wagtail's workflow states,
    so the two can never disagree.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="contribution", verbose_name=_("page")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contributions", verbose_name=_("membre"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("territoire"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.page_id} ({self.member_id})"
