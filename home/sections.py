"""What a territory's home page shows: each section as a bounded, prefetched list."""

from content_types.core.cards import with_cards
from content_types.models import (
    AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
    MapPage, PlaceIndexPage, PlacePage,
)


def home_sections(home):
    def section(model):
        return model.objects.live().public().child_of(home).first()

    def in_territory(model):
        return model.objects.live().public().descendant_of(home)

    dossier = None
    if home.featured_dossier_id:
        dossier = with_cards(DossierPage.objects.live().public().filter(pk=home.featured_dossier_id)).first()
    if dossier is None:
        dossier = DossierPage.listing_cards(in_territory(DossierPage)).first()
    return {
        "upcoming_events": list(EventPage.listing_cards(in_territory(EventPage))[:6]),
        "latest_articles": list(ArticlePage.listing_cards(in_territory(ArticlePage))[:3]),
        "featured_places": list(with_cards(in_territory(PlacePage)).order_by("-first_published_at", "pk")[:4]),
        "featured_dossier": dossier,
        "agenda_page": section(AgendaPage),
        "article_index": section(ArticleIndexPage),
        "place_index": section(PlaceIndexPage),
        "dossier_index": section(DossierIndexPage),
        "map_page": section(MapPage),
    }
