"""In a real browser: a member joins a community, posts an announcement attached to it through
« Je contribue », a moderator approves it, it appears on the community page and in its feed, and it
leaves /annonces/ once its deadline is past."""

import re
import urllib.request
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from content_types.models import AnnoncePage, CommunityPage
from members.profiles import create_profile
from members.setup import ensure_groups, moderators_group_name

from .conftest import PASSWORD, make_user
from .test_browser_journey import audit, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Appel aux observateurs des Perséides"


def sign_in(context, base, user, next_path):
    tab = context.new_page()
    tab.goto(f"{base}/compte/login/?next={next_path}")
    tab.locator("#id_login").fill(user.email)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    return tab


def test_join_contribute_an_attached_announcement_moderate_and_expire(seeded_live_server, browser, monkeypatch):
    ensure_groups()
    home = Site.objects.get(is_default_site=True).root_page
    moderator = make_user("moderatrice-annonces@example.org", groups=[moderators_group_name(home)])
    member = make_user("celeste@example.org", first_name="Céleste", last_name="Étoile")
    create_profile(member, "Céleste Étoile")
    community = CommunityPage.objects.live().descendant_of(home).get(slug="astronomes-amateurs")
    base = seeded_live_server.url
    path = community.get_url_parts()[2]
    failures = {}

    # 1. The member signs in and joins the community with its button.
    member_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = sign_in(member_context, base, member, path)
    shot(page, "s00-connexion")
    assert page.url.endswith(path), (page.url, page.locator("main").inner_text()[:500])
    page.get_by_role("button", name="Rejoindre la communauté").click()
    page.wait_for_load_state()
    assert "Vous êtes membre de cette communauté." in page.content()
    assert "Céleste Étoile" in page.locator("#adhesion").inner_text()
    audit(page, failures, "communaute-membre")
    shot(page, "s01-communaute")

    # 2. « Je contribue » → « Une annonce », attached to the community, submitted for moderation.
    page.goto(f"{base}/je-contribue/")
    page.get_by_role("link", name="Une annonce").click()
    page.wait_for_selector("#id_title")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Comptez les étoiles filantes avec nous la nuit du 12 août.")
    page.locator("#id_kind").select_option(label="Appel à participation")
    deadline = timezone.localdate() + timedelta(days=2)
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#id_city").fill("Orléans")
    communities = page.locator("input[name=communities]")
    assert communities.count() == 1  # only the community she belongs to is offered
    page.get_by_label(community.title).check()
    shot(page, "s02-editeur")
    page.evaluate("""() => {
        const button = document.querySelector('button[name="action-submit"]');
        button.form.requestSubmit(button);
    }""")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    annonce = AnnoncePage.objects.get(title=TITLE)
    assert not annonce.live
    assert list(annonce.communities.all()) == [community]
    page.goto(base + path)
    assert TITLE not in page.content()  # not before a moderator says so

    # 3. A moderator of the territory approves it.
    moderator_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    mod = sign_in(moderator_context, base, moderator, f"/admin/pages/{annonce.pk}/edit/")
    mod.wait_for_selector("#id_title")
    mod.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])').dispatch_event("click")
    mod.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    mod.wait_for_load_state()
    annonce.refresh_from_db()
    assert annonce.live

    # 4. On the community page, in its feed and in /annonces/.
    page.goto(base + path)
    assert page.get_by_role("link", name=TITLE).count() == 1
    shot(page, "s03-fil")
    with urllib.request.urlopen(f"{base}{path}rss/") as response:
        assert f"<title>{TITLE}</title>" in response.read().decode()
    page.goto(f"{base}/annonces/")
    assert page.get_by_role("link", name=TITLE).count() == 1
    audit(page, failures, "annonces")

    # 5. The day after its deadline (Paris time), it leaves /annonces/ and says it has expired.
    after = timezone.make_aware(datetime.combine(deadline + timedelta(days=1), datetime.min.time()))
    monkeypatch.setattr(timezone, "now", lambda: after)
    page.goto(f"{base}/annonces/")
    assert page.get_by_role("link", name=TITLE).count() == 0
    page.goto(base + annonce.get_url_parts()[2])
    assert "Annonce expirée" in page.content()
    shot(page, "s04-expiree")
    assert not failures, failures
    member_context.close()
    moderator_context.close()
