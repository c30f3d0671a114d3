"""The announcements' RSS feed: open announcements only, the listing's filters applied."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _


class AnnonceFeed(Feed):
    def get_object(self, request, index, items):
        self.request = request
        self.items_list = items
        return index

    def title(self, index):
        site = index.get_site()
        return _("%(section)s — %(site)s") % {"section": index.title, "site": site.site_name if site else ""}

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.introduction or _("Les annonces ouvertes du territoire.")

    def items(self, index):
        return self.items_list

    def item_title(self, item):
        return f"{item.kind.name} : {item.title}"

    def item_description(self, item):
        return _("%(summary)s (date limite : %(deadline)s)") % {
            "summary": item.summary, "deadline": item.deadline.strftime("%d/%m/%Y"),
        }

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.kind.name] + [tag.name for tag in item.tags.all()]
