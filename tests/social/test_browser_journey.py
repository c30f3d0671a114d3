"""In a real browser: A follows B; B's article is approved; it is in A's feed and digest; A comments;
C reports the comment; the territory's moderator hides it; the page shows it hidden. axe on every
new page at 1280 and 360 px."""


import re

import pytest
from django.core import mail
from wagtail.models import Site

from members.setup import ensure_groups, moderators_group_name
from social.digests import send_digests
from social.models import Comment, SocialSettings
from tests.members.conftest import PASSWORD, draft_article, make_user
from tests.members.test_browser_journey import audit, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Les martinets de Tours"


def sign_in(browser, base, user):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    tab = context.new_page()
    tab.goto(f"{base}/compte/login/")
    tab.locator("#id_login").fill(user.email)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    return context, tab


def approve(page, moderator):
    """B's submission goes through the territory's workflow; its moderator approves it."""
    workflow_state = page.get_workflow().start(page, page.owner)
    workflow_state.current_task_state.approve(user=moderator)


def test_follow_approve_feed_digest_comment_report_hide(seeded_live_server, browser):
    ensure_groups()
    home = Site.objects.get(is_default_site=True).root_page
    from content_types.models import ArticleIndexPage

    section = ArticleIndexPage.objects.child_of(home).get()
    a = make_user("alice@example.org", first_name="Alice", last_name="Abeille")
    b = make_user("bruno@example.org", first_name="Bruno", last_name="Bourdon")
    c = make_user("claire@example.org", first_name="Claire", last_name="Cigale")
    moderator = make_user("modo@example.org", groups=[moderators_group_name(home)])
    base = seeded_live_server.url
    # Absolute page addresses (redirects after a comment) point at the live server.
    Site.objects.filter(is_default_site=True).update(port=int(base.rsplit(":", 1)[1]))
    failures = {}

    # A finds B in the directory and follows them.
    a_context, tab = sign_in(browser, base, a)
    tab.goto(f"{base}/membres/?q=Bruno")
    audit(tab, failures, "annuaire")
    tab.get_by_role("link", name="Bruno Bourdon").click()
    tab.wait_for_load_state()
    audit(tab, failures, "profil")
    tab.locator(".profile .social-toggle button[type=submit]").click()
    tab.wait_for_load_state()
    assert "1 abonné" in tab.locator(".profile").inner_text()
    shot(tab, "social-01-follow")

    # B's article is approved.
    article = draft_article(section, b, title=TITLE)
    approve(article, moderator)
    article.refresh_from_db()
    assert article.live
    path = article.get_url_parts()[2]

    # It is in A's feed, and in A's daily digest.
    tab.goto(f"{base}/mon-espace/fil/")
    assert TITLE in tab.locator("main").inner_text()
    audit(tab, failures, "fil")
    shot(tab, "social-02-feed")
    SocialSettings.objects.update_or_create(user=a, defaults={"digest": "quotidien"})
    mail.outbox.clear()
    send_digests()
    assert [m for m in mail.outbox if m.to == [a.email] and TITLE in m.body]
    for space_path, name in (("/mon-espace/favoris/", "favoris"), ("/mon-espace/notifications/", "notifications"),
                       ("/mon-espace/resumes/", "resumes")):
        tab.goto(f"{base}{space_path}")
        audit(tab, failures, name)

    # A comments on it; B is notified.
    tab.goto(f"{base}{path}")
    tab.locator("#id_body").fill("Quelle belle observation, merci !")
    tab.locator(".comment-form button[type=submit]").click()
    for _ in range(100):  # the post is saved, then the reader is sent back to the page
        if Comment.objects.filter(page=article).exists():
            break
        tab.wait_for_timeout(100)
    comment = Comment.objects.get(page=article)
    tab.goto(f"{base}{path}")
    assert "Quelle belle observation" in tab.locator("#commentaires").inner_text()
    assert "Bruno Bourdon" in tab.locator(".byline").first.inner_text()
    audit(tab, failures, "article")

    # C reports it.
    c_context, c_tab = sign_in(browser, base, c)
    c_tab.goto(f"{base}{path}")
    c_tab.locator(f"#commentaire-{comment.pk} summary", has_text="Signaler").click()
    c_tab.locator(f"#report-{comment.pk}").fill("Hors sujet")
    c_tab.locator(f"#commentaire-{comment.pk} form[action$='/signaler/'] button").click()
    c_tab.wait_for_load_state()
    assert comment.reports.count() == 1

    # The territory's moderator hides it from the queue in the admin.
    m_context, m_tab = sign_in(browser, base, moderator)
    m_tab.goto(f"{base}/admin/commentaires/")
    m_tab.locator(f"#reason-{comment.pk}").fill("Hors charte")
    m_tab.locator(f"form[action$='/{comment.pk}/masquer/'] button").click()
    m_tab.wait_for_load_state("networkidle")
    comment.refresh_from_db()
    assert comment.is_hidden

    # Everyone now reads it hidden.
    tab.goto(f"{base}{path}")
    thread = tab.locator("#commentaires").inner_text()
    assert "Commentaire masqué par la modération" in thread and "Quelle belle observation" not in thread
    shot(tab, "social-03-hidden")

    # The digest's unsubscribe page.
    token_link = re.search(r"https?://\S+/resumes/desabonnement/\S+/", mail.outbox[0].body).group(0)
    tab.goto(base + token_link.split("testserver", 1)[-1] if "testserver" in token_link else token_link)
    audit(tab, failures, "desabonnement")
    assert not failures, failures
    for context in (a_context, c_context, m_context):
        context.close()
