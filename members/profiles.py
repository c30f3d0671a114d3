"""Creating profiles, and the two GDPR rights members exercise themselves: export and erasure."""

import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from content_types.models import CommunityMembership

from .models import MemberProfile


def unique_slug(name, exclude_pk=None):
    base = (slugify(name) or "membre")[:70]
    slug, number = base, 1
    taken = MemberProfile.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def public_profiles():
    """Profiles others may see, list and link to: public, of an active account."""
    return MemberProfile.objects.filter(is_public=True, user__is_active=True)


def create_profile(user, display_name=None):
    name = display_name or user.get_full_name() or _("Membre")
    profile, _created = MemberProfile.objects.get_or_create(
        user=user, defaults={"display_name": name, "slug": unique_slug(name)}
    )
    return profile


def rename_profile(profile, display_name):
    profile.display_name = display_name
    profile.slug = unique_slug(display_name, exclude_pk=profile.pk)
    profile.save(update_fields=["display_name", "slug"])


# Other apps add what they keep about a member (social/: comments…): name → callable(user).
EXPORT_SECTIONS = {}


def register_export_section(name, collect):
    EXPORT_SECTIONS[name] = collect


# Other apps erase what they keep about a member when the account is deleted: callable(user).
ERASURES = []


def register_erasure(erase):
    ERASURES.append(erase)


def export_data(user):
    """Everything the platform keeps about a member, as plain JSON-ready data."""
    from allauth.account.models import EmailAddress

    from .states import contribution_rows

    profile = getattr(user, "profile", None)
    return {
        "compte": {
            "email": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
            "adresses_email": [
                {"email": a.email, "confirmee": a.verified, "principale": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "profil": None if profile is None else {
            "adresse": profile.get_absolute_url(),
            "nom_affiche": profile.display_name,
            "presentation": profile.bio,
            "centres_interet": sorted(profile.interests.names()),
            "liens": profile.link_list(),
            "structure": profile.organisation_name if profile.is_organisation else None,
            "profil_public": profile.is_public,
            "territoire_de_rattachement": (
                profile.home_territory.site_name or profile.home_territory.hostname if profile.home_territory else None
            ),
            "avatar": profile.avatar.name or None,
            "logo": profile.organisation_logo.name or None,
        },
        "communautes": [
            {"communaute": membership.community.title, "etat": membership.get_status_display(),
             "depuis_le": membership.created_at.isoformat()}
            for membership in CommunityMembership.objects.filter(member=user).select_related("community")
        ],
        "contributions": [
            {
                "titre": row["page"].get_admin_display_title(),
                "type": str(row["page"].specific_class._meta.verbose_name) if row["page"].specific_class else "",
                "etat": str(row["label"]),
                "commentaire": row["comment"],
                "territoire": row["site"].site_name if row["site"] else None,
                "creee_le": row["created_at"].isoformat() if row["created_at"] else None,
            }
            for row in contribution_rows(user)
        ],
        **{name: collect(user) for name, collect in EXPORT_SECTIONS.items()},
    }


FORMER_MEMBER_FIRST_NAME = "Ancien"
FORMER_MEMBER_LAST_NAME = "membre"


@transaction.atomic
def delete_account(user):
    """Erase a member's personal data but keep what they published.

    The account row stays, anonymised, so published pages (author, owner, revisions)
    keep pointing at someone who now reads « Ancien membre »; drafts are deleted.
    """
    from allauth.account.models import EmailAddress

    owned = Page.objects.filter(owner=user)
    for page in owned.filter(live=False).specific():
        if page.pk and Page.objects.filter(pk=page.pk).exists():
            page.delete()
    for page in Page.objects.filter(owner=user, live=True):
        state = page.current_workflow_state
        if state:
            state.cancel(user=user)

    # Belonging to a community is personal data, unlike what was published there.
    CommunityMembership.objects.filter(member=user).delete()
    user.moderated_communities.clear()

    for erase in ERASURES:
        erase(user)
    profile = getattr(user, "profile", None)
    if profile is not None:
        profile.delete_files()
        profile.delete()
    EmailAddress.objects.filter(user=user).delete()
    try:
        from wagtail.users.models import UserProfile

        wagtail_profile = UserProfile.objects.filter(user=user).first()
        if wagtail_profile is not None:
            if wagtail_profile.avatar:
                wagtail_profile.avatar.delete(save=False)
            wagtail_profile.delete()
    except ImportError:
        pass
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"ancien-membre-{uuid.uuid4().hex}@invalid"
    user.first_name = FORMER_MEMBER_FIRST_NAME
    user.last_name = FORMER_MEMBER_LAST_NAME
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    get_user_model().objects.filter(pk=user.pk).update(last_login=None)
