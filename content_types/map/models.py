from django.db import models
from django.utils.translation import gettext_lazy as _

from content_types.core.base import IndexPage
from content_types.core.themes import territory_tags

from .filters import MapFilterForm


class MapPage(IndexPage):
    """« Carte »: every event and place of the territory on one map."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("carte")
        verbose_name_plural = _("cartes")

    def get_context(self, request, *args, **kwargs):
        """The widget's data attributes come from a plain GET form (works without JavaScript)."""
        context = super().get_context(request, *args, **kwargs)
        form = MapFilterForm(request.GET or None, themes=territory_tags(self.get_parent()))
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["filter_form"] = form
        context["map_type"] = data.get("type") or "event,place"
        context["map_tags"] = data.get("thematique", "")
        context["map_start"] = data["du"].isoformat() if data.get("du") else ""
        context["map_end"] = data["au"].isoformat() if data.get("au") else ""
        context["map_api_url"] = request.build_absolute_uri("/api/v3/map/features")
        return context


class MapFeatureText(models.Model):
    """A published event's or place's map feature, pre-rendered as JSON text around the
    parts that vary per request (content_types/api/feature_text.py writes and reads it).

    The map API answers thousands of features per request; encoding each one from its
    columns on every request cost more than the database query itself. What never varies
    between requests (id, point, title, summary, tags, city, address, venue, kind) is
    encoded once, when the page is published; each request reads these three pieces and
    splices in the page URL (it depends on the host asked), the image rendition URL, and
    the occurrence dates (they depend on the window) or the translated kind. Which pages
    appear stays a live query on the pages themselves (published, public, site, bbox,
    dates, tags): this table only ever decides how a feature reads, never whether it shows.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="map_feature_text"
    )
    head = models.TextField()
    body = models.TextField()
    tail = models.TextField()

    class Meta:
        verbose_name = _("texte d'un point de la carte")
        verbose_name_plural = _("textes des points de la carte")

    def __str__(self):
        return f"map feature of page {self.page_id}"


class MapFeatureTextVersion(models.Model):
    """One row whose value changes with every write of MapFeatureText (a random number, so
    that a rolled-back write can never be mistaken for a later one): a server process
    keeps the texts it has read while this value stays the same."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("version des textes des points de la carte")
