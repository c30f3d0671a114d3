from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import PageManager, PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content_types.communities.attach import CommunityAttachable
from content_types.core.api_fields import OrganisationField
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import card_annotations, images_with_renditions
from content_types.core.filters import query_without

from .feeds import AnnonceFeed
from .filters import AnnonceFilterForm
from .jsonld import annonce_data


@register_snippet
class AnnonceKind(models.Model):
    """A kind of announcement (« Offre de stage »…), editable by the territory's editors."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    is_job_posting = models.BooleanField(
        _("offre d'emploi ou de stage"), default=False,
        help_text=_("Décrite aux moteurs de recherche comme une offre d'emploi (JobPosting)."),
    )
    employment_type = models.CharField(
        _("type de contrat (schema.org)"), max_length=20, blank=True,
        help_text=_("Pour une offre d'emploi : FULL_TIME, PART_TIME, INTERN, TEMPORARY, VOLUNTEER…"),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_job_posting"), FieldPanel("employment_type"),
              FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("type d'annonce")
        verbose_name_plural = _("types d'annonces")

    def __str__(self):
        return self.name


def today():
    return timezone.localdate()


class AnnoncePageQuerySet(PageQuerySet):
    def open(self, on=None):
        """Announcements still open on `on` (today, Paris time): the deadline day itself included."""
        return self.filter(deadline__gte=on or today())

    def expired(self, on=None):
        return self.filter(deadline__lt=on or today())

    def for_cards(self):
        """What a card shows (kind, organisation, image with its rendition, tags, comment count) in bulk."""
        return self.select_related("kind", "organisation", "place").annotate(**card_annotations()).prefetch_related(
            models.Prefetch("listing_image", queryset=images_with_renditions()), "tags",
        )


class AnnonceIndexPage(RoutablePageMixin, IndexPage):
    """Open announcements, newest first, filtered by kind and town; its RSS feed lists the same."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.AnnoncePage"]
    per_page = 12
    feed_limit = 30

    class Meta:
        verbose_name = _("liste des annonces")
        verbose_name_plural = _("listes des annonces")

    def open_annonces(self):
        return AnnoncePage.objects.live().public().child_of(self).open()

    def filter_form(self, request):
        annonces = self.open_annonces()
        towns = sorted(set(annonces.exclude(city="").values_list("city", flat=True)))
        return AnnonceFilterForm(request.GET or None, kinds=AnnonceKind.objects.all(), towns=towns)

    def filtered(self, request):
        form = self.filter_form(request)
        return form, AnnoncePage.listing_cards(form.filter_annonces(self.open_annonces()))

    @path("")
    def listing(self, request):
        form, annonces = self.filtered(request)
        return self.render(request, context_overrides={
            "filter_form": form,
            "annonces": Paginator(annonces, self.per_page).get_page(request.GET.get("page")),
            "filter_query": query_without(request.GET, "page"),
        })

    @path("rss/", name="rss")
    def rss(self, request):
        form, annonces = self.filtered(request)
        return AnnonceFeed()(request, self, list(annonces[: self.feed_limit]))


class AnnoncePageTag(TaggedItemBase):
    content_object = ParentalKey("AnnoncePage", related_name="tagged_items", on_delete=models.CASCADE)


class AnnoncePage(RoutablePageMixin, CommunityAttachable, ContentPage):
    """An offer or a call, open until its deadline; afterwards still reachable, marked expired."""

    objects = PageManager.from_queryset(AnnoncePageQuerySet)()
    schema_type = "JobPosting"

    kind = models.ForeignKey(
        AnnonceKind, verbose_name=_("type d'annonce"), on_delete=models.PROTECT, related_name="annonces",
    )
    deadline = models.DateField(
        _("date limite"), db_index=True,
        help_text=_("Dernier jour de l'annonce : le lendemain, elle quitte les listes et les flux."),
    )
    organisation = models.ForeignKey(
        "content_types.Organisation", verbose_name=_("structure"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="annonces",
    )
    place = models.ForeignKey(
        "content_types.PlacePage", verbose_name=_("lieu"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="annonces",
    )
    city = models.CharField(_("ville"), max_length=100, blank=True, db_index=True)
    contact_url = models.URLField(_("lien pour répondre"), blank=True)
    contact_email = models.EmailField(
        _("e-mail de contact"), blank=True,
        help_text=_("Affiché seulement à qui le demande sur la page, hors de portée des robots."),
    )
    tags = ClusterTaggableManager(through=AnnoncePageTag, blank=True, verbose_name=_("thématiques"))

    content_panels = ContentPage.content_panels + [
        FieldRowPanel([FieldPanel("kind", widget=forms.Select), FieldPanel("deadline")]),
        MultiFieldPanel(
            [FieldPanel("organisation", widget=forms.Select), PageChooserPanel("place", "content_types.PlacePage"), FieldPanel("city")],
            heading=_("Structure et lieu"),
        ),
        MultiFieldPanel([FieldPanel("contact_url"), FieldPanel("contact_email")], heading=_("Pour répondre")),
    ] + ContentPage.body_panels + CommunityAttachable.community_panels

    search_fields = ContentPage.search_fields + [
        index.SearchField("city"),
        index.FilterField("city"),
        index.FilterField("deadline"),
        index.RelatedFields("kind", [index.SearchField("name")]),
    ]

    api_fields = ContentPage.api_fields + [
        APIField("kind_name"),
        APIField("deadline"),
        APIField("city"),
        APIField("contact_url"),
        APIField("organisation", serializer=OrganisationField()),
    ]

    parent_page_types = ["content_types.AnnonceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")

    @property
    def kind_name(self):
        return self.kind.name if self.kind_id else ""

    def is_expired(self, on=None):
        return self.deadline < (on or today())

    def valid_through(self):
        """The last moment the announcement is open: the end of its deadline day, Paris time."""
        return timezone.make_aware(datetime.combine(self.deadline, time(23, 59, 59)))

    @property
    def display_city(self):
        return self.city or (self.place.city if self.place_id else "")

    @classmethod
    def listing_cards(cls, queryset):
        return queryset.open().for_cards().order_by("-first_published_at", "-pk")

    @classmethod
    def selection_cards(cls, queryset):
        return queryset.for_cards()

    def poster_profile(self):
        """The public profile of the member who posted it, if they have one."""
        owner = self.owner
        if owner is None or not owner.is_active:
            return None
        return getattr(owner, "profile", None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["expired"] = self.is_expired()
        context["jsonld"] = annonce_data(self, request)
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("contact/", name="contact")
    def contact(self, request):
        """The e-mail address, shown after a POST (robots that harvest addresses follow links, not forms)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self.render(request, context_overrides={"show_email": True})


# The kinds a new territory starts with; editors rename, reorder or add more as snippets.
DEFAULT_KINDS = [
    # (slug, name, is_job_posting, schema.org employment type)
    ("offre-de-stage", "Offre de stage", True, "INTERN"),
    ("offre-d-emploi", "Offre d’emploi", True, "FULL_TIME"),
    ("appel-a-projets", "Appel à projets", False, ""),
    ("appel-a-participation", "Appel à participation", False, ""),
    ("recherche-de-benevoles", "Recherche de bénévoles", False, ""),
    ("autre", "Autre", False, ""),
]


def ensure_default_kinds(model=AnnonceKind):
    """Create the default kinds that are missing (by slug); returns {slug: kind}."""
    kinds = {}
    for order, (slug, name, is_job, employment) in enumerate(DEFAULT_KINDS):
        kinds[slug], _created = model.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_job_posting": is_job, "employment_type": employment,
                                 "sort_order": order},
        )
    return kinds
