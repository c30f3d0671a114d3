"""Who a page is by: an article's author, else the member who contributed it (Contribution).

A private profile is never linked: the byline then shows the display name alone.
"""

from members.models import Contribution


def page_author(page):
    """The member account a page is by, or None (pages by the territory's team)."""
    author_id = getattr(page, "author_id", None)
    if author_id:
        return page.author
    contribution = Contribution.objects.filter(page_id=page.pk).select_related("member__profile").first()
    return contribution.member if contribution else None


def profile_of(user):
    if user is None:
        return None
    try:
        return user.profile
    except user._meta.get_field("profile").related_model.DoesNotExist:
        return None


def linkable(profile):
    """Whether others may follow a link to this profile (public, of an active account)."""
    return profile is not None and profile.is_public and profile.user.is_active
