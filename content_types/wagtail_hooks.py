"""Admin screens of the app that are not pages (community memberships, iCalendar feeds and
what they imported), and the map's features of aliases made by the admin's « Copier »."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content_types.api import cache as map_cache, store as map_store
from content_types.events.admin import ICalSubscriptionViewSet, ImportedEventViewSet, run_button

from .models import CommunityMembership


class CommunityMembershipViewSet(SnippetViewSet):
    model = CommunityMembership
    icon = "group"
    menu_label = _("Adhésions")
    list_display = ["member", "community", "status", "created_at"]
    list_filter = ["status"]
    list_per_page = 50
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return CommunityMembership.objects.select_related("member", "community")


register_snippet(CommunityMembershipViewSet)
register_snippet(ICalSubscriptionViewSet)
register_snippet(ImportedEventViewSet)
hooks.register("register_snippet_listing_buttons", run_button)


@hooks.register("after_copy_page")
def write_map_features_of_aliases(request, page, new_page):
    """An alias (« Copier » as an alias, subpages included) is live at once without
    Wagtail's publication signal, which a copy kept live does send: write its features."""
    if new_page.alias_of_id:
        map_store.write_subtree(new_page)
        map_cache.new_generation()


@hooks.register("after_convert_alias_page")
def write_map_feature_of_converted_alias(request, page):
    """An alias made an ordinary page (no publication): it now shows on network-wide maps."""
    map_store.write_subtree(page)
    map_cache.new_generation()
