"""The app's models, defined by content type in their own packages and gathered here for Django."""

from .annonces.models import AnnonceIndexPage, AnnonceKind, AnnoncePage, AnnoncePageTag  # noqa: F401
from .articles.models import ArticleIndexPage, ArticlePage, ArticlePageTag  # noqa: F401
from .communities.models import CommunityIndexPage, CommunityMembership, CommunityPage, CommunityPageTag  # noqa: F401
from .core.organisations import Organisation  # noqa: F401
from .dossiers.models import DossierIndexPage, DossierItem, DossierPage, DossierPageTag  # noqa: F401
from .events.models import AgendaPage, EventOccurrence, EventPage, EventPageTag  # noqa: F401
from .map.models import MapFeature, MapPage  # noqa: F401
from .places.models import OpeningHours, PlaceIndexPage, PlacePage, PlacePageTag  # noqa: F401
from .projects.models import (  # noqa: F401
    ProjectGalleryImage, ProjectIndexPage, ProjectPage, ProjectPageTag, ProjectRelatedPage,
)
from .events.subscriptions import ICalSubscription, ImportedEvent  # noqa: F401
from .open_data.models import OpenDataPage  # noqa: F401
