"""The private calendar of favourite events (token valid, revoked, wrong) and the e-mail digests."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from content_types.models import ArticlePage, EventPage
from social.digests import send_digests
from social.models import SentDigest, SocialSettings

from .conftest import login

pytestmark = pytest.mark.django_db


def upcoming_event():
    return EventPage.objects.live().public().upcoming().first()


def calendar_path(user):
    token = SocialSettings.objects.get(user=user).calendar_token
    return f"/calendrier/favoris/{token}.ics"


def test_the_private_calendar_lists_favourite_events_until_its_address_is_revoked(member_a):
    client = login(member_a)
    event = upcoming_event()
    client.post(f"/favoris/{event.pk}/")
    client.post("/mon-espace/favoris/calendrier/", {"action": "creer"})
    first = calendar_path(member_a)
    assert first in client.get("/mon-espace/favoris/").content.decode()
    response = Client().get(first)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and event.title[:30] in body.replace("\r\n ", "")

    client.post("/mon-espace/favoris/calendrier/", {"action": "renouveler"})
    assert Client().get(first).status_code == 404
    second = calendar_path(member_a)
    assert Client().get(second).status_code == 200
    client.post("/mon-espace/favoris/calendrier/", {"action": "revoquer"})
    assert Client().get(second).status_code == 404
    assert Client().get("/calendrier/favoris/nimportequoi-de-tres-long-pour-voir.ics").status_code == 404
    assert Client().get("/calendrier/favoris/.ics").status_code == 404


def subscribe(user, frequency="quotidien"):
    SocialSettings.objects.update_or_create(user=user, defaults={"digest": frequency})


def test_a_digest_is_sent_once_per_period_in_french_with_both_parts_and_unsubscribe(member_a, member_b):
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b, first_published_at=timezone.now())
    event = upcoming_event()
    login(member_a).post(f"/favoris/{event.pk}/")
    subscribe(member_a)
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"] and "Du nouveau" in message.subject
    assert article.title in message.body and "Bonjour" in message.body
    html = message.alternatives[0][0]
    assert article.title in html and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")

    # Rerun in the same period: nothing more.
    assert send_digests()[0] == 0
    assert len(mail.outbox) == 1
    assert SentDigest.objects.filter(user=member_a, sent_at__isnull=False).count() == 1

    # One click (RFC 8058 POST, no CSRF token, no login) unsubscribes; GET only asks.
    path = unsubscribe.replace("http://testserver", "")
    assert Client().get(path).status_code == 200
    assert SocialSettings.objects.get(user=member_a).digest == "quotidien"
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert SocialSettings.objects.get(user=member_a).digest == "aucun"
    assert Client().post(path[:-5] + "xxxx/").status_code == 400


def test_the_next_period_sends_again_and_nothing_new_sends_nothing(member_a, member_b):
    subscribe(member_a, "hebdomadaire")
    mail.outbox.clear()
    assert send_digests() == (0, 1, 0)  # follows nothing, no favourite: no e-mail
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    article = ArticlePage.objects.live().first()
    later = timezone.now() + timedelta(days=7)
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b, first_published_at=later - timedelta(hours=1))
    assert send_digests(now=later)[0] == 1
    assert send_digests(now=later)[0] == 0
    assert len(mail.outbox) == 1


def test_a_crash_while_sending_leaves_the_period_to_the_next_run(member_a, member_b, settings):
    subscribe(member_a)
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b, first_published_at=timezone.now())
    settings.EMAIL_BACKEND = "tests.social.failing_backend.FailingBackend"
    with pytest.raises(ConnectionError):
        send_digests()
    assert not SentDigest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests()[0] == 1


def test_members_choose_their_digest_frequency(member_a):
    client = login(member_a)
    assert client.post("/mon-espace/resumes/", {"digest": "hebdomadaire"}).status_code == 302
    assert SocialSettings.objects.get(user=member_a).digest == "hebdomadaire"
    assert client.post("/mon-espace/resumes/", {"digest": "toutes-les-heures"}).status_code == 200
    assert SocialSettings.objects.get(user=member_a).digest == "hebdomadaire"


def test_a_claim_left_by_a_killed_run_is_taken_over_after_an_hour(member_a, member_b):
    from social.digests import period_key

    subscribe(member_a)
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b, first_published_at=timezone.now())
    key = period_key("quotidien", timezone.now())
    claim = SentDigest.objects.create(user=member_a, period=key)  # a run died before sending
    mail.outbox.clear()
    assert send_digests()[0] == 0  # maybe still sending: left alone
    SentDigest.objects.filter(pk=claim.pk).update(claimed_at=timezone.now() - timedelta(hours=2))
    assert send_digests()[0] == 1
    assert send_digests()[0] == 0
    assert len(mail.outbox) == 1
