"""Open a territory: its Site, home page, every section, identity, collection, roles and workflow.

One function does it (`create_territory`), called by the `create_territory` command, the
superusers' admin form and the demo. It is idempotent: a second call with the same
arguments finds everything in place, changes nothing and says so.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _, gettext_lazy
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site, Workflow, WorkflowPage

from content_types.core import registry
from home.legal import ensure_legal_pages
from home.models import HomePage, SiteIdentity
from members.setup import ensure_territory_groups
from network.login import ensure_login_client

from .models import NetworkAgendaPage, NetworkMapPage, PortalPage

# The portal's own sections (it has no territory sections, roles or legal pages of its own).
PORTAL_SECTIONS = (
    (NetworkAgendaPage, gettext_lazy("Agenda du réseau"), "agenda",
     gettext_lazy("Les prochains événements de tous les territoires du réseau.")),
    (NetworkMapPage, gettext_lazy("Carte du réseau"), "carte",
     gettext_lazy("Les événements et les lieux à visiter de tous les territoires sur une carte.")),
)


class TerritoryError(Exception):
    """The territory cannot be opened as asked (the message says why, in French)."""


@dataclass
class TerritoryReport:
    home: HomePage = None
    site: Site = None
    created: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created)


def publish_child(parent, page, user=None):
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page


@transaction.atomic
def create_territory(name, hostname, port=80, slug=None, *, user=None, introduction="", portal=False):
    """Make (or complete) the territory `name` served at `hostname:port`; returns a TerritoryReport.

    With `portal`, the network's national portal instead: a Site whose root is a PortalPage
    (the territories with their identity, the network-wide agenda, map and search)."""
    name = (name or "").strip()
    hostname = (hostname or "").strip().lower()
    slug = slugify(slug or name)
    if not name:
        raise TerritoryError(_("Donnez un nom au territoire."))
    if not hostname or any(char in hostname for char in "/: "):
        raise TerritoryError(_("Nom d’hôte invalide : « %(host)s » (sans http:// ni port).") % {"host": hostname})
    if not slug:
        raise TerritoryError(_("Le nom du territoire doit contenir au moins une lettre ou un chiffre."))

    report = TerritoryReport()
    root = Page.get_first_root_node()
    site = Site.objects.filter(hostname=hostname, port=port).select_related("root_page").first()
    root_model = PortalPage if portal else HomePage
    home = root_model.objects.child_of(root).filter(slug=slug).first()
    if site is not None and not isinstance(site.root_page.specific, (HomePage, PortalPage)):
        # A site serving no territory (Wagtail's welcome page after install) is taken over.
        site.root_page = home or site.root_page
    elif site is not None and (home is None or site.root_page_id != home.pk):
        raise TerritoryError(
            _("Le nom d’hôte %(host)s:%(port)s est déjà utilisé par « %(site)s ».")
            % {"host": hostname, "port": port, "site": site.site_name or site.root_page.title}
        )
    if home is not None and Site.objects.filter(root_page=home).exclude(hostname=hostname, port=port).exists():
        raise TerritoryError(
            _("Le territoire « %(slug)s » existe déjà sous un autre nom d’hôte.") % {"slug": slug}
        )

    if home is None:
        home = publish_child(root, root_model(title=name, slug=slug, introduction=introduction, owner=user), user)
        report.created.append(_("page d’accueil « %(name)s »") % {"name": name})
    report.home = home

    if site is not None and site.root_page_id != home.pk:
        site.root_page, site.site_name = home, name
        site.save()
        report.created.append(_("site %(host)s:%(port)s (repris)") % {"host": hostname, "port": port})
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=name,
            is_default_site=not Site.objects.filter(is_default_site=True).exists(),
        )
        report.created.append(_("site %(host)s:%(port)s") % {"host": hostname, "port": port})
    report.site = site

    if portal:
        add_portal_sections(report, user)
    else:
        add_territory_sections(report, user)

    if ensure_legal_pages(home, user):
        report.created.append(_("mentions légales, politique de confidentialité et page de contact"))

    identity = SiteIdentity.for_site(site)
    if identity.pk is None or not identity.short_name:
        identity.short_name = name
        identity.save()
        report.created.append(_("identité du site"))

    if not portal:
        before = roles_footprint()
        ensure_territory_groups(home)
        if roles_footprint() != before:
            report.created.append(_("éditeurs, modérateurs, collection et circuit de modération"))
    report.created += ensure_login_client(site)
    return report


def add_territory_sections(report, user):
    """Every section of the registry the territory's home lacks."""
    existing = {type(page).__name__ for page in report.home.get_children().specific()}
    for section in registry.sections():
        if section.model_name in existing:
            continue
        publish_child(report.home, section.model(
            title=str(section.title), slug=section.slug, introduction=str(section.introduction),
            show_in_menus=section.in_menu, owner=user,
        ), user)
        report.created.append(_("rubrique « %(title)s »") % {"title": section.title})


def add_portal_sections(report, user):
    """The portal's network-wide agenda and map pages, those missing."""
    existing = {type(page) for page in report.home.get_children().specific()}
    for model, title, slug, introduction in PORTAL_SECTIONS:
        if model not in existing:
            publish_child(report.home, model(
                title=str(title), slug=slug, introduction=str(introduction), show_in_menus=True, owner=user,
            ), user)
            report.created.append(_("rubrique « %(title)s »") % {"title": title})


def roles_footprint():
    """How many groups, permissions, collections and workflows exist: changes when roles are added."""
    return (
        Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(),
        Collection.objects.count(), Workflow.objects.count(), WorkflowPage.objects.count(),
    )
