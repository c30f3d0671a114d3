from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from content_types.core import registry
from content_types.core.base import ContentPage, IndexPage
from content_types.core.cards import with_cards
from content_types.core.feeds import PageFeed

from .forms import CommunityPageForm
from .jsonld import community_data
from .signals import membership_request_answered


class CommunityIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content_types.CommunityPage"]
    per_page = 12

    class Meta:
        verbose_name = _("liste des communautés")
        verbose_name_plural = _("listes des communautés")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        communities = CommunityPage.listing_cards(CommunityPage.objects.live().public().child_of(self))
        context["communities"] = Paginator(communities, self.per_page).get_page(request.GET.get("page"))
        return context


class CommunityPageTag(TaggedItemBase):
    content_object = ParentalKey("CommunityPage", related_name="tagged_items", on_delete=models.CASCADE)


class CommunityFeed(PageFeed):
    """The community's latest published content of every type, as RSS."""

    def title(self, community):
        return gettext("Communauté %(name)s") % {"name": community.title}

    def description(self, community):
        return community.summary or gettext("Les derniers contenus de la communauté.")

    def items(self, community):
        return community.latest_content()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [str(registry.entry_for_model(type(item)).label)]


class CommunityPage(RoutablePageMixin, ContentPage):
    """Members gathered around a theme: moderators, a membership policy, and a feed of attached content."""

    schema_type = "Organization"
    feed_size = 20
    member_list_size = 60

    class Policy(models.TextChoices):
        OPEN = "ouverte", _("Ouverte : chacun rejoint librement")
        ON_REQUEST = "sur-demande", _("Sur demande : les modérateurs acceptent les demandes")

    policy = models.CharField(_("adhésion"), max_length=20, choices=Policy.choices, default=Policy.OPEN)
    moderators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("modérateurs de la communauté"), blank=True,
        related_name="moderated_communities",
        help_text=_("Des membres qui acceptent ou refusent les demandes d'adhésion, sur le site."),
    )
    tags = ClusterTaggableManager(through=CommunityPageTag, blank=True, verbose_name=_("thématiques"))

    base_form_class = CommunityPageForm

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel([FieldPanel("policy"), FieldPanel("moderators")], heading=_("Adhésion et modération")),
    ] + ContentPage.body_panels

    search_fields = ContentPage.search_fields + [index.FilterField("policy")]
    api_fields = ContentPage.api_fields + [APIField("policy")]

    parent_page_types = ["content_types.CommunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("communauté")
        verbose_name_plural = _("communautés")

    @classmethod
    def listing_cards(cls, queryset):
        return with_cards(queryset).annotate(
            member_count=Count("memberships", filter=Q(
                memberships__status=CommunityMembership.Status.MEMBER, memberships__member__is_active=True,
            ))
        ).order_by("title", "pk")

    # Reading -------------------------------------------------------------------

    def latest_content(self, limit=None):
        """Live, public content attached here, newest first: one query set per attachable type."""
        limit = limit or self.feed_size
        items = []
        for entry in registry.community_item_types():
            model = entry.model
            # A page shared into another territory (an alias) carries the same communities: listed once.
            pages = model.objects.live().public().filter(communities=self, alias_of__isnull=True)
            cards = model.selection_cards(pages).order_by("-first_published_at", "-pk")[:limit]
            for page in cards:
                page.card_kind = entry.key
                items.append(page)
        items.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
        return items[:limit]

    def members(self):
        return self.memberships.filter(status=CommunityMembership.Status.MEMBER, member__is_active=True)

    def public_members(self):
        """Members with a public profile (active accounts only), for the member list: a private profile is never listed."""
        return [
            membership.member.profile for membership in
            self.members().filter(member__profile__is_public=True)
            .select_related("member__profile").order_by("member__profile__display_name")[: self.member_list_size]
        ]

    def membership_of(self, user):
        if not user.is_authenticated:
            return None
        return self.memberships.filter(member=user).first()

    def is_moderated_by(self, user):
        return user.is_authenticated and self.moderators.filter(pk=user.pk).exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        moderator = self.is_moderated_by(user)
        context.update(
            feed_items=self.latest_content(),
            member_count=self.members().count(),
            public_members=self.public_members(),
            membership=self.membership_of(user),
            is_moderator=moderator,
            pending=list(
                self.memberships.filter(status=CommunityMembership.Status.PENDING)
                .select_related("member__profile").order_by("created_at")
            ) if moderator else [],
            moderator_profiles=[
                user.profile for user in self.moderators.filter(is_active=True, profile__isnull=False)
                .select_related("profile")
            ],
            jsonld=community_data(self, request),
        )
        return context

    # Routes ----------------------------------------------------------------------

    @path("")
    def feed_page(self, request):
        return self.render(request)

    @path("rss/", name="rss")
    def rss(self, request):
        return CommunityFeed()(request, self)

    @path("adhesion/", name="join")
    def join(self, request):
        """Join (open) or ask to join (on request). POST only; Django's CSRF middleware guards it."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        member = request.user
        status = (
            CommunityMembership.Status.MEMBER if self.policy == self.Policy.OPEN
            else CommunityMembership.Status.PENDING
        )
        try:
            with transaction.atomic():
                CommunityMembership.objects.get_or_create(community=self, member=member, defaults={"status": status})
        except IntegrityError:
            pass  # a double click: the first request already recorded it
        return redirect(self.get_url(request) + "#adhesion")

    @path("quitter/", name="leave")
    def leave(self, request):
        """Leave, or withdraw a pending request."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        member = request.user
        CommunityMembership.objects.filter(community=self, member=member).delete()
        return redirect(self.get_url(request) + "#adhesion")

    @path("demandes/<int:membership_id>/", name="decide")
    def decide(self, request, membership_id):
        """A community moderator accepts or refuses a pending request."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.is_moderated_by(request.user):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in ("accepter", "refuser"):
            return HttpResponseBadRequest(gettext("Décision inconnue."))
        pending = self.memberships.filter(pk=membership_id, status=CommunityMembership.Status.PENDING)
        request_ = pending.select_related("member").first()
        accepted = decision == "accepter"
        if accepted:
            answered = pending.update(status=CommunityMembership.Status.MEMBER)
        else:
            answered, _rows = pending.delete()
        if answered and request_ is not None:
            # Only the moderator whose answer changed the row tells the member (no double notice).
            membership_request_answered.send(
                sender=type(self), community=self, member=request_.member, accepted=accepted, moderator=request.user,
            )
        return redirect(self.get_url(request) + "#demandes")

    def _refusal(self, request):
        """The response to a join/leave request that cannot proceed (not a POST, not signed in)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(self.get_url(request))
        return None


class CommunityMembership(models.Model):
    """A member of a community, or a request to join one awaiting its moderators."""

    class Status(models.TextChoices):
        MEMBER = "membre", _("Membre")
        PENDING = "en-attente", _("Demande en attente")

    community = models.ForeignKey(
        CommunityPage, verbose_name=_("communauté"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("membre"), on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.MEMBER)
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("adhésion à une communauté")
        verbose_name_plural = _("adhésions aux communautés")
        constraints = [models.UniqueConstraint(fields=["community", "member"], name="one_membership_per_member")]
        indexes = [models.Index(fields=["community", "status"], name="membership_community_status")]

    def __str__(self):
        return f"{self.member_id} → {self.community_id} ({self.status})"
