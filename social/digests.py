"""E-mail digests: what is new in a member's feed and their favourite events of the coming days.

A digest belongs to a period (a day, an ISO week). Its SentDigest row is claimed (unique
per member and period) before the e-mail goes, so a rerun never sends the same period
twice; a failed send gives its claim back so the next run retries it, and a claim a killed
run left unsent is taken over after an hour.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from content_types.models import EventPage

from .feed import feed_queryset, with_details
from .models import DIGEST_DAILY, DIGEST_WEEKLY, SentDigest, SocialSettings

UNSUBSCRIBE_SALT = "social.digest-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # a link in an old e-mail still works for three months
DIGEST_ITEMS = 15
CLAIM_TIMEOUT = timedelta(hours=1)

PERIODS = {
    DIGEST_DAILY: {"since": timedelta(days=1), "ahead": timedelta(days=3)},
    DIGEST_WEEKLY: {"since": timedelta(days=7), "ahead": timedelta(days=8)},
}


def period_key(frequency, now):
    day = timezone.localtime(now).date()
    if frequency == DIGEST_DAILY:
        return f"{frequency}:{day.isoformat()}"
    year, week, _weekday = day.isocalendar()
    return f"{frequency}:{year}-W{week:02d}"


def unsubscribe_url(user):
    token = signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("social_members:unsubscribe", args=[token])


def digest_content(user, frequency, now):
    window = PERIODS[frequency]
    items = with_details(feed_queryset(user, since=now - window["since"])[:DIGEST_ITEMS])
    events = list(
        EventPage.objects.live().public().filter(bookmarks__user=user)
        .in_window(now, now + window["ahead"])[:DIGEST_ITEMS]
    )
    return items, events


def build_message(user, frequency, items, events):
    unsubscribe = unsubscribe_url(user)
    context = {
        "user": user, "items": items, "events": events, "unsubscribe_url": unsubscribe,
        "weekly": frequency == DIGEST_WEEKLY, "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    with translation.override("fr"):
        subject = render_to_string("social/email/digest_subject.txt", context).strip()
        text = render_to_string("social/email/digest.txt", context)
        html = render_to_string("social/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def claim_period(user, key):
    """The period's row for this run, or None if it is sent or another run is sending it.

    A claim left unsent for CLAIM_TIMEOUT (a run killed mid-send) is taken over.
    """
    try:
        with transaction.atomic():
            return SentDigest.objects.create(user=user, period=key)
    except IntegrityError:
        pass
    stale = SentDigest.objects.filter(
        user=user, period=key, sent_at__isnull=True, claimed_at__lt=timezone.now() - CLAIM_TIMEOUT,
    )
    if stale.update(claimed_at=timezone.now()) == 1:
        return SentDigest.objects.get(user=user, period=key)
    return None


def send_digests(now=None):
    """Send every due digest; returns (sent, nothing_new, already_done)."""
    now = now or timezone.now()
    sent = empty = skipped = 0
    subscribers = (
        SocialSettings.objects.filter(digest__in=list(PERIODS), user__is_active=True)
        .select_related("user").order_by("pk")
    )
    for row in subscribers.iterator():
        user, frequency = row.user, row.digest
        key = period_key(frequency, now)
        claim = claim_period(user, key)
        if claim is None:
            skipped += 1
            continue
        items, events = digest_content(user, frequency, now)
        if not items and not events:
            empty += 1
            continue
        try:
            build_message(user, frequency, items, events).send()
        except Exception:
            claim.delete()  # the next run tries this member again
            raise
        claim.sent_at = timezone.now()
        claim.save(update_fields=["sent_at"])
        sent += 1
    return sent, empty, skipped
