"""Sharing an event or a place of one territory on another's agenda or « À visiter ».

A shared page is a Wagtail alias (`Page.create_alias`'s action) under the receiving territory's
section: it has no content of its own, Wagtail republishes it whenever the original is
published (one source of truth), and Wagtail's unpublication of the original takes it
down too. Its page names the original as canonical (templates/base.html).

Editors of the receiving territory cannot see the other territories' trees, so every id
they submit is checked here, on the server: the section must be one they may publish
into (Wagtail's page permissions on their branch), the page a live, public original of
the matching type from another territory, not shared there yet.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.models import Page
from wagtail.search import index

from content_types.core import registry
from cms.ids import parse_id
from cms.publication import announce_live

from .models import originals

# The content types that may be shared, each into its section (AgendaPage, PlaceIndexPage).
SHAREABLE_TYPES = ("event", "place")
# Page paths are made of 4-character steps: a territory's home is the first two steps.
HOME_PATH_LENGTH = 2 * Page.steplen


class ShareError(Exception):
    """The share cannot be made or removed as asked (the message says why, in French)."""


@dataclass(frozen=True)
class Target:
    """A section of a territory its user may share into."""

    index: Page
    entry: object  # the registry entry of the type it receives

    @property
    def territory_path(self):
        return self.index.path[:HOME_PATH_LENGTH]


def section_models():
    """{section model: registry entry of the type it receives}."""
    return {registry.get(key).index_model: registry.get(key) for key in SHAREABLE_TYPES}


def targets_for(user):
    """The live sections (agendas, « À visiter ») of every territory `user` may publish into."""
    sections = section_models()
    pages = Page.objects.live().type(*sections).filter(depth=3).order_by("path").specific()
    return [
        Target(page, sections[type(page)]) for page in pages
        if page.permissions_for_user(user).can_publish_subpage()
    ]


def target_for(user, index_id):
    for target in targets_for(user):
        if str(target.index.pk) == str(index_id):
            return target
    raise ShareError(_("Vous ne pouvez pas partager dans cette rubrique."))


def candidates(target, query=""):
    """Live, public originals of the target's type from other territories, not shared there yet."""
    model = target.entry.model
    pages = (
        originals(model.objects.live().public())
        .exclude(path__startswith=target.territory_path)
        .exclude(pk__in=shares(target).values("alias_of_id"))
    )
    if query:
        pages = pages.filter(title__icontains=query)
    if target.entry.key == "event":
        return pages.upcoming()
    return pages.order_by("title")


def shares(target):
    """The pages shared into the target's section (its aliases)."""
    return target.entry.model.objects.child_of(target.index).filter(alias_of__isnull=False)


def territory_names():
    """{home page path: territory title}, to say where a candidate comes from."""
    return dict(Page.objects.filter(depth=2).values_list("path", "title"))


def unique_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


@transaction.atomic
def share(user, index_id, page_id):
    """Show page `page_id` in the section `index_id`; returns the alias."""
    target = target_for(user, index_id)
    source = candidates(target).filter(pk=parse_id(page_id)).first() if parse_id(page_id) is not None else None
    if source is None:
        raise ShareError(_(
            "Cette page ne peut pas être partagée ici : seuls les événements et lieux publiés d’un autre "
            "territoire, pas encore partagés dans cette rubrique, peuvent l’être."
        ))
    return share_page(source, target.index, user)


def share_page(source, section, user=None):
    """The alias of `source` under `section`, made if missing (no permission check: callers check)."""
    existing = Page.objects.child_of(section).filter(alias_of=source).first()
    if existing is not None:
        return existing
    # Wagtail's own check would ask for rights on the source's territory, which editors of
    # the receiving one do not have: `share` checked theirs.
    alias = CreatePageAliasAction(
        source, parent=section, update_slug=unique_slug(section, source.slug or slugify(source.title)), user=user,
    ).execute(skip_permission_checks=True)
    # Index it again now that its copied dates and tags are saved (the save signal ran before them),
    # and announce it: an alias goes live without Wagtail's publication signal.
    index.insert_or_update_object(alias.specific)
    announce_live([alias])
    return alias


@transaction.atomic
def unshare(user, alias_id):
    """Remove a shared page from a section the user may publish into; the original stays."""
    allowed = {target.index.pk for target in targets_for(user)}
    alias = Page.objects.filter(pk=parse_id(alias_id), alias_of__isnull=False).first() if parse_id(alias_id) is not None else None
    if alias is None or alias.get_parent().pk not in allowed:
        raise ShareError(_("Ce partage n’existe pas ou ne dépend pas de vous."))
    title = alias.title
    alias.delete()
    return title
