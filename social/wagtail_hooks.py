from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import admin_views, rules

admin_urls = (
    [
        path("", admin_views.queue, name="queue"),
        path("<int:comment_id>/masquer/", admin_views.hide, name="hide"),
        path("<int:comment_id>/retablir/", admin_views.restore, name="restore"),
        path("page/<int:page_id>/", admin_views.toggle_comments, name="toggle"),
    ],
    "social_admin",
)


@hooks.register("register_admin_urls")
def comment_moderation_urls():
    return [path("commentaires/", include(admin_urls))]


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def comment_moderation_menu_item():
    return ModeratorsMenuItem(
        _("Commentaires signalés"), reverse("social_admin:queue"), icon_name="comment", order=250,
    )


@hooks.register("register_page_header_buttons")
def comments_button(page, user, view_name, next_url=None):
    if rules.commentable_type(page) and page.permissions_for_user(user).can_publish():
        label = _("Rouvrir les commentaires") if rules.comments_closed(page) else _("Fermer les commentaires")
        yield Button(label, reverse("social_admin:toggle", args=[page.pk]), icon_name="comment", priority=80)
