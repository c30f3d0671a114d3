from wagtail import hooks
from wagtail.snippets.models import register_snippet

from content_types.events.admin import ICalSubscriptionViewSet, ImportedEventViewSet, run_button

register_snippet(ICalSubscriptionViewSet)
register_snippet(ImportedEventViewSet)
hooks.register("register_snippet_listing_buttons", run_button)
