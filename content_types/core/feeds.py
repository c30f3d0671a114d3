"""What every RSS/Atom feed of a page shares (Django's syndication framework).

A section (agenda, articles, annonces) or a community serves its own feed: the page's
route instantiates the feed per request and calls it with itself, and with the items it
already filtered when the listing's filters apply to the feed too.
"""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _


class PageFeed(Feed):
    def get_object(self, request, page, items=None):
        self.request, self.items_list = request, items
        return page

    def title(self, page):
        site = page.get_site()
        return _("%(section)s — %(site)s") % {"section": page.title, "site": site.site_name if site else ""}

    def link(self, page):
        return page.get_full_url(self.request)

    def items(self, page):
        return self.items_list

    def item_link(self, item):
        return item.get_full_url(self.request)
