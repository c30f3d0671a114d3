from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    """What members do with each other's content: comments (post-moderated, reportable)."""

    name = "social"
    verbose_name = _("Interactions des membres")

    def ready(self):
        from members.profiles import register_export_section

        from . import notifications  # noqa: F401  (connects its receivers)
        from .exports import member_comments

        register_export_section("commentaires", member_comments)
