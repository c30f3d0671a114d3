"""Attaching content to communities: the field every attachable page type shares, and its form.

The field is part of the page, so it travels in revisions: a member's attachment reaches
the community's feed only when a moderator publishes the page (the feed lists live pages).
"""

from django import forms
from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies.pages import PagePermissionPolicy


def attachable_communities(user, parent_page=None, attached=()):
    """Communities `user` may attach a page to: those they may edit, and those they belong to.

    Communities already attached stay offered (a member editing their page keeps what a
    moderator attached), and only the territory of `parent_page` is offered when known.
    """
    CommunityPage = apps.get_model("content_types", "CommunityPage")
    communities = CommunityPage.objects.all()
    if parent_page is not None and parent_page.pk:
        site = parent_page.get_site()
        if site is not None:
            communities = communities.descendant_of(site.root_page)
    if user is None or not user.is_authenticated:
        return communities.none()
    if user.is_superuser:
        return communities.order_by("title")
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
    allowed = models.Q(pk__in=editable.values("pk")) | models.Q(
        memberships__member=user, memberships__status="membre"
    ) | models.Q(pk__in=[community.pk for community in attached])
    return communities.filter(allowed).distinct().order_by("title")


class CommunityAttachmentForm(WagtailAdminPageForm):
    """Offers, and accepts, only the communities the editing user may attach to (checked server-side)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("communities")
        if field is not None:
            attached = list(self.instance.communities.all()) if self.instance.pk else []
            parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
            field.queryset = attachable_communities(getattr(self, "for_user", None), parent, attached)


class CommunityAttachable(models.Model):
    """A page that can be attached to communities (articles, events, dossiers, announcements, projects)."""

    communities = ParentalManyToManyField(
        "content_types.CommunityPage", verbose_name=_("communautés"), blank=True, related_name="+",
        help_text=_("La page paraîtra dans le fil de ces communautés une fois publiée."),
    )

    base_form_class = CommunityAttachmentForm
    community_panels = [FieldPanel("communities", widget=forms.CheckboxSelectMultiple)]

    class Meta:
        abstract = True
