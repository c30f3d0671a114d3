"""The one place that knows which occurrence of an event a listing shows.

Every listing, feed, map and search result asks this queryset: `upcoming()`,
`in_window(start, end)`, `past()`, `with_display_dates()`, then `for_cards()`.
Windows are half-open, [start, end): an occurrence belongs to a window when it ends at or
after the window's start and begins strictly before its end. Local days are turned into
instants in Europe/Paris by `day_window`, so DST change days are 23 or 25 hours long.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageQuerySet

from content_types.core.cards import card_annotations, images_with_renditions

OCCURRENCE_FIELDS = ("start", "end", "all_day", "status")


def local_midnight(day):
    """The instant a local day begins in the site's time zone (Europe/Paris)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def day_window(first_day=None, last_day=None):
    """[start, end) covering whole local days, `last_day` included; either side may be open."""
    start = local_midnight(first_day) if first_day else None
    end = local_midnight(last_day + timedelta(days=1)) if last_day else None
    return start, end


def overlapping(start=None, end=None, prefix=""):
    """Q for occurrences overlapping [start, end); `prefix` reaches them through a relation."""
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{prefix}end__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}start__lt": end})
    return condition


def first_in_window(occurrences, start=None, end=None):
    """The occurrences overlapping [start, end), the one an event shows first at their head
    (by start, then id: the order of the index on (event, start, id))."""
    return occurrences.filter(overlapping(start, end)).order_by("start", "pk")


class EventPageQuerySet(PageQuerySet):
    def _occurrences(self):
        occurrence_model = self.model._meta.get_field("occurrences").related_model
        return occurrence_model.objects.filter(event=OuterRef("pk"))

    def _annotate_occurrence(self, occurrences):
        """next_start, next_end, next_all_day, next_status from the first of `occurrences`."""
        return self.annotate(**{
            f"next_{name}": Subquery(occurrences.values(name)[:1]) for name in OCCURRENCE_FIELDS
        })

    def in_window(self, start=None, end=None):
        """Events with an occurrence in [start, end), annotated with the first one, soonest first.

        Each event is joined to its occurrences in the window, keeping the one no other
        occurrence of the window precedes (by start, then id). The join lets the database walk
        the occurrences in date order and stop at the page it shows, instead of computing the
        next date of every matching event to keep the first twelve (issue 13: the agenda's
        query went from ~30 ms to a few on 5,000 upcoming events); the same SQL everywhere.
        """
        in_window = overlapping(start, end, prefix="occurrences__")
        earlier = self._occurrences().filter(overlapping(start, end)).filter(
            Q(start__lt=OuterRef("next_start"))
            | Q(start=OuterRef("next_start"), pk__lt=OuterRef("window_occurrence_id"))
        )
        events = (
            self.annotate(window_occurrence=FilteredRelation("occurrences", condition=in_window))
            .filter(window_occurrence__isnull=False)
            .annotate(
                window_occurrence_id=F("window_occurrence__id"),
                **{f"next_{name}": F(f"window_occurrence__{name}") for name in OCCURRENCE_FIELDS},
            )
            .filter(~Exists(earlier))
            .order_by("next_start", "pk")
        )
        return events

    def upcoming(self, now=None):
        """Events with a date not yet over, by their next date."""
        return self.in_window(now or timezone.now(), None)

    def past(self, now=None):
        """Events whose every date is over, the most recent first, annotated with their last date."""
        now = now or timezone.now()
        occurrences = self._occurrences()
        over = self.filter(Exists(occurrences)).exclude(Exists(occurrences.filter(end__gte=now)))
        return over._annotate_occurrence(occurrences.order_by("-end", "-pk")).order_by("-next_start", "-pk")

    def with_next_occurrence(self, start=None, end=None):
        """Annotate (without filtering) each event with its first occurrence in [start, end)."""
        return self._annotate_occurrence(first_in_window(self._occurrences(), start, end))

    def with_display_dates(self, now=None):
        """The next occurrence, or the last one once the event is over (`is_past`)."""
        now = now or timezone.now()
        upcoming = self._occurrences().filter(end__gte=now).order_by("start", "pk")
        last = self._occurrences().order_by("-end", "-pk")
        return self.annotate(
            **{
                f"next_{name}": Coalesce(Subquery(upcoming.values(name)[:1]), Subquery(last.values(name)[:1]))
                for name in OCCURRENCE_FIELDS
            },
            is_past=~Exists(upcoming),
        )

    def for_cards(self):
        """What a card shows, fetched in bulk: venue, listing image with its rendition, tags.

        After one of the methods above, also `last_end` and `dates_count` over the dates
        from the one shown onwards, so a card can say « du 10 au 11 octobre ».
        """
        queryset = self
        if "next_start" in self.query.annotations:
            later = self._occurrences().filter(start__gte=OuterRef("next_start"))
            queryset = queryset.annotate(
                last_end=Subquery(later.order_by("-end").values("end")[:1]),
                dates_count=Subquery(later.order_by().values("event").annotate(n=Count("pk")).values("n")[:1]),
            )
        return queryset.select_related("venue").annotate(**card_annotations()).prefetch_related(
            Prefetch("listing_image", queryset=images_with_renditions()), "tags",
        )
