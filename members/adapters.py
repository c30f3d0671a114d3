"""allauth's hooks into our accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Accounts made by signing up must prove their address; accounts an administrator
        # creates (seed, createsuperuser, Wagtail's user admin) are trusted (see signals).
        user._self_signup = True
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request) or reverse("members:dashboard")
