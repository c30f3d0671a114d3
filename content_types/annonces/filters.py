"""The announcements listing's filters: a plain GET form, one URL per filter state."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AnnonceFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type d'annonce"), required=False)
    ville = forms.ChoiceField(label=_("Ville"), required=False)

    def __init__(self, data=None, *, kinds=(), towns=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["type"].choices = [("", _("Tous les types"))] + [(kind.slug, kind.name) for kind in kinds]
        self.fields["ville"].choices = [("", _("Toutes les villes"))] + [(town, town) for town in towns]

    def filter_annonces(self, queryset):
        if not (self.is_bound and self.is_valid()):
            return queryset
        if self.cleaned_data.get("type"):
            queryset = queryset.filter(kind__slug=self.cleaned_data["type"])
        if self.cleaned_data.get("ville"):
            queryset = queryset.filter(city=self.cleaned_data["ville"])
        return queryset
