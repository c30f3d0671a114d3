"""The announcements' RSS feed: open announcements only, the listing's filters applied."""

from django.utils.translation import gettext as _

from content_types.core.feeds import PageFeed


class AnnonceFeed(PageFeed):
    def description(self, index):
        return index.introduction or _("Les annonces ouvertes du territoire.")

    def item_title(self, item):
        return f"{item.kind.name} : {item.title}"

    def item_description(self, item):
        return _("%(summary)s (date limite : %(deadline)s)") % {
            "summary": item.summary, "deadline": item.deadline.strftime("%d/%m/%Y"),
        }

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.kind.name] + [tag.name for tag in item.tags.all()]
