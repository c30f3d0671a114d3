from wagtail import hooks
from wagtail.snippets.models import register_snippet

from content_types.events.admin import ICalSubscriptionViewSet, run_button

register_snippet(ICalSubscriptionViewSet)
hooks.register("register_snippet_listing_buttons", run_button)
