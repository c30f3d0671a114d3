from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentTypesConfig(AppConfig):
    name = "content_types"
    verbose_name = _("Contenus")

    def ready(self):
        from content_types.api import signals

        signals.connect()
