"""What a member's GDPR export says of their comments."""

from .models import Comment


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
