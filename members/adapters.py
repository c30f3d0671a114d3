"""allauth's hooks into our accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    # allauth's French catalogue lacks this one: the locked-out member must understand why.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées : réessayez dans un quart d'heure."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the per-account lock-out on "<host>:<login>", and without
        # django.contrib.sites the host is the request's Host header: five failures under
        # one host left the account open under another host or port. The lock-out follows
        # the account whatever the host (tests/members/test_attacks.py pins this).
        login = credentials.get("email", credentials.get("username", "")) or ""
        return login.strip().lower()

    def save_user(self, request, user, form, commit=True):
        # Accounts made by signing up must prove their address; accounts an administrator
        # creates (seed, createsuperuser, Wagtail's user admin) are trusted (see signals).
        user._self_signup = True
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request) or reverse("members:dashboard")
