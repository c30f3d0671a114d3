"""What every content page shares: a summary, a listing image, the common body and tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .api_fields import ImageRenditionField
from .blocks import BodyBlock
from .cards import with_cards


class ContentPage(Page):
    summary = models.TextField(
        _("résumé"), max_length=300, blank=True,
        help_text=_("Deux ou trois phrases, reprises dans les listes, la carte et les moteurs de recherche."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image de présentation"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    # Subclasses declare `tags` (a ClusterTaggableManager needs a concrete through model).
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("listing_image"),
    ]
    body_panels = [FieldPanel("body"), FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
    ]

    # Read by Wagtail's API v3 pages endpoints: what a visitor of the page can see.
    api_fields = [
        APIField("summary"),
        APIField("listing_image", serializer=ImageRenditionField("width-800")),
        APIField("listing_image_thumbnail", serializer=ImageRenditionField("fill-400x300", source="listing_image")),
        APIField("tags"),
        APIField("body"),
    ]

    class Meta:
        abstract = True

    def siblings_sharing_a_tag(self):
        """Live, public pages of the same type and section with at least one of this page's tags."""
        model = type(self)
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return model.objects.none()
        tagged = model.tags.through.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        return model.objects.live().public().sibling_of(self, inclusive=False).filter(pk__in=tagged)

    def get_sitemap_urls(self, request=None):
        """A page shared from another territory (an alias) is left to its original's sitemap:
        its canonical URL is the original's (network/sharing.py)."""
        return [] if self.alias_of_id else super().get_sitemap_urls(request)

    @classmethod
    def listing_cards(cls, queryset):
        """`queryset` of this type as cards, in the order its listings show them (newest first)."""
        return with_cards(queryset).order_by("-first_published_at", "-pk")

    @classmethod
    def selection_cards(cls, queryset):
        """`queryset` as cards in a dossier's selection (order is the editor's, set by the dossier)."""
        return with_cards(queryset)

    @classmethod
    def listing_heading(cls):
        return cls._meta.verbose_name_plural.capitalize()


class IndexPage(Page):
    """A section of a territory (Articles, Agenda…): an introduction above a listing."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    class Meta:
        abstract = True

    max_count_per_parent = 1
