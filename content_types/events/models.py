from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from content_types.communities.attach import CommunityAttachable, CommunityAttachmentForm
from content_types.core.api_fields import OrganisationField, PageSummaryField
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import CARD_RENDITION
from content_types.core.filters import query_without
from content_types.core.geo import AddressPanel, MapPointMixin, MapPointPanel, parse_point
from content_types.places.models import PlacePage
from home import fragments

from . import ics, jsonld
from .feeds import UpcomingEventFeed
from .filters import AgendaFilterForm
from .queryset import EventPageQuerySet


class AgendaPage(RoutablePageMixin, IndexPage):
    """The agenda: upcoming events with combinable filters, its archive and its iCalendar feed.

    The three share one filter form so a filtered page, its archive and the feed a reader
    subscribes to always list the same events.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.EventPage"]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    per_page = 12
    feed_limit = 500

    def filter_form(self, request):
        def choices():
            """The themes and towns of this agenda's events (kept until the next publication)."""
            events = EventPage.objects.live().public().child_of(self)
            tags = list(Tag.objects.filter(
                pk__in=EventPageTag.objects.filter(content_object__in=events).values("tag_id")
            ).order_by("name"))
            towns = {venue_city or own_city for venue_city, own_city
                     in events.values_list("venue__city", "city").order_by().distinct()}
            towns.discard("")
            towns.discard(None)
            return tags, sorted(towns)

        tags, towns = fragments.cached(request, f"agenda-filters:{self.pk}", choices)
        return AgendaFilterForm(
            request.GET or None, tags=tags, towns=towns, audiences=EventPage.Audience.choices,
        )

    def listing_context(self, request, archive=False):
        form = self.filter_form(request)
        events = form.filter_events(EventPage.objects.live().public().child_of(self))
        events = events.past() if archive else events.in_window(*form.window())
        page_obj = Paginator(events.for_cards(), self.per_page).get_page(request.GET.get("page"))
        return {
            "filter_form": form,
            "events": page_obj,
            "filter_query": query_without(request.GET, "page"),
            "archive": archive,
            "active_filters": form.active_filters(),
        }

    @path("")
    def upcoming(self, request):
        return self.render(request, context_overrides=self.listing_context(request))

    @path("archives/", name="archive")
    def archive(self, request):
        return self.render(request, context_overrides=self.listing_context(request, archive=True))

    @path("ical/", name="ical")
    def ical(self, request):
        """The filtered agenda as a calendar to subscribe to: not paginated, one VEVENT per date."""
        form = self.filter_form(request)
        window = form.window()
        events = (
            form.filter_events(EventPage.objects.live().public().child_of(self))
            .in_window(*window)
            .select_related("venue", "organiser")
            .prefetch_related("tags", "occurrences")[: self.feed_limit]
        )
        return ics.calendar_response(ics.agenda_calendar(self, events, window, request), "agenda.ics")

    @path("rss/", name="rss")
    def rss(self, request):
        """The filtered agenda's upcoming events as an RSS feed (content_types/events/feeds.py)."""
        form = self.filter_form(request)
        events = (
            form.filter_events(EventPage.objects.live().public().child_of(self))
            .in_window(*form.window())
            .select_related("venue")
            .prefetch_related("tags")
        )
        return UpcomingEventFeed()(request, self, events)


class EventPageForm(CommunityAttachmentForm):
    """Rules that span the page and its occurrences, checked where the editor sees them."""

    def clean(self):
        cleaned_data = super().clean()
        occurrences = self.formsets.get("occurrences")
        if occurrences is not None:
            # The date rows are validated after this form, so read their raw DELETE flag.
            kept = [
                form for form in occurrences.forms
                if (form.has_changed() or form.instance.pk)
                and not (occurrences.can_delete and form["DELETE"].value())
            ]
            if not kept:
                self.add_error(None, _("Un événement doit avoir au moins une date."))
        publishing = any(action in self.data for action in ("action-publish", "action-submit"))
        if publishing and not cleaned_data.get("venue"):
            try:
                point = parse_point(cleaned_data.get("location"))
            except ValidationError:
                point = None
            if point is None:
                self.add_error(
                    "location",
                    _("Un événement ne peut être publié sans lieu : choisissez un lieu ou placez-le sur la carte."),
                )
        return cleaned_data


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("EventPage", related_name="tagged_items", on_delete=models.CASCADE)


