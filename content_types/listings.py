"""Querysets for the public listings, shaped so a page runs a fixed number of queries.

Every card shows a listing image rendition, tags and (for events) the next date and
town: they are fetched here in bulk (select_related, prefetch_related, renditions
prefetched, next date annotated in SQL) so no template loop goes back to the database.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

# The rendition every card uses; prefetched with the image so `{% image %}` never queries.
CARD_RENDITION = "fill-640x400"
THUMB_RENDITION = "fill-160x160"


def images_with_renditions(*specs):
    return get_image_model().objects.prefetch_renditions(*(specs or (CARD_RENDITION,)))


def with_cards(queryset, *extra_related):
    """Select what a card shows: its image (with rendition) and its tags."""
    return queryset.select_related(*extra_related).prefetch_related(
        Prefetch("listing_image", queryset=images_with_renditions()),
        "tags",
    )


def occurrences_in_window(start=None, end=None):
    """Occurrences overlapping [start, end): they end after start and begin before end."""
    condition = Q()
    if start is not None:
        condition &= Q(end__gte=start)
    if end is not None:
        condition &= Q(start__lt=end)
    return condition


def with_occurrence(queryset, occurrences):
    """Annotate each event with the first of `occurrences` (an ordered subquery on OuterRef("pk"))."""
    return queryset.annotate(
        next_start=Subquery(occurrences.values("start")[:1]),
        next_end=Subquery(occurrences.values("end")[:1]),
        next_all_day=Subquery(occurrences.values("all_day")[:1]),
        next_status=Subquery(occurrences.values("status")[:1]),
    )


def events_in_window(queryset, start=None, end=None):
    """Events with an occurrence in the window, annotated with the first such occurrence."""
    from content_types.models import EventOccurrence

    window = EventOccurrence.objects.filter(event=OuterRef("pk")).filter(occurrences_in_window(start, end))
    return with_occurrence(queryset.filter(Exists(window)), window.order_by("start")).order_by("next_start", "pk")


def past_events(queryset, now=None):
    """Events whose every occurrence is over, most recent first."""
    from content_types.models import EventOccurrence

    now = now or timezone.now()
    occurrences = EventOccurrence.objects.filter(event=OuterRef("pk"))
    over = queryset.filter(Exists(occurrences)).exclude(Exists(occurrences.filter(end__gte=now)))
    return with_occurrence(over, occurrences.order_by("-end")).order_by("-next_start", "-pk")


def event_cards(queryset):
    return with_cards(queryset, "venue")


def upcoming_event_cards(queryset, now=None):
    return event_cards(events_in_window(queryset, now or timezone.now()))


def home_sections(home):
    """Everything the home page shows, each as a bounded, prefetched list."""
    from content_types.models import (
        AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
        MapPage, PlaceIndexPage, PlacePage,
    )

    def section(model):
        return model.objects.live().public().child_of(home).first()

    events = list(upcoming_event_cards(EventPage.objects.live().public().descendant_of(home))[:6])
    articles = list(
        with_cards(ArticlePage.objects.live().public().descendant_of(home), "author__profile").order_by("-date", "-pk")[:3]
    )
    places = list(with_cards(PlacePage.objects.live().public().descendant_of(home)).order_by("-first_published_at", "pk")[:4])
    dossier = None
    if home.featured_dossier_id:
        dossier = with_cards(DossierPage.objects.live().public().filter(pk=home.featured_dossier_id)).first()
    if dossier is None:
        dossier = with_cards(DossierPage.objects.live().public().descendant_of(home)).order_by(
            "-first_published_at", "-pk"
        ).first()
    return {
        "upcoming_events": events,
        "latest_articles": articles,
        "featured_places": places,
        "featured_dossier": dossier,
        "agenda_page": section(AgendaPage),
        "article_index": section(ArticleIndexPage),
        "place_index": section(PlaceIndexPage),
        "dossier_index": section(DossierIndexPage),
        "map_page": section(MapPage),
    }


def territory_tags(home):
    """Tags used by live content of this territory, with how many items carry each."""
    from django.db.models import Count
    from taggit.models import Tag

    from content_types.models import ArticlePage, DossierPage, EventPage, PlacePage

    counts = {}
    for model in (EventPage, PlacePage, ArticlePage, DossierPage):
        pages = model.objects.live().public().descendant_of(home)
        through = model.tags.through
        rows = (
            through.objects.filter(content_object__in=pages)
            .values("tag_id").annotate(total=Count("id"))
        )
        for row in rows:
            counts[row["tag_id"]] = counts.get(row["tag_id"], 0) + row["total"]
    tags = Tag.objects.filter(pk__in=counts).order_by("name")
    return [{"tag": tag, "total": counts[tag.pk]} for tag in tags]


def theme_groups(home, tag):
    """Everything of one territory carrying a tag, grouped by type, each group bounded."""
    from content_types.models import ArticlePage, DossierPage, EventPage, PlacePage

    def tagged(model):
        return model.objects.live().public().descendant_of(home).filter(tags__slug=tag.slug)

    return [
        {"key": "events", "title": _("Événements à venir"),
         "items": list(upcoming_event_cards(tagged(EventPage))[:24])},
        {"key": "places", "title": _("Lieux à visiter"),
         "items": list(with_cards(tagged(PlacePage)).order_by("title")[:24])},
        {"key": "articles", "title": _("Articles"),
         "items": list(with_cards(tagged(ArticlePage), "author__profile").order_by("-date", "-pk")[:24])},
        {"key": "dossiers", "title": _("Dossiers"),
         "items": list(with_cards(tagged(DossierPage)).order_by("-first_published_at", "-pk")[:24])},
    ]


def with_display_dates(queryset, now=None):
    """Annotate each event with its next occurrence, or its last one once it is over."""
    from django.db.models.functions import Coalesce

    from content_types.models import EventOccurrence

    now = now or timezone.now()
    upcoming = EventOccurrence.objects.filter(event=OuterRef("pk"), end__gte=now).order_by("start")
    last = EventOccurrence.objects.filter(event=OuterRef("pk")).order_by("-end")

    def pick(field):
        return Coalesce(Subquery(upcoming.values(field)[:1]), Subquery(last.values(field)[:1]))

    return queryset.annotate(
        next_start=pick("start"), next_end=pick("end"), next_all_day=pick("all_day"),
        next_status=pick("status"), is_past=~Exists(upcoming),
    )
