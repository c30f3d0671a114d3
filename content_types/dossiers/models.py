from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content_types.core import registry
from content_types.core.api_fields import ImageRenditionField, PageSummaryField
from content_types.communities.attach import CommunityAttachable
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import with_cards
from content_types.core.jsonld import collection_data

DOSSIER_ITEM_TYPES = registry.page_type_labels(registry.dossier_item_types())


class DossierIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.DossierPage"]

    class Meta:
        verbose_name = _("liste des dossiers")
        verbose_name_plural = _("listes des dossiers")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dossiers = with_cards(self.get_dossiers())
        context["dossiers"] = Paginator(dossiers, 12).get_page(request.GET.get("page"))
        return context

    def get_dossiers(self):
        return (
            DossierPage.objects.live().public().child_of(self)
            .select_related("cover_image").order_by("-first_published_at", "-pk")
        )


class DossierPageTag(TaggedItemBase):
    content_object = ParentalKey("DossierPage", related_name="tagged_items", on_delete=models.CASCADE)


class DossierPage(CommunityAttachable, ContentPage):
    """A theme told through a chosen, ordered selection of articles, events and places."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image de couverture"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    tags = ClusterTaggableManager(through=DossierPageTag, blank=True, verbose_name=_("thématiques"))

    content_panels = ContentPage.content_panels + [
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        InlinePanel("items", heading=_("Sélection"), label=_("Contenu du dossier")),
    ] + ContentPage.body_panels + CommunityAttachable.community_panels

    search_fields = ContentPage.search_fields + [index.SearchField("introduction")]

    api_fields = ContentPage.api_fields + [
        APIField("cover_image", serializer=ImageRenditionField("width-1200")),
        APIField("introduction"),
        APIField("items"),
    ]

    parent_page_types = ["content_types.DossierIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def get_selection_groups(self):
        """The live selection as cards grouped by type, groups and cards in the editor's order.

        One query per content type (with images, renditions and tags prefetched) instead of
        `.specific()` item by item.
        """
        ids = [item.page_id for item in self.items.all()]
        groups = {}
        found = {}
        for entry in registry.dossier_item_types():
            model = entry.model
            for page in model.selection_cards(model.objects.live().public().filter(pk__in=ids)):
                found[page.pk] = (entry.key, entry.label, page)
        for pk in ids:
            if pk in found:
                key, title, page = found[pk]
                groups.setdefault(key, {"key": key, "title": title, "items": []})["items"].append(page)
        return list(groups.values())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = self.get_selection_groups()
        context["selection_groups"] = groups
        context["jsonld"] = collection_data(
            self, request, [item for group in groups for item in group["items"]], self.summary
        )
        return context

    def get_selection(self):
        """The chosen pages that are still live and public, in the editor's order, as their own types."""
        ids = [item.page_id for item in self.items.all()]
        pages = Page.objects.filter(pk__in=ids).live().public().specific()
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]


class DossierItem(Orderable):
    dossier = ParentalKey(DossierPage, related_name="items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("contenu"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", DOSSIER_ITEM_TYPES)]

    api_fields = [APIField("page", serializer=PageSummaryField())]

    class Meta(Orderable.Meta):
        verbose_name = _("contenu du dossier")
        verbose_name_plural = _("contenus du dossier")
