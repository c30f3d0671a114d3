"""The public content types of a territory and their index pages, listed once.

Search facets, « Je contribue », members' contribution states, the moderators' and
contributors' permissions, theme pages and the map all ask this module which types
exist; adding a type is one entry here plus its model. Models are named by label and
resolved on use, so this module sits below the models and imports none of them.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ContentTypeEntry:
    key: str  # public name: search facet, map feature type, URL parameter values
    page_model_name: str  # model name inside the content_types app, e.g. "EventPage"
    index_model_name: str  # the section page it lives under, e.g. "AgendaPage"
    label: str  # plural, for facets and headings
    contribute_label: str  # « Je contribue »: what a member may create
    contribute_help: str
    contributable: bool = True
    on_map: bool = False
    # Shown when a map client names no `type` (the contract's original types only).
    on_map_by_default: bool = True
    in_dossiers: bool = True  # may be chosen in a dossier's selection
    commentable: bool = False  # members comment on its pages (social/)
    # The section (index page) a new territory gets: title and slug default to the label.
    section_title: str = ""
    section_slug: str = ""
    section_introduction: str = ""
    in_communities: bool = False  # may be attached to communities (has a `communities` field)

    @property
    def model(self):
        return apps.get_model("content_types", self.page_model_name)

    @property
    def index_model(self):
        return apps.get_model("content_types", self.index_model_name)

    @property
    def map_features(self):
        """How this type shows on the map (`on_map` types): the `map_features` module beside
        its model, e.g. content_types/events/map_features.py (see content_types/api/features.py)."""
        return import_module(self.model.__module__.rpartition(".")[0] + ".map_features")

    @property
    def model_name(self):
        """Django's lowercase model name, as in admin URLs and content types."""
        return self.page_model_name.lower()

    @property
    def index_model_name_lower(self):
        return self.index_model_name.lower()

    @property
    def section(self):
        title = self.section_title or self.label
        return Section(self.index_model_name, title, self.section_slug or slugify(str(title)), self.section_introduction)


@dataclass(frozen=True)
class Section:
    """A page every territory has under its home page, in menu order."""

    model_name: str
    title: str
    slug: str
    introduction: str = ""
    in_menu: bool = True  # in the main menu (else linked from the footer)

    @property
    def model(self):
        return apps.get_model("content_types", self.model_name)


CONTENT_TYPES = (
    ContentTypeEntry(
        "article", "ArticlePage", "ArticleIndexPage", _("Articles"),
        _("Un article"), _("Une actualité, un portrait, une découverte."), commentable=True,
        in_communities=True,
        section_introduction=_(
            "Les articles des membres et de l’équipe : actualités de la recherche, portraits, découvertes."
        ),
    ),
    ContentTypeEntry(
        "event", "EventPage", "AgendaPage", _("Événements"),
        _("Un événement"), _("Une conférence, un atelier, une visite, avec ses dates et son lieu."),
        on_map=True, in_communities=True, commentable=True, section_title=_("Agenda"), section_slug="agenda",
        section_introduction=_(
            "Conférences, ateliers, visites et festivals : toutes les sorties scientifiques du territoire."
        ),
    ),
    ContentTypeEntry(
        "place", "PlacePage", "PlaceIndexPage", _("Lieux à visiter"),
        _("Un lieu à visiter"), _("Proposez un musée, un jardin, un laboratoire ouvert au public."),
        on_map=True, section_title=_("À visiter"), section_slug="a-visiter",
        section_introduction=_("Musées, jardins, laboratoires, observatoires : les lieux de science ouverts au public."),
    ),
    ContentTypeEntry(
        "dossier", "DossierPage", "DossierIndexPage", _("Dossiers"),
        _("Un dossier"), _("Une sélection d'articles, d'événements et de lieux sur un thème."),
        in_dossiers=False, in_communities=True,
        section_introduction=_(
            "Des sélections thématiques d’articles, d’événements et de lieux pour approfondir un sujet."
        ),
    ),
    ContentTypeEntry(
        "annonce", "AnnoncePage", "AnnonceIndexPage", _("Annonces"),
        _("Une annonce"), _("Une offre de stage ou d'emploi, un appel à projets, à participation ou à bénévoles."),
        in_communities=True, commentable=True,
        section_introduction=_(
            "Offres de stage et d’emploi, appels à projets, à participation ou à bénévoles du réseau."
        ),
    ),
    ContentTypeEntry(
        "project", "ProjectPage", "ProjectIndexPage", _("Projets"),
        _("Un projet"), _("Ce que vous construisez avec une équipe et des partenaires."),
        in_communities=True, on_map=True, on_map_by_default=False, commentable=True,
        section_introduction=_(
            "Ce que construisent les membres du réseau avec leurs partenaires : sciences participatives, "
            "expositions, ateliers."
        ),
    ),
    ContentTypeEntry(
        "community", "CommunityPage", "CommunityIndexPage", _("Communautés"),
        _("Une communauté"), _("Des membres réunis autour d'un thème."),
        contributable=False, in_dossiers=False,
        section_introduction=_(
            "Des membres réunis autour d’un thème : rejoignez-les, suivez leur fil, partagez vos contenus."
        ),
    ),
)

# Sections that list no content type of their own; they follow the types' sections in menus.
OTHER_SECTIONS = (
    Section("MapPage", _("Carte"), "carte", _("Tous les événements et lieux à visiter du territoire sur une carte.")),
    Section(
        "OpenDataPage", _("Données ouvertes"), "donnees-ouvertes",
        _("L’agenda et les lieux à visiter du territoire, à télécharger et à réutiliser librement "
          "(CSV, GeoJSON, iCalendar)."),
        in_menu=False,
    ),
)

BY_KEY = {entry.key: entry for entry in CONTENT_TYPES}


def entries():
    return CONTENT_TYPES


def get(key):
    return BY_KEY[key]


def models():
    return [entry.model for entry in CONTENT_TYPES]


def entry_for_model(model):
    for entry in CONTENT_TYPES:
        if entry.page_model_name == model.__name__:
            return entry
    return None


def contributable():
    return [entry for entry in CONTENT_TYPES if entry.contributable]


def dossier_item_types():
    return [entry for entry in CONTENT_TYPES if entry.in_dossiers]


def page_type_labels(entries_):
    """"app_label.ModelName" strings, as Wagtail's page choosers and parent/subpage rules take them."""
    return [f"content_types.{entry.page_model_name}" for entry in entries_]


def sections():
    """Every section a territory has, in menu order: one per content type, then the others."""
    return [entry.section for entry in CONTENT_TYPES] + list(OTHER_SECTIONS)


def community_item_types():
    """Types that can be attached to communities and appear in their feeds."""
    return [entry for entry in CONTENT_TYPES if entry.in_communities]


def map_types():
    return [entry for entry in CONTENT_TYPES if entry.on_map]
