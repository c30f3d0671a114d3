"""What a territory's home page shows: each section as a bounded, prefetched list."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from content_types.core.cards import CARD_RENDITION, with_cards
from home import fragments
from content_types.models import (
    AgendaPage, AnnonceIndexPage, AnnoncePage, ArticleIndexPage, ArticlePage, CommunityIndexPage, CommunityPage,
    DossierIndexPage, DossierPage, EventPage, MapPage, PlaceIndexPage, PlacePage, ProjectIndexPage, ProjectPage,
)


def home_sections(home):
    # The private sections are read once (Wagtail's `public()` reads them at each call), and
    # the territory's sections in one query: the first live one of each type.
    private = Page.objects.private_q()
    by_type = {}
    for child in Page.objects.child_of(home).live().exclude(private).only("title", "url_path", "path", "depth",
                                                                           "content_type"):
        by_type.setdefault(child.content_type_id, child)

    def section(model):
        return by_type.get(ContentType.objects.get_for_model(model).pk)

    def in_territory(model):
        return model.objects.live().exclude(private).descendant_of(home)

    dossier = None
    if home.featured_dossier_id:
        dossier = with_cards(DossierPage.objects.live().exclude(private).filter(pk=home.featured_dossier_id)).first()
    if dossier is None:
        dossier = DossierPage.listing_cards(in_territory(DossierPage)).first()
    sections = {
        "upcoming_events": list(EventPage.listing_cards(in_territory(EventPage))[:6]),
        "latest_articles": list(ArticlePage.listing_cards(in_territory(ArticlePage))[:3]),
        "featured_places": list(with_cards(in_territory(PlacePage)).order_by("-first_published_at", "pk")[:4]),
        "featured_dossier": dossier,
        "agenda_page": section(AgendaPage),
        "article_index": section(ArticleIndexPage),
        "place_index": section(PlaceIndexPage),
        "dossier_index": section(DossierIndexPage),
        "map_page": section(MapPage),
        "latest_annonces": list(AnnoncePage.listing_cards(in_territory(AnnoncePage))[:3]),
        "annonce_index": section(AnnonceIndexPage),
        "featured_group": featured_group(in_territory),
        "project_index": section(ProjectIndexPage),
        "community_index": section(CommunityIndexPage),
    }
    for name in ("upcoming_events", "latest_articles", "featured_places", "latest_annonces"):
        fragments.cards_with_renditions(sections[name], CARD_RENDITION)
    fragments.cards_with_renditions([sections["featured_dossier"], sections["featured_group"]], CARD_RENDITION)
    return sections


def featured_group(in_territory):
    """« À la une »: the latest running project, else the community with the most members."""
    running = in_territory(ProjectPage).filter(status=ProjectPage.Status.RUNNING)
    project = ProjectPage.listing_cards(running).first()
    if project is not None:
        project.card_kind = "project"
        return project
    community = CommunityPage.listing_cards(in_territory(CommunityPage)).order_by("-member_count", "title").first()
    if community is not None:
        community.card_kind = "community"
    return community
