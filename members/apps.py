from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membres")

    def ready(self):
        from wagtail.models import get_page_models

        from . import signals  # noqa: F401
        from .page_forms import install

        install(get_page_models())
