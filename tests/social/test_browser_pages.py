"""In a real browser, at 1280 and 360 px: the social pages the journey does not reach (a community
followed from its page, announcements and projects with their comments, the notifications of a
community's answer, the moderators' queue) have no serious or critical axe violation, and on a
phone the queue's « Masquer » form stays within reach."""

import pytest
from django.test import Client
from wagtail.models import Site

from content_types.models import AnnoncePage, CommunityMembership, CommunityPage, ProjectPage
from members.setup import ensure_groups, moderators_group_name
from social.models import Comment, CommentReport, Follow, Notification
from tests.members.conftest import make_user
from tests.members.test_browser_journey import audit, shot

from .test_browser_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def path_of(page):
    return page.get_url_parts()[2]


def test_community_announcement_project_notifications_and_queue_pages(seeded_live_server, browser):
    ensure_groups()
    home = Site.objects.get(is_default_site=True).root_page
    base = seeded_live_server.url
    Site.objects.filter(is_default_site=True).update(port=int(base.rsplit(":", 1)[1]))
    a = make_user("alice@example.org", first_name="Alice", last_name="Abeille")
    b = make_user("bruno@example.org", first_name="Bruno", last_name="Bourdon")
    moderator = make_user("modo@example.org", groups=[moderators_group_name(home)])
    community = CommunityPage.objects.live().descendant_of(home).order_by("pk").first()
    CommunityPage.objects.filter(pk=community.pk).update(policy=CommunityPage.Policy.ON_REQUEST)
    community = CommunityPage.objects.get(pk=community.pk)
    community.moderators.add(b)
    community.save()
    annonce = AnnoncePage.listing_cards(AnnoncePage.objects.live().descendant_of(home)).first()
    project = ProjectPage.objects.live().descendant_of(home).order_by("pk").first()
    failures = {}

    # A follows the community from its page and asks to join; B (its moderator) accepts.
    a_context, tab = sign_in(browser, base, a)
    tab.goto(base + path_of(community))
    tab.locator(".community-follow button[type=submit]").click()
    tab.wait_for_load_state()
    assert "1 abonné" in tab.locator(".community-follow").inner_text()
    assert Follow.objects.filter(follower=a, page=community).exists()
    tab.locator("#adhesion form button[type=submit]").click()
    tab.wait_for_load_state()
    audit(tab, failures, "communaute")
    shot(tab, "social-04-community")
    request = CommunityMembership.objects.get(community=community, member=a)
    b_client = Client()
    b_client.force_login(b, backend="django.contrib.auth.backends.ModelBackend")
    b_client.post(f"{path_of(community)}demandes/{request.pk}/", {"decision": "accepter"}, HTTP_HOST="localhost")
    assert Notification.objects.filter(recipient=a, kind="adhesion-acceptee").exists()
    tab.goto(f"{base}/mon-espace/notifications/")
    assert community.title in tab.locator("main").inner_text()
    audit(tab, failures, "notifications-communaute")

    # A comments on an announcement and a project; the pages with their threads.
    for name, page in (("annonce", annonce), ("projet", project)):
        tab.goto(base + path_of(page))
        tab.locator("#id_body").fill(f"Une question sur {name} : https://exemple.fr/{name}")
        tab.locator(".comment-form button[type=submit]").click()
        for _ in range(100):
            if Comment.objects.filter(page=page).exists():
                break
            tab.wait_for_timeout(100)
        tab.goto(base + path_of(page))
        assert f"Une question sur {name}" in tab.locator("#commentaires").inner_text()
        audit(tab, failures, name)

    # B reports the announcement's comment; the territory's moderator reads the queue.
    comment = Comment.objects.get(page=annonce)
    CommentReport.objects.create(comment=comment, reporter=b, reason="Publicité déguisée")
    m_context, m_tab = sign_in(browser, base, moderator)
    m_tab.goto(f"{base}/admin/commentaires/")
    assert "Publicité déguisée" in m_tab.locator("main").inner_text()
    audit(m_tab, failures, "file-de-moderation")
    m_tab.set_viewport_size({"width": 360, "height": 900})
    m_tab.reload(wait_until="load")
    hide = m_tab.locator(f"form[action$='/{comment.pk}/masquer/'] button")
    box = hide.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    shot(m_tab, "social-05-queue-360")
    m_tab.locator(f"#reason-{comment.pk}").fill("Publicité")
    hide.click()
    m_tab.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.is_hidden
    assert not failures, failures
    for context in (a_context, m_context):
        context.close()
