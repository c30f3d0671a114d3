from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    """What members do with each other's content: comments (post-moderated, reportable)."""

    name = "social"
    verbose_name = _("Interactions des membres")

    def ready(self):
        from content_types.core.cards import register_card_annotations
        from members.profiles import register_erasure, register_export_section

        from . import notifications  # noqa: F401  (connects its receivers)
        from .counts import comment_count
        from .exports import erase_member, member_bookmarks, member_comments, member_follows, member_settings

        register_export_section("commentaires", member_comments)
        register_export_section("abonnements", member_follows)
        register_export_section("favoris", member_bookmarks)
        register_export_section("preferences_sociales", member_settings)
        register_erasure(erase_member)
        register_card_annotations("comment_count", comment_count)  # every listing card's count
