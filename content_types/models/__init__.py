"""Page models of the network, one module per content type."""

from .articles import ArticleIndexPage, ArticlePage, ArticlePageTag  # noqa: F401
from .dossiers import DossierIndexPage, DossierItem, DossierPage, DossierPageTag  # noqa: F401
from .events import AgendaPage, EventOccurrence, EventPage, EventPageTag  # noqa: F401
from .map import MapFeatureText, MapFeatureTextVersion, MapPage  # noqa: F401
from .organisations import Organisation  # noqa: F401
from .places import OpeningHours, PlaceIndexPage, PlacePage, PlacePageTag  # noqa: F401
