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