class EventPage(RoutablePageMixin, CommunityAttachable, MapPointMixin, ContentPage):
    """An event with one or more dates, at a venue (a place to visit) or at its own address."""

    objects = PageManager.from_queryset(EventPageQuerySet)()
    schema_type = "Event"

    class Audience(models.TextChoices):
        EVERYONE = "tout-public", _("Tout public")
        FAMILIES = "familles", _("Familles")
        CHILDREN = "jeune-public", _("Jeune public")
        SCHOOLS = "scolaires", _("Scolaires")
        STUDENTS = "etudiants", _("Étudiants")
        PROFESSIONALS = "professionnels", _("Professionnels")

    venue = models.ForeignKey(
        "content_types.PlacePage", verbose_name=_("lieu"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events",
        help_text=_("Un lieu à visiter déjà décrit ; sinon, indiquez l'adresse ci-dessous."),
    )
    organiser = models.ForeignKey(
        "content_types.Organisation", verbose_name=_("organisateur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events",
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE, db_index=True)
    is_free = models.BooleanField(_("gratuit"), default=False, db_index=True)
    price = models.DecimalField(_("tarif plein (€)"), max_digits=7, decimal_places=2, null=True, blank=True)
    price_details = models.CharField(_("précisions sur les tarifs"), max_length=255, blank=True)
    booking_url = models.URLField(_("lien de réservation"), blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("thématiques"))

    base_form_class = EventPageForm

    content_panels = ContentPage.content_panels + [
        InlinePanel("occurrences", heading=_("Dates"), label=_("Date"), min_num=0),
        MultiFieldPanel(
            [
                PageChooserPanel("venue", "content_types.PlacePage"),
                AddressPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                MapPointPanel("location", address_field="address"),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("price")]),
                FieldPanel("price_details"),
                FieldPanel("booking_url"),
                FieldPanel("accessibility"),
            ],
            heading=_("Informations pratiques"),
        ),
    ] + ContentPage.body_panels + CommunityAttachable.community_panels

    search_fields = ContentPage.search_fields + [
        index.SearchField("city"),
        index.FilterField("city"),
        index.FilterField("audience"),
        index.FilterField("is_free"),
    ]

    api_fields = ContentPage.api_fields + MapPointMixin.api_fields + [
        APIField("occurrences"),
        APIField("venue", serializer=PageSummaryField()),
        APIField("organiser", serializer=OrganisationField()),
        APIField("audience"),
        APIField("is_free"),
        APIField("price"),
        APIField("price_details"),
        APIField("booking_url"),
        APIField("accessibility"),
    ]

    parent_page_types = ["content_types.AgendaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = MapPointMixin.Meta.indexes

    def derive_coordinates(self):
        """At a venue, the venue's point and town (so town filters and search find the event)."""
        if self.venue_id:
            venue = PlacePage.objects.filter(pk=self.venue_id).values("latitude", "longitude", "city").first()
            if venue:
                self.latitude, self.longitude, self.city = venue["latitude"], venue["longitude"], venue["city"]
                return
        super().derive_coordinates()

    def clean(self):
        super().clean()
        for occurrence in self.occurrences.all():
            occurrence.clean()

    @property
    def display_city(self):
        return self.venue.city if self.venue_id else self.city

    def related_events(self, limit=3):
        """Upcoming events of the same agenda sharing a tag, soonest first."""
        return list(self.siblings_sharing_a_tag().upcoming().for_cards()[:limit])

    @classmethod
    def listing_cards(cls, queryset):
        return queryset.upcoming().for_cards()

    @classmethod
    def selection_cards(cls, queryset):
        """A dossier shows its events' next date, or their last once they are over."""
        return queryset.with_display_dates().for_cards()

    @classmethod
    def listing_heading(cls):
        return _("Événements à venir")

    def get_context(self, request, *args, **kwargs):
        # The tags are read by the related events, the JSON-LD and the tag list, the dates by
        # the page and the JSON-LD: each fetched once.
        prefetch_related_objects([self], "tags", "occurrences")
        context = super().get_context(request, *args, **kwargs)
        context["now"] = timezone.now()
        context["occurrences"] = list(self.occurrences.all())
        context["has_upcoming"] = any(o.end >= timezone.now() for o in context["occurrences"])
        context["related_events"] = fragments.cached(
            request, f"related-events:{self.pk}",
            lambda: fragments.cards_with_renditions(self.related_events(), CARD_RENDITION),
        )
        context["jsonld"] = jsonld.event_data(self, request)
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("ical/", name="ical")
    def ical(self, request):
        """« Ajouter à mon agenda »: every date of this event as an .ics download."""
        return ics.calendar_response(ics.event_calendar(self, request), f"{self.slug}.ics")


class EventOccurrence(Orderable):
    class Status(models.TextChoices):
        SCHEDULED = "prevu", _("Prévu")
        FULL = "complet", _("Complet")
        CANCELLED = "annule", _("Annulé")

    event = ParentalKey(EventPage, related_name="occurrences", on_delete=models.CASCADE)
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"), db_index=True)
    all_day = models.BooleanField(_("toute la journée"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("all_day"), FieldPanel("status")]),
    ]

    api_fields = [APIField("start"), APIField("end"), APIField("all_day"), APIField("status")]

    class Meta(Orderable.Meta):
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start"]
        # An event's first date in a window (EventPageQuerySet) is the first entry of this
        # index that ends inside it: no sort, and on PostgreSQL no table read (`end` included).
        indexes = [models.Index(fields=["event", "start", "id"], include=["end"], name="occurrence_event_start")]

    def __str__(self):
        return f"{self.event_id}: {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("La fin doit être postérieure au début.")})
