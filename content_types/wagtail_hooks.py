"""Admin screens of the app that are not pages: community memberships, iCalendar feeds and
what they imported."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
