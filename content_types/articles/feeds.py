"""RSS 2.0 and Atom feeds of a territory's articles, with Django's syndication framework."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from content_types.core.feeds import PageFeed


class ArticleFeed(PageFeed):
    """Instantiated per request by ArticleIndexPage's route, which passes itself as `index`."""

    feed_type = Rss201rev2Feed
    limit = 30

    def description(self, index):
        return index.introduction or _("Les derniers articles du territoire.")

    subtitle = description

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return list(index.get_articles().prefetch_related("tags")[: self.limit])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        # The article's own date at 9:00 Paris time, so feeds and the page agree.
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        if item.author_id:
            return item.author.get_full_name() or str(item.author)
        return None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
