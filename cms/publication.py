"""Pages that go live without Wagtail's publication signal.

Wagtail makes an alias live when it is created (sharing between territories, the admin's
« Copier » as an alias) and turns an alias into an ordinary page (« Convertir l'alias »)
without sending `page_published`, which it does send when it updates an alias. Sending it
here, as Wagtail does for aliases, lets every receiver follow: the map's stored features,
the page and fragment caches.
"""

from wagtail.signals import page_published


def announce_live(pages):
    """`page_published` for each live page of `pages` (no revision: nothing was published)."""
    for page in pages:
        if page.live:
            page = page.specific
            page_published.send(sender=type(page), instance=page, revision=None, alias=page.alias_of_id is not None)
