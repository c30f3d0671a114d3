from django.utils.translation import gettext_lazy as _

from .base import IndexPage


class MapPage(IndexPage):
    """« Carte »: every event and place of the territory on one map."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("carte")
        verbose_name_plural = _("cartes")

    def get_context(self, request, *args, **kwargs):
        """The widget's `data-type` / `data-tags` come from a plain GET form (works without JS)."""
        from django import forms

        from content_types import listings

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        themes = listings.territory_tags(home)

        class MapFilterForm(forms.Form):
            type = forms.ChoiceField(label=_("Afficher"), required=False, choices=[
                ("", _("Événements et lieux")), ("event", _("Événements à venir")), ("place", _("Lieux à visiter")),
            ])
            thematique = forms.ChoiceField(label=_("Thématique"), required=False, choices=[
                ("", _("Toutes les thématiques"))
            ] + [(row["tag"].slug, row["tag"].name) for row in themes])

        form = MapFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["filter_form"] = form
        context["map_type"] = data.get("type") or "event,place"
        context["map_tags"] = data.get("thematique", "")
        context["map_api_url"] = request.build_absolute_uri("/api/v3/map/features")
        return context
