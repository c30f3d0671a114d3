"""Signup's extra field, the profile form and the account-deletion confirmation."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .models import MemberProfile
from .profiles import rename_profile
from .territory import home_territory_for_signup, territories
from .uploads import reencode_image

MAX_LINKS = 5


class SignupForm(forms.Form):
    """Added to allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS): the name others will see."""

    display_name = forms.CharField(
        label=_("Nom affiché"), max_length=80,
        help_text=_("Votre nom, ou celui de votre structure : il apparaît sur votre profil public."),
    )

    def signup(self, request, user):
        rename_profile(user.profile, self.cleaned_data["display_name"])
        user.profile.home_territory = home_territory_for_signup(request)
        user.profile.save(update_fields=["home_territory"])


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, site):
        return site.site_name or site.hostname


IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"


class ProfileForm(forms.ModelForm):
    # Plain file fields: reencode_image() is the one gate (size first, then format, then pixels).
    avatar = forms.FileField(
        label=_("Photo ou avatar"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    organisation_logo = forms.FileField(
        label=_("Logo de la structure"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )

    home_territory = TerritoryChoiceField(
        queryset=Site.objects.none(), required=False, label=_("Territoire de rattachement"),
        empty_label=_("Aucun"), help_text=MemberProfile._meta.get_field("home_territory").help_text,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name", "avatar", "bio", "interests", "links",
            "is_organisation", "organisation_name", "organisation_logo", "is_public", "home_territory",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 600}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_territory"].queryset = territories()

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Cinq liens au plus."))
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("« %(link)s » n'est pas une adresse web commençant par https:// ou http://.")
                    % {"link": line}
                )
        return "\n".join(lines)

    def clean_interests(self):
        tags = self.cleaned_data["interests"]
        if len(tags) > 15:
            raise ValidationError(_("Quinze centres d'intérêt au plus."))
        if any(len(tag) > 50 for tag in tags):
            raise ValidationError(_("Un centre d'intérêt fait 50 caractères au plus."))
        return tags

    def _clean_image(self, name):
        upload = self.cleaned_data.get(name)
        if upload and upload is not False and hasattr(upload, "content_type"):
            return reencode_image(upload)
        return upload

    def clean_avatar(self):
        return self._clean_image("avatar")

    def clean_organisation_logo(self):
        return self._clean_image("organisation_logo")

    def clean(self):
        data = super().clean()
        if data.get("is_organisation") and not data.get("organisation_name"):
            self.add_error("organisation_name", _("Indiquez le nom de la structure que vous représentez."))
        return data

    def save(self, commit=True):
        profile = super().save(commit=False)
        if "display_name" in self.changed_data:
            rename_profile(profile, self.cleaned_data["display_name"])
        for name in ("avatar", "organisation_logo"):
            if name in self.changed_data and self.initial.get(name):
                old = self.initial[name]
                if old and getattr(old, "name", None) and old.name != getattr(getattr(profile, name), "name", None):
                    old.storage.delete(old.name)
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mot de passe incorrect."))
        return password
