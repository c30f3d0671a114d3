"""What a member's GDPR export says of their social activity, and what account deletion erases."""

from .models import Bookmark, Comment, Follow, Notification, SentDigest, SocialSettings


def member_comments(user):
    return [
        {
            "page": comment.page.title,
            "adresse": comment.page.url,
            "texte": comment.body,
            "publie_le": comment.created_at.isoformat(),
            "modifie_le": comment.edited_at.isoformat() if comment.edited_at else None,
            "masque_par_la_moderation": comment.is_hidden,
        }
        for comment in Comment.objects.filter(author=user, deleted_at__isnull=True).select_related("page")
    ]


def member_follows(user):
    rows = Follow.objects.filter(follower=user).select_related("member__profile", "page", "tag")
    result = []
    for follow in rows:
        if follow.member_id:
            profile = getattr(follow.member, "profile", None)
            result.append({"membre": profile.display_name if profile else "Ancien membre"})
        elif follow.page_id:
            result.append({"page": follow.page.title, "adresse": follow.page.url})
        else:
            result.append({"thematique": follow.tag.name})
    return result


def member_bookmarks(user):
    return [
        {"page": mark.page.title, "adresse": mark.page.url, "le": mark.created_at.isoformat()}
        for mark in Bookmark.objects.filter(user=user).select_related("page")
    ]


def member_settings(user):
    row = SocialSettings.objects.filter(user=user).first()
    return {
        "resume_par_email": row.digest if row else "aucun",
        "calendrier_prive_actif": bool(row and row.calendar_token),
        "notifications": Notification.objects.filter(recipient=user).count(),
    }


def erase_member(user):
    """On account deletion: their comments stay (« Ancien membre »), the rest of their social traces go."""
    Follow.objects.filter(follower=user).delete()
    Follow.objects.filter(member=user).delete()
    Bookmark.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    SocialSettings.objects.filter(user=user).delete()
    SentDigest.objects.filter(user=user).delete()
