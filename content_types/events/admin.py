"""Editors manage iCalendar subscriptions as snippets and run one on demand (POST only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import ListingButton
from wagtail.models import GroupPagePermission
from wagtail.snippets.views.snippets import SnippetViewSet

from .ical_import import run_subscription
from .subscriptions import ICalSubscription, ImportedEvent


def can_run(user, subscription):
    """Those who may publish in the agenda the feed fills (its territory's editors and
    moderators; members may only add drafts there) and may change subscriptions."""
    if not user.has_perm("content_types.change_icalsubscription"):
        return False
    return subscription.agenda.permissions_for_user(user).can_publish_subpage()


def territories_of(user, subscriptions):
    """Rows whose agenda lies where `user` may publish: their territory's feeds only."""
    if user.is_superuser:
        return subscriptions
    paths = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page",
    ).values_list("page__path", flat=True)
    where = Q(pk__in=[])
    for page_path in paths:
        where |= Q(agenda__path__startswith=page_path)
    return subscriptions.filter(where)


@require_http_methods(["GET", "POST"])
def run_view(request, pk):
    subscription = get_object_or_404(ICalSubscription.objects.select_related("agenda"), pk=pk)
    if not can_run(request.user, subscription):
        raise PermissionDenied
    if request.method == "POST":
        report = run_subscription(subscription, user=request.user)
        level = {
            ICalSubscription.Outcome.SUCCESS: messages.success,
            ICalSubscription.Outcome.PARTIAL: messages.warning,
            ICalSubscription.Outcome.FAILED: messages.error,
        }[report.outcome]
        level(request, report.summary())
        return redirect(reverse(ICalSubscription.snippet_viewset.get_url_name("list")))
    return TemplateResponse(request, "content_types/admin/ical_run_confirm.html", {
        "subscription": subscription,
        "action_url": request.path,
        "cancel_url": reverse(ICalSubscription.snippet_viewset.get_url_name("list")),
    })


class ICalSubscriptionViewSet(SnippetViewSet):
    model = ICalSubscription
    icon = "calendar-alt"
    menu_label = _("Flux iCalendar")
    url_prefix = "content_types/icalsubscription"
    list_display = ["name", "agenda", "active", "last_run_at", "last_outcome"]
    list_filter = ["active", "last_outcome"]

    def get_queryset(self, request):
        return territories_of(request.user, ICalSubscription.objects.all()).select_related("agenda")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("run/<int:pk>/", run_view, name="run")]


class ImportedEventViewSet(SnippetViewSet):
    """What feeds created, to find the drafts whose place is still to be given."""

    model = ImportedEvent
    icon = "calendar-check"
    menu_label = _("Événements importés")
    url_prefix = "content_types/importedevent"
    list_display = ["event", "subscription", "needs_place", "cancelled", "last_seen_at"]
    list_filter = ["needs_place", "cancelled"]
    panels = [FieldPanel("needs_place")]

    def get_queryset(self, request):
        return territories_of(request.user, ImportedEvent.objects.all()).select_related("event", "subscription")


def run_button(snippet, user, next_url=None):
    if isinstance(snippet, ICalSubscription) and can_run(user, snippet):
        yield ListingButton(
            _("Importer maintenant"), reverse(ICalSubscription.snippet_viewset.get_url_name("run"), args=[snippet.pk]),
            icon_name="download", priority=5,
        )
