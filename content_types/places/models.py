from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from content_types.core.api_fields import OrganisationField
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import with_cards
from content_types.core.filters import query_without
from content_types.core.geo import AddressPanel, MapPointMixin, MapPointPanel

from .filters import PlaceFilterForm
from .jsonld import place_data


class PlaceIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.PlacePage"]

    class Meta:
        verbose_name = _("liste des lieux à visiter")
        verbose_name_plural = _("listes des lieux à visiter")

    def get_context(self, request, *args, **kwargs):
        """Filter by kind and town through GET parameters, one URL per filter state."""
        context = super().get_context(request, *args, **kwargs)
        places = PlacePage.objects.live().public().child_of(self)
        towns = sorted(set(places.exclude(city="").values_list("city", flat=True)))
        form = PlaceFilterForm(request.GET or None, towns=towns, kinds=PlacePage.Kind.choices)
        filtered = PlacePage.listing_cards(form.filter_places(places))
        context["filter_form"] = form
        context["places"] = Paginator(filtered, 24).get_page(request.GET.get("page"))
        context["filter_query"] = query_without(request.GET, "page")
        return context


class PlacePageTag(TaggedItemBase):
    content_object = ParentalKey("PlacePage", related_name="tagged_items", on_delete=models.CASCADE)


class PlacePage(MapPointMixin, ContentPage):
    """A place to visit: a museum, a lab open to visitors, a garden…"""

    schema_type = "Place"

    class Kind(models.TextChoices):
        MUSEUM = "musee", _("Musée")
        SCIENCE_CENTRE = "centre-sciences", _("Centre de sciences")
        LAB = "laboratoire", _("Laboratoire")
        PLANETARIUM = "planetarium", _("Planétarium")
        OBSERVATORY = "observatoire", _("Observatoire")
        GARDEN = "jardin", _("Jardin")
        LIBRARY = "bibliotheque", _("Bibliothèque")
        HERITAGE = "patrimoine", _("Site patrimonial")
        OTHER = "autre", _("Autre lieu")

    kind = models.CharField(_("type de lieu"), max_length=30, choices=Kind.choices, default=Kind.MUSEUM, db_index=True)
    organisation = models.ForeignKey(
        "content_types.Organisation", verbose_name=_("structure gestionnaire"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="places",
    )
    opening_notes = models.CharField(
        _("précisions sur les horaires"), max_length=255, blank=True,
        help_text=_("Par exemple : fermé les jours fériés, ouvert sur réservation."),
    )
    website = models.URLField(_("site web"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wheelchair_accessible = models.BooleanField(_("accessible en fauteuil roulant"), default=False)
    accessibility = models.TextField(_("accessibilité"), blank=True, help_text=_("Handicaps pris en compte, équipements, accueil."))
    tags = ClusterTaggableManager(through=PlacePageTag, blank=True, verbose_name=_("thématiques"))

    content_panels = ContentPage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                AddressPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                MapPointPanel("location", address_field="address"),
            ],
            heading=_("Adresse et point sur la carte"),
        ),
        MultiFieldPanel(
            [InlinePanel("opening_hours", label=_("Créneau d'ouverture")), FieldPanel("opening_notes")],
            heading=_("Horaires d'ouverture"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [FieldPanel("wheelchair_accessible"), FieldPanel("accessibility")], heading=_("Accessibilité")
        ),
    ] + ContentPage.body_panels

    search_fields = ContentPage.search_fields + [
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("city"),
    ]

    api_fields = ContentPage.api_fields + MapPointMixin.api_fields + [
        APIField("kind"),
        APIField("organisation", serializer=OrganisationField()),
        APIField("opening_hours"),
        APIField("opening_notes"),
        APIField("website"),
        APIField("phone"),
        APIField("email"),
        APIField("wheelchair_accessible"),
        APIField("accessibility"),
    ]

    parent_page_types = ["content_types.PlaceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lieu à visiter")
        verbose_name_plural = _("lieux à visiter")
        indexes = MapPointMixin.Meta.indexes

    @classmethod
    def listing_cards(cls, queryset):
        return with_cards(queryset).order_by("title", "pk")

    def upcoming_events(self, limit=6):
        return list(self.events.live().public().upcoming().for_cards()[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["opening_hours"] = list(self.opening_hours.all())
        context["upcoming_events"] = self.upcoming_events()
        context["jsonld"] = place_data(self, request)
        return context

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Events held here take their map point from the venue: keep them in step, but only
        # when the live row is written (a draft revision saves with update_fields and must
        # not move published events).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"location", "city"} & set(update_fields):
            self.events.update(
                latitude=self.latitude, longitude=self.longitude, city=self.city
            )


class OpeningHours(Orderable):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Lundi")
        TUESDAY = 1, _("Mardi")
        WEDNESDAY = 2, _("Mercredi")
        THURSDAY = 3, _("Jeudi")
        FRIDAY = 4, _("Vendredi")
        SATURDAY = 5, _("Samedi")
        SUNDAY = 6, _("Dimanche")

    place = ParentalKey(PlacePage, related_name="opening_hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    api_fields = [APIField("weekday"), APIField("opens"), APIField("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("créneau d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("L'heure de fermeture doit suivre l'heure d'ouverture.")})
