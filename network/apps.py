from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network of territories: opening one (`create_territory`), from the command line or the admin,
    the national portal, and pages shared between territories."""

    name = "network"
    verbose_name = _("Réseau des territoires")

    def ready(self):
        from . import login  # noqa: F401  (connects the network login's user_logged_in receiver)
        from . import signals

        signals.connect()
