from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailgeowidget.panels import GeoAddressPanel

from content_types.communities.attach import CommunityAttachable
from content_types.core import registry
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import with_cards
from content_types.core.filters import query_without
from content_types.core.geo import MapPointMixin, MapPointPanel

from .filters import ProjectFilterForm
from .forms import ProjectPageForm
from .jsonld import project_data

RELATED_TYPES = ["content_types.EventPage", "content_types.ArticlePage"]


class ProjectIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.ProjectPage"]
    per_page = 12

    class Meta:
        verbose_name = _("liste des projets")
        verbose_name_plural = _("listes des projets")

    def get_context(self, request, *args, **kwargs):
        """Filter by status and theme through GET parameters, one URL per filter state."""
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.objects.live().public().child_of(self)
        themes = Tag.objects.filter(
            pk__in=ProjectPageTag.objects.filter(content_object__in=projects).values("tag_id")
        ).order_by("name")
        form = ProjectFilterForm(request.GET or None, statuses=ProjectPage.Status.choices, themes=themes)
        filtered = ProjectPage.listing_cards(form.filter_projects(projects))
        context["filter_form"] = form
        context["projects"] = Paginator(filtered, self.per_page).get_page(request.GET.get("page"))
        context["filter_query"] = query_without(request.GET, "page")
        return context


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey("ProjectPage", related_name="tagged_items", on_delete=models.CASCADE)


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Intitulé"), max_length=100)
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link"
        label = _("Lien")


class ProjectPage(CommunityAttachable, MapPointMixin, ContentPage):
    """What a team of members and partner organisations is building."""

    schema_type = "Project"

    class Status(models.TextChoices):
        PREPARING = "en-preparation", _("En préparation")
        RUNNING = "en-cours", _("En cours")
        FINISHED = "termine", _("Terminé")

    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    team = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("équipe"), blank=True, related_name="projects",
        help_text=_("Des membres du site ; le projet paraît sur leur profil et dans « Mon espace »."),
    )
    partners = ParentalManyToManyField(
        "content_types.Organisation", verbose_name=_("partenaires"), blank=True, related_name="projects",
    )
    links = StreamField([("link", LinkBlock())], verbose_name=_("liens"), blank=True)
    tags = ClusterTaggableManager(through=ProjectPageTag, blank=True, verbose_name=_("thématiques"))

    base_form_class = ProjectPageForm

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("status"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("État et dates"),
        ),
        MultiFieldPanel([FieldPanel("team"), FieldPanel("partners")], heading=_("Équipe et partenaires")),
        FieldPanel("links"),
        InlinePanel("gallery_images", heading=_("Galerie"), label=_("Image")),
        InlinePanel("related_pages", heading=_("Contenus liés"), label=_("Événement ou article")),
        MultiFieldPanel(
            [
                GeoAddressPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                MapPointPanel("location", address_field="address"),
            ],
            heading=_("Point sur la carte (facultatif)"),
        ),
    ] + ContentPage.body_panels + CommunityAttachable.community_panels

    search_fields = ContentPage.search_fields + [
        index.SearchField("city"),
        index.FilterField("status"),
        index.FilterField("city"),
    ]

    api_fields = ContentPage.api_fields + MapPointMixin.api_fields + [
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("links"),
    ]

    parent_page_types = ["content_types.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        indexes = MapPointMixin.Meta.indexes

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin du projet ne peut précéder son début.")})

    @classmethod
    def listing_cards(cls, queryset):
        return with_cards(queryset).order_by("-first_published_at", "-pk")

    def team_profiles(self):
        """The team's public profiles (active members with a profile)."""
        return [
            user.profile for user in
            self.team.filter(is_active=True, profile__isnull=False).select_related("profile")
            .order_by("profile__display_name")
        ]

    def related_content(self):
        """Live, public related events and articles as cards, in the editor's order."""
        ids = [item.page_id for item in self.related_pages.all()]
        if not ids:
            return []
        found = {}
        for key in ("event", "article"):
            model = registry.get(key).model
            for page in model.selection_cards(model.objects.live().public().filter(pk__in=ids)):
                page.card_kind = key
                found[page.pk] = page
        return [found[pk] for pk in ids if pk in found]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["team_profiles"] = self.team_profiles()
        context["partners"] = list(self.partners.all())
        context["gallery"] = list(self.gallery_images.select_related("image"))
        context["related_content"] = self.related_content()
        context["jsonld"] = project_data(self, request)
        return context


class ProjectGalleryImage(Orderable):
    project = ParentalKey(ProjectPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("légende"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image de la galerie")
        verbose_name_plural = _("galerie")


class ProjectRelatedPage(Orderable):
    project = ParentalKey(ProjectPage, related_name="related_pages", on_delete=models.CASCADE)
    page = models.ForeignKey(Page, verbose_name=_("contenu"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", RELATED_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("contenu lié")
        verbose_name_plural = _("contenus liés")
