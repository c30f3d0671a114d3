"""The agenda's upcoming events as RSS 2.0, with Django's syndication framework.

Instantiated per request by AgendaPage's `rss` route, which passes itself and the same
filter form as the page and its iCalendar feed, so a filtered agenda's feed lists the
same events. Each item says when and where before the summary: a feed reader shows
nothing else of the event.
"""

from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from content_types.core.feeds import PageFeed


def when(event):
    start = timezone.localtime(event.next_start)
    if event.next_all_day:
        return date_format(start, "l j F Y")
    return f"{date_format(start, 'l j F Y')}, {start.hour}\u00a0h\u00a0{start:%M}"


class UpcomingEventFeed(PageFeed):
    feed_type = Rss201rev2Feed
    limit = 50

    def description(self, agenda):
        return agenda.introduction or _("Les prochains événements du territoire.")

    def feed_url(self, agenda):
        return self.request.build_absolute_uri()

    def items(self, agenda):
        return list(self.items_list[: self.limit])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        place = item.venue.title if item.venue_id else ", ".join(part for part in (item.address, item.city) if part)
        lines = [when(item)]
        if place:
            lines.append(place)
        lines.append(item.summary)
        return " — ".join(lines)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
