"""Admin screens of the app that are not pages: community memberships, for the network's editors."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
