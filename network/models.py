"""The network's national portal: one more Site whose pages read every territory.

The portal is not a territory: its root is a `PortalPage` (not a `HomePage`), so the
territories' roles, menus and listings never count it. Its pages list the territories
with their identity, the network-wide agenda and the network-wide map; the search page
(`/recherche/`) searches every territory when it is served on the portal's host.

A page shared between territories (a Wagtail alias) is listed once network-wide: by its
original, the one source of truth (`originals` below; sharing itself is network/sharing.py).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from content_types.core.base import IndexPage
from content_types.core.cards import images_with_renditions
from content_types.events.models import EventPage
from home.models import SiteIdentity
from members.territory import territories


def originals(pages):
    """`pages` without the aliases shared into other territories: each page once."""
    return pages.filter(alias_of__isnull=True)


def territories_with_identity():
    """The sites serving a live territory, by name, each with its identity."""
    sites = list(territories())
    identities = {
        identity.site_id: identity
        # The portal shows each logo at height-48: its rendition comes with it.
        for identity in SiteIdentity.objects.filter(site__in=sites).prefetch_related(
            Prefetch("logo", queryset=images_with_renditions("height-48"))
        )
    }
    for site in sites:
        site.identity = identities.get(site.pk) or SiteIdentity(site=site)
    return sites


class PortalPage(Page):
    """The home of the network's portal: the territories, what's next everywhere."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["network.NetworkAgendaPage", "network.NetworkMapPage", "home.LegalPage", "home.ContactPage"]

    class Meta:
        verbose_name = _("portail du réseau")
        verbose_name_plural = _("portails du réseau")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = {type(page): page for page in self.get_children().live().specific()}
        context["territories"] = territories_with_identity()
        context["agenda_page"] = children.get(NetworkAgendaPage)
        context["map_page"] = children.get(NetworkMapPage)
        context["upcoming_events"] = network_events()[:6]
        return context


def network_events():
    """Upcoming live, public events of every territory, each once, soonest first, as cards."""
    return originals(EventPage.objects.live().public()).upcoming().for_cards()


class NetworkAgendaPage(IndexPage):
    """« Agenda du réseau »: every territory's upcoming events, each shared event once."""

    parent_page_types = ["network.PortalPage"]
    subpage_types = []
    per_page = 12

    class Meta:
        verbose_name = _("agenda du réseau")
        verbose_name_plural = _("agendas du réseau")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = Paginator(network_events(), self.per_page).get_page(request.GET.get("page"))
        return context


class NetworkMapPage(IndexPage):
    """« Carte du réseau »: the map widget over every territory (the map API's `site=all`)."""

    parent_page_types = ["network.PortalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("carte du réseau")
        verbose_name_plural = _("cartes du réseau")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["map_api_url"] = request.build_absolute_uri("/api/v3/map/features")
        return context


def is_portal(site):
    """Whether `site` is the network's portal (its pages read every territory)."""
    return site is not None and site.root_page.specific_class is PortalPage
