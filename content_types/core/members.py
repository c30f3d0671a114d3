"""Choosing members in the editor by their public name, never by their e-mail address."""

from django import forms
from django.contrib.auth import get_user_model


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        profile = getattr(user, "profile", None)
        return profile.display_name if profile is not None else user.get_full_name() or "—"


def members_with_profiles():
    return (
        get_user_model().objects.filter(is_active=True, profile__isnull=False)
        .select_related("profile").order_by("profile__display_name")
    )


def use_member_choices(form, field_name):
    """Turn a user many-to-many field of `form` into a list of members by public name."""
    field = form.fields.get(field_name)
    if field is None:
        return
    form.fields[field_name] = MemberChoiceField(
        queryset=members_with_profiles(), required=field.required, label=field.label,
        help_text=field.help_text, widget=forms.SelectMultiple(attrs={"size": 8}),
    )
