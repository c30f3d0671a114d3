"""The whole path in a real browser: signup → confirmation e-mail → an event through « Je contribue »
→ a moderator approves → the event is on the agenda and in the map API."""

import json
import os
import re
import urllib.request
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from content_types.models import EventPage
from members.setup import ensure_groups, moderators_group_name

from .conftest import PASSWORD, make_user


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/members-shots"
TITLE = "Nuit des chauves-souris à Chambord"


def audit(page, failures, name):
    """Serious or critical axe violations on the member pages, at desktop and phone widths."""
    from axe_playwright_python.sync_playwright import Axe

    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload(wait_until="load")
        results = Axe().run(page)
        bad = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            failures[f"{name}@{width}"] = bad
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if width == 360 and overflow > 1:
            failures[f"{name}@360"] = f"déborde de {overflow} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png")


def test_signup_contribute_moderate_publish(seeded_live_server, browser):
    ensure_groups()
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    moderator = make_user("moderatrice@example.org", groups=[moderators_group_name(home)])
    base = seeded_live_server.url
    mail.outbox.clear()

    # 1. Signup, then the confirmation link read from the outbox.
    member_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = member_context.new_page()
    refused = []  # admin requests the fence refused while the member worked: the editor must need none
    page.on("response", lambda r: refused.append(r.url) if "/admin/" in r.url and r.status == 403 else None)
    failures = {}
    page.goto(f"{base}/compte/signup/")
    audit(page, failures, "inscription")
    page.locator("#id_display_name").fill("Club d'astronomie de Blois")
    page.locator("#id_email").fill("club@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    shot(page, "01-signup")
    page.locator("form[action$='/compte/signup/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    shot(page, "02-confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # 2. « Je contribue » → an event, written in Wagtail's editor, submitted.
    page.goto(f"{base}/je-contribue/")
    audit(page, failures, "je-contribue")
    shot(page, "03-je-contribue")
    page.get_by_role("link", name="Un événement").click()
    page.wait_for_selector("#id_title")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Observer les chauves-souris au crépuscule avec un guide.")
    shot(page, "04a-editor-empty")
    page.locator("#id_occurrences-ADD").click()
    start = (timezone.localtime() + timedelta(days=20)).replace(hour=20, minute=30)
    page.locator("#id_occurrences-0-start").fill(start.strftime("%Y-%m-%d %H:%M"))
    page.locator("#id_occurrences-0-end").fill((start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    page.locator("#id_address").fill("Château de Chambord")
    page.locator("#id_city").fill("Chambord")
    page.evaluate("""() => {
        const field = document.querySelector('#id_location');
        field.value = 'SRID=4326;POINT(1.5170 47.6161)';
    }""")
    shot(page, "04-editor")
    page.evaluate("""() => {
        const button = document.querySelector('button[name="action-submit"]');
        button.form.requestSubmit(button);
    }""")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    event = EventPage.objects.get(title=TITLE)
    assert not event.live
    page.goto(f"{base}/admin/pages/{event.pk}/edit/")
    page.wait_for_selector("#id_title")
    page.wait_for_timeout(1500)
    shot(page, "04b-editor-member")
    assert refused == [], refused
    page.goto(f"{base}/mon-espace/")
    shot(page, "05-mon-espace")
    assert "En modération" in page.locator(".contribution-cards").inner_text()
    assert any("moderatrice@example.org" in m.to for m in mail.outbox)

    # 3. The territory's moderator signs in and approves.
    moderator_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    mod = moderator_context.new_page()
    mod.goto(f"{base}/admin/pages/{event.pk}/edit/")
    mod.locator("#id_login").fill(moderator.email)
    mod.locator("#id_password").fill(PASSWORD)
    mod.locator("main form button[type=submit]").click()
    mod.wait_for_selector("#id_title")
    shot(mod, "06-moderator")
    # « Approuver » sits in the editor's action menu; Wagtail's script posts the decision.
    mod.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])').dispatch_event("click")
    mod.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    mod.wait_for_load_state()
    event.refresh_from_db()
    assert event.live

    # 4. On the agenda and in the map API.
    page.goto(f"{base}/agenda/")
    shot(page, "07-agenda")
    assert TITLE in page.content()
    with urllib.request.urlopen(f"{base}/api/v3/map/features?limit=500") as response:
        features = json.load(response)["features"]
    assert any(f["properties"].get("title") == TITLE for f in features)
    page.goto(f"{base}/mon-espace/")
    assert "Publiée" in page.locator(".contribution-cards").inner_text()
    audit(page, failures, "mon-espace")
    page.goto(f"{base}/mon-espace/profil/")
    audit(page, failures, "profil-edition")
    page.goto(f"{base}/membres/club-dastronomie-de-blois/")
    assert TITLE in page.content()
    audit(page, failures, "profil-public")
    page.goto(f"{base}/mon-espace/supprimer/")
    audit(page, failures, "suppression")
    assert not failures, failures
    member_context.close()
    moderator_context.close()
