"""The projects listing's filters: status and theme, a plain GET form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectFilterForm(forms.Form):
    etat = forms.ChoiceField(label=_("État"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)

    def __init__(self, data=None, *, statuses=(), themes=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["etat"].choices = [("", _("Tous les états"))] + list(statuses)
        self.fields["thematique"].choices = [("", _("Toutes les thématiques"))] + [(t.slug, t.name) for t in themes]

    def filter_projects(self, queryset):
        if not (self.is_bound and self.is_valid()):
            return queryset
        if self.cleaned_data.get("etat"):
            queryset = queryset.filter(status=self.cleaned_data["etat"])
        if self.cleaned_data.get("thematique"):
            queryset = queryset.filter(tags__slug=self.cleaned_data["thematique"])
        return queryset
