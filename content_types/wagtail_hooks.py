"""Admin screens of the app that are not pages (community memberships, iCalendar feeds and
what they imported), and the publication signal of aliases made or converted by the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.publication import announce_live
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
def announce_aliases(request, page, new_page):
    """An alias (« Copier » as an alias, subpages included) is live without Wagtail's
    publication signal, which a copy kept live does send."""
    if new_page.alias_of_id:
        announce_live(new_page.get_descendants(inclusive=True))


@hooks.register("after_convert_alias_page")
def announce_converted_alias(request, page):
    """An alias made an ordinary page: it now shows on network-wide listings and maps."""
    announce_live([page])
