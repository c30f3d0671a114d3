"""Following members, pages (communities, sections) and themes; favourites (bookmarks).

« Ça m'intéresse » on an event and a bookmark on an article, dossier or place are one
model: a favourite page. The feed reads follows; the calendar reads favourite events.
"""

from django.contrib.contenttypes.models import ContentType

from content_types.core import registry

from .models import Bookmark, Follow

# The types a member may keep as a favourite; events say « Ça m'intéresse ».
BOOKMARKABLE = ("article", "event", "dossier", "place")


def bookmarkable_type(page):
    entry = registry.entry_for_model(page.specific_class)
    return entry is not None and entry.key in BOOKMARKABLE


def is_event(page):
    entry = registry.entry_for_model(page.specific_class)
    return entry is not None and entry.key == "event"


def content_type_ids():
    return [ContentType.objects.get_for_model(model).pk for model in registry.models()]


def toggle(model, **fields):
    """Create the row if missing, delete it if present; True when it now exists."""
    deleted, _rows = model.objects.filter(**fields).delete()
    if deleted:
        return False
    model.objects.create(**fields)
    return True


def toggle_follow(follower, **target):
    return toggle(Follow, follower=follower, **target)


def toggle_bookmark(user, page):
    return toggle(Bookmark, user=user, page=page)
