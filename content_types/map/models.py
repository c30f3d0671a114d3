from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

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


class MapFeature(models.Model):
    """A live event, place or project as the map API shows it: the one stored form of a feature.

    Written only when its page is published, unpublished, moved or deleted (the receivers of
    content_types/api/signals.py) and by `manage.py rebuild_map_features`; never by a GET.
    `head` is the feature's GeoJSON text without what depends on the request (the page's
    URL on the host asked, the image's URL, an event's dates in the window) and without its
    closing braces; content_types/api/features.py completes it. The other columns are what
    the API filters and orders on.
    """

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # the content-type registry's key: event, place, project
    path = models.CharField(max_length=255)  # the page's tree path: its site, its view restrictions
    url_path = models.TextField()  # JSON-escaped, as `image`
    is_alias = models.BooleanField(default=False)  # a page shared into another territory
    latitude = models.FloatField()
    longitude = models.FloatField()
    title = models.CharField(max_length=255)  # places and projects are listed by title
    image = models.TextField(blank=True)  # the listing image's map rendition URL, JSON-escaped
    head = models.TextField()

    class Meta:
        verbose_name = _("point de la carte")
        verbose_name_plural = _("points de la carte")
        indexes = [models.Index(fields=["kind", "latitude", "longitude"], name="mapfeature_kind_point")]

    def __str__(self):
        return f"{self.kind} {self.page_id}"
