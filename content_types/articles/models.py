from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from content_types.communities.attach import CommunityAttachable
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import with_cards

from .feeds import ArticleAtomFeed, ArticleFeed
from .jsonld import article_data


class ArticleIndexPage(RoutablePageMixin, IndexPage):
    """The articles of a territory, paginated, with their RSS and Atom feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.ArticlePage"]

    class Meta:
        verbose_name = _("liste des articles")
        verbose_name_plural = _("listes des articles")

    per_page = 12

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = with_cards(self.get_articles(), "author__profile")
        context["articles"] = Paginator(articles, self.per_page).get_page(request.GET.get("page"))
        return context

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("rss/", name="rss")
    def rss(self, request):
        return ArticleFeed()(request, self)

    @path("atom/", name="atom")
    def atom(self, request):
        return ArticleAtomFeed()(request, self)

    def get_articles(self):
        return (
            ArticlePage.objects.live().public().child_of(self)
            .select_related("listing_image", "author__profile")
            .order_by("-date", "-pk")
        )


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePage(CommunityAttachable, ContentPage):
    schema_type = "Article"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    date = models.DateField(_("date de publication"), default=timezone.localdate, db_index=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("thématiques"))

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date")], heading=_("Publication")),
    ] + ContentPage.body_panels + CommunityAttachable.community_panels

    search_fields = ContentPage.search_fields + [index.FilterField("date")]

    # Read by Wagtail's API v3 pages endpoints (the author, a member account, stays out).
    api_fields = ContentPage.api_fields + [
        APIField("date"),
    ]

    parent_page_types = ["content_types.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def reading_minutes(self):
        """Minutes to read the body at 200 words a minute (never under one)."""
        words = len(strip_tags(str(self.body)).split()) + len(self.summary.split())
        return max(1, round(words / 200))

    def related_articles(self, limit=3):
        """The latest articles of the same section sharing a tag."""
        return list(self.listing_cards(self.siblings_sharing_a_tag())[:limit])

    @classmethod
    def listing_cards(cls, queryset):
        return cls.selection_cards(queryset).order_by("-date", "-pk")

    @classmethod
    def selection_cards(cls, queryset):
        return with_cards(queryset, "author__profile")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["related_articles"] = self.related_articles()
        context["jsonld"] = article_data(self, request, site.site_name if site else "Echosciences")
        return context
