from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import sharing
from .views import create_territory_view, share_view


@hooks.register("register_admin_urls")
def territory_urls():
    return [
        path("territoires/ouvrir/", create_territory_view, name="network_create_territory"),
        path("territoires/partager/", share_view, name="network_share"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def territory_menu_item():
    return SuperuserMenuItem(
        _("Ouvrir un territoire"), reverse("network_create_territory"), icon_name="site", order=610,
    )


class ShareMenuItem(MenuItem):
    """Shown to whoever may publish into a territory's agenda or « À visiter »."""

    def is_shown(self, request):
        return bool(sharing.targets_for(request.user))


@hooks.register("register_admin_menu_item")
def share_menu_item():
    return ShareMenuItem(_("Partager entre territoires"), reverse("network_share"), icon_name="site", order=350)
