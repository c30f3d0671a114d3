"""The search form: every parameter of /recherche/ validated, so bad input is a form error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .query import SEARCH_TYPES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False, strip=True)
    type = forms.ChoiceField(
        label=_("Type de contenu"),
        required=False,
        choices=[("", _("Tous les types"))] + [(key, t.label) for key, t in SEARCH_TYPES.items()],
    )
    tag = forms.SlugField(label=_("Thématique"), required=False, allow_unicode=True, max_length=100)
    start = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, tag_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A select of the territory's themes when there are some; the slug stays valid either way
        # (a link from a result's theme may name one outside the list).
        if tag_choices:
            self.fields["tag"].widget = forms.Select(
                choices=[("", _("Toutes les thématiques"))] + list(tag_choices)
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("La date de fin doit suivre la date de début."))
        return cleaned

    @property
    def has_criteria(self):
        data = self.cleaned_data
        return any(data.get(name) for name in ("q", "type", "tag", "start", "end"))
