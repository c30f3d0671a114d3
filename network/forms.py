from django import forms
from django.utils.translation import gettext_lazy as _


class TerritoryForm(forms.Form):
    name = forms.CharField(label=_("Nom du territoire"), max_length=255,
                           help_text=_("Par exemple « Echosciences Normandie »."))
    hostname = forms.CharField(label=_("Nom d’hôte"), max_length=255,
                               help_text=_("Le domaine du site, sans http:// ni port : echosciences-normandie.fr"))
    port = forms.IntegerField(label=_("Port"), initial=80, min_value=1, max_value=65535)
    slug = forms.SlugField(label=_("Identifiant"), required=False,
                           help_text=_("Dans l’arborescence des pages ; déduit du nom s’il est laissé vide."))
    portal = forms.BooleanField(
        label=_("Portail national du réseau"), required=False,
        help_text=_("Un site qui présente tous les territoires, l’agenda, la carte et la recherche du réseau."),
    )
