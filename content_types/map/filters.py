from django import forms
from django.utils.translation import gettext_lazy as _


class MapFilterForm(forms.Form):
    """The « Carte » page's filters, read by a plain GET (works without JavaScript) and
    handed to the map widget as its data attributes."""

    type = forms.ChoiceField(label=_("Afficher"), required=False, choices=[
        ("", _("Événements et lieux")), ("event", _("Événements à venir")), ("place", _("Lieux à visiter")),
        ("project", _("Projets")),
    ])
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    du = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = [("", _("Toutes les thématiques"))] + [
            (row["tag"].slug, row["tag"].name) for row in themes
        ]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("du"), cleaned_data.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin doit suivre la date de début."))
        return cleaned_data
