from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from content_types.api.fields import ImageRenditionField

from .base import ContentPage, IndexPage


class ArticleIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.ArticlePage"]

    api_fields = [APIField("introduction")]

    class Meta:
        verbose_name = _("liste des articles")
        verbose_name_plural = _("listes des articles")

    def get_articles(self):
        return (
            ArticlePage.objects.live().public().child_of(self)
            .select_related("listing_image", "author")
            .order_by("-date", "-pk")
        )


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePage(ContentPage):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    date = models.DateField(_("date de publication"), default=timezone.localdate, db_index=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("thématiques"))

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date")], heading=_("Publication")),
    ] + ContentPage.body_panels

    search_fields = ContentPage.search_fields + [index.FilterField("date")]

    # Read by Wagtail's API v3 pages endpoints (the author, a member account, stays out).
    api_fields = [
        APIField("summary"),
        APIField("listing_image", serializer=ImageRenditionField("width-800")),
        APIField("listing_image_thumbnail", serializer=ImageRenditionField("fill-400x300", source="listing_image")),
        APIField("date"),
        APIField("tags"),
        APIField("body"),
    ]

    parent_page_types = ["content_types.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
