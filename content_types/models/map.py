from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField

from .base import IndexPage


class MapPage(IndexPage):
    """« Carte »: every event and place of the territory on one map."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    api_fields = [APIField("introduction")]

    class Meta:
        verbose_name = _("carte")
        verbose_name_plural = _("cartes")
