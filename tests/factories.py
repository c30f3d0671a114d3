"""The one place tests make pages and members.

Every test that needs an event, a place, an article or an account calls these functions;
the fixtures of the conftest files (`make_event`, `draft_event`, `add_event`, …) are thin
names over them, each with the defaults its tests were written against. A page is added
under its section and saved as a revision, then published as the admin's « Publier » does
(so Wagtail's signals run: search index, map cache, renditions) unless `live=False`.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from content_types.models import (
    AgendaPage, ArticleIndexPage, ArticlePage, EventOccurrence, EventPage, PlaceIndexPage, PlacePage,
)
from members.models import Contribution

PASSWORD = "un-mot-de-passe-solide-42"
ORLEANS = "SRID=4326;POINT(1.9093 47.9029)"


def site(hostname="localhost"):
    return Site.objects.select_related("root_page").get(hostname=hostname)


def section(model, hostname="localhost"):
    """The territory's index page of one content type (its agenda, its places…)."""
    return model.objects.descendant_of(site(hostname).root_page).get()


def agenda_of(hostname="localhost"):
    return section(AgendaPage, hostname)


def places_of(hostname="localhost"):
    return section(PlaceIndexPage, hostname)


def articles_of(hostname="localhost"):
    return section(ArticleIndexPage, hostname)


def add_page(parent, page, *, live=True, user=None):
    """Add `page` under `parent` with a first revision, published unless `live=False`; read back."""
    if not live:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if live:
        revision.publish()
    return type(page).objects.get(pk=page.pk)


def occurrences(days, *, at=None, duration=timedelta(hours=2)):
    """One occurrence `day` days after `at` (default: now, to the second) for each of `days`."""
    at = at or timezone.now().replace(microsecond=0)
    return [
        EventOccurrence(start=at + timedelta(days=day), end=at + timedelta(days=day) + duration, sort_order=n)
        for n, day in enumerate(days)
    ]


def make_event(title, *, days=(3,), at=None, duration=timedelta(hours=2), parent=None, hostname="localhost",
               tags=(), live=True, owner=None, **fields):
    """An event whose occurrences start `days` days after `at` (negative: in the past), under
    `parent` (default: the agenda of the territory served on `hostname`). Its map point is
    Orléans unless `location` or `venue` say otherwise."""
    fields.setdefault("slug", slugify(title))
    fields.setdefault("summary", f"Résumé de {title}")
    if "location" not in fields:
        fields["location"] = "" if fields.get("venue") else ORLEANS
    page = EventPage(title=title, owner=owner, **fields)
    page.occurrences = occurrences(days, at=at, duration=duration)
    page.tags.add(*tags)
    return add_page(parent or agenda_of(hostname), page, live=live, user=owner)


def make_place(title, *, parent=None, hostname="localhost", tags=(), live=True, owner=None, **fields):
    fields.setdefault("slug", slugify(title))
    fields.setdefault("summary", f"Résumé de {title}")
    fields.setdefault("kind", "musee")
    fields.setdefault("location", ORLEANS)
    page = PlacePage(title=title, owner=owner, **fields)
    page.tags.add(*tags)
    return add_page(parent or places_of(hostname), page, live=live, user=owner)


def make_article(title, *, parent=None, hostname="localhost", tags=(), body_text="", live=True, owner=None,
                 **fields):
    fields.setdefault("slug", slugify(title))
    page = ArticlePage(title=title, owner=owner, **fields)
    if body_text:
        page.body = [("paragraph", f"<p>{body_text}</p>")]
    page.tags.add(*tags)
    return add_page(parent or articles_of(hostname), page, live=live, user=owner)


def contribute(page, member):
    """Record `page` as `member`'s contribution, as « Je contribue » does."""
    Contribution.objects.create(page=page, member=member, site=page.get_site())
    return page


def draft_event(parent, owner, title="Atelier des curieux", contribution=True):
    """A member's unpublished event, ten days from now, recorded as their contribution."""
    page = make_event(
        title, parent=parent, owner=owner, live=False, days=(10,), summary="Un atelier.",
        address="1 rue de la Science", city="Orléans", location="SRID=4326;POINT(1.909 47.902)",
    )
    return contribute(page, owner) if contribution else page


def draft_article(parent, owner, title="Les abeilles et nous", contribution=True):
    """A member's unpublished article, recorded as their contribution."""
    page = make_article(title, parent=parent, owner=owner, author=owner, live=False, summary="Un article.")
    return contribute(page, owner) if contribution else page


def make_user(email, *, confirmed=True, groups=(), superuser=False, **extra):
    """A member who signed up with `email` and PASSWORD; confirmed members are « Contributeurs »."""
    User = get_user_model()
    user = User(email=email, first_name=extra.pop("first_name", "Prénom"), last_name=extra.pop("last_name", "Nom"),
                is_superuser=superuser, is_staff=superuser, **extra)
    user._self_signup = True  # as if signed up: nothing confirmed unless said so below
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=confirmed, primary=True)
    if confirmed:
        user.groups.add(Group.objects.get(name="Contributeurs"))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return get_user_model().objects.get(pk=user.pk)
