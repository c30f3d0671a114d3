"""The comment and report forms, with the abuse rules each refusal explains in French."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import COMMENT_MAX_LENGTH, REPORT_REASON_MAX_LENGTH, SocialSettings

LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
HONEYPOT = "site_web"


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"), max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Texte simple ; les adresses web deviennent des liens."),
        error_messages={
            "required": _("Écrivez votre commentaire avant de l’envoyer."),
            "max_length": _("Un commentaire compte au plus %(limit_value)d caractères (le vôtre : %(show_value)d)."),
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    site_web = forms.CharField(required=False, label=_("Ne remplissez pas ce champ"))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        links = len(LINK.findall(body))
        limit = settings.COMMENT_MAX_LINKS
        if links > limit:
            raise forms.ValidationError(ngettext(
                "Pas plus d’un lien par commentaire.",
                "Pas plus de %(limit)d liens par commentaire.", limit,
            ) % {"limit": limit})
        return body

    def clean_site_web(self):
        if self.cleaned_data.get("site_web"):
            raise forms.ValidationError(_("Commentaire refusé."))
        return ""


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi signalez-vous ce commentaire ?"), max_length=REPORT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Dites en quelques mots ce qui pose problème.")},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du masquage"), max_length=REPORT_REASON_MAX_LENGTH,
        error_messages={"required": _("Le motif du masquage est conservé : indiquez-le.")},
    )


class DigestForm(forms.ModelForm):
    class Meta:
        model = SocialSettings
        fields = ["digest"]
        widgets = {"digest": forms.RadioSelect}
        labels = {"digest": _("Recevoir par e-mail un résumé de mon fil et de mes événements favoris")}
