"""On-site notifications: comments on my page, replies, followers, moderators' answers; unread count."""

import pytest
from django.test import Client

from content_types.models import ArticlePage
from social.models import Comment, Notification

from .conftest import login, make_user

pytestmark = pytest.mark.django_db


def test_a_comment_on_my_page_and_a_reply_to_my_comment_notify_me_once(member_a, member_b):
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    login(member_a).post(f"/commentaires/page/{article.pk}/", {"body": "Bravo"})
    assert Notification.objects.filter(recipient=member_b, kind="commentaire").count() == 1
    first = Comment.objects.get(body="Bravo")
    claire = make_user("claire@example.org", first_name="Claire")
    login(claire).post(f"/commentaires/page/{article.pk}/", {"body": "D'accord", "parent": first.pk})
    assert Notification.objects.filter(recipient=member_a, kind="reponse").count() == 1
    # My own comment on my own page notifies nobody.
    login(member_b).post(f"/commentaires/page/{article.pk}/", {"body": "Merci"})
    assert Notification.objects.filter(recipient=member_b).count() == 2


def test_a_new_follower_is_notified_and_the_header_counts_unread(member_a, member_b):
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    client = login(member_b)
    html = client.get("/mon-espace/").content.decode()
    assert 'class="badge badge--count">1' in html
    listing = client.get("/mon-espace/notifications/").content.decode()
    assert "Alice Abeille" in listing and "vous suit" in listing
    client.post("/mon-espace/notifications/")
    assert 'badge--count">1' not in client.get("/mon-espace/").content.decode()
    assert not Notification.objects.unread().filter(recipient=member_b).exists()


def test_marking_one_notification_read_and_never_anothers(member_a, member_b):
    login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    notification = Notification.objects.get(recipient=member_b)
    login(member_a).post("/mon-espace/notifications/", {"notification": notification.pk})
    notification.refresh_from_db()
    assert notification.read_at is None
    login(member_b).post("/mon-espace/notifications/", {"notification": notification.pk})
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert login(member_b, csrf=True).post("/mon-espace/notifications/").status_code == 403


def test_the_unread_count_is_one_query(member_b):
    from django.db import connection
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/")
    request.user = member_b
    template = Template("{% load social_tags %}{% unread_notifications as n %}{{ n }}")
    with CaptureQueriesContext(connection) as captured:
        assert template.render(Context({"request": request})) == "0"
    assert len(captured) == 1


def test_approval_and_refusal_of_a_contribution_notify_its_member(actors, articles):
    from tests.members.test_moderation import article_form_data, submit_article, workflow_action

    member = login(actors["membre"])
    page = submit_article(member, articles)
    workflow_action(login(actors["modérateur du territoire"]), page, "reject", "Sources ?")
    assert Notification.objects.filter(recipient=actors["membre"], kind="refusee", page=page).exists()
    member.post(f"/admin/pages/{page.pk}/edit/", article_form_data(page.title, action="action-submit"))
    workflow_action(login(actors["modérateur du territoire"]), page, "approve")
    assert Notification.objects.filter(recipient=actors["membre"], kind="acceptee", page=page).exists()
    html = member.get("/mon-espace/notifications/").content.decode()
    assert "est publiée" in html and "attend des corrections" in html
    assert Client().get("/mon-espace/notifications/").status_code == 302


def test_names_in_notifications_are_escaped_and_private_ones_unlinked(member_a, member_b):
    from members.profiles import rename_profile

    rename_profile(member_a.profile, "<script>alert(1)</script>")
    member_a.profile.is_public = False
    member_a.profile.save()
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    login(member_a).post(f"/commentaires/page/{article.pk}/", {"body": "Salut"})
    html = login(member_b).get("/mon-espace/notifications/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; a commenté" in html
    assert f"/membres/{member_a.profile.slug}/" not in html
