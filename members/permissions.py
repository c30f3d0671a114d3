"""Who counts as a plain contributor, and what a member may do."""

from allauth.account.models import EmailAddress
from wagtail.models import GroupPagePermission

CONTRIBUTORS_GROUP = "Contributeurs"
MODERATORS_GROUP_PREFIX = "Modérateurs"
EDITORS_GROUP_PREFIX = "Éditeurs"


def has_confirmed_email(user):
    """Only an address the member proved they read lets them contribute."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def is_plain_contributor(user):
    """A member whose page rights all come from « Contributeurs » (not an editor, moderator, admin).

    Cached on the user object: the admin guard asks on every admin request.
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_members_plain_contributor", None)
    if cached is None:
        cached = not GroupPagePermission.objects.filter(group__user=user).exclude(
            group__name=CONTRIBUTORS_GROUP
        ).exists()
        user._members_plain_contributor = cached
    return cached


def can_contribute(user):
    return (
        user.is_authenticated and user.is_active and has_confirmed_email(user)
        and (user.is_superuser or user.groups.filter(name=CONTRIBUTORS_GROUP).exists()
             or user.has_perm("wagtailadmin.access_admin"))
    )
