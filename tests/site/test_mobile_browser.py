"""In Chromium at 360 and 1280 px: the folded menu and filters, places' practical information
first, the legal pages, and axe-core on every page the ux branch touches.

Screenshots are written to $SITE_SCREENSHOTS when set (look at them).
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from content_types.models import AgendaPage, DossierPage, EventPage, PlacePage
from home.models import ContactPage, LegalPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SITE_SCREENSHOTS")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def centre(model, **filters):
    return model.objects.live().filter(url_path__startswith="/centre-val-de-loire/", **filters).first()


def path_of(page):
    return page.get_url_parts()[2]


def shot(page, name):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def top_of(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def test_the_menu_folds_into_one_button_on_a_phone_that_opens_with_the_keyboard(seeded_live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(seeded_live_server.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#menu-principal").is_visible()
    assert not page.locator(".search-box").is_visible()
    header = page.locator(".site-header").bounding_box()["height"]
    assert header <= 120, f"l’en-tête prend {header} px à 360 px"
    shot(page, "menu-ferme-360")

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Agenda").is_visible()
    assert page.locator(".search-box").is_visible()
    shot(page, "menu-ouvert-360")
    page.keyboard.press("Tab")  # into the menu; Escape folds it and gives the focus back
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"

    # On a desktop the menu is always shown and there is no button.
    page.set_viewport_size(DESKTOP)
    expect(page.locator(".menu-toggle")).to_be_hidden()
    assert page.locator("#menu-principal").is_visible() and page.locator(".search-box").is_visible()


def test_without_javascript_the_menu_and_filters_show(seeded_live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(seeded_live_server.url + "/agenda/")
        assert page.locator("#menu-principal").is_visible()
        assert page.locator("#filtres").is_visible()
        assert not page.locator(".menu-toggle").is_visible() and not page.locator(".filters-toggle").is_visible()
    finally:
        context.close()


def test_on_a_phone_results_come_first_and_filters_fold_behind_a_counted_button(seeded_live_server, page):
    for path, query, active in [
        ("/agenda/", "", 0),
        ("/agenda/", "?thematique=astronomie&gratuit=on", 2),
        ("/a-visiter/", "?ville=Orl%C3%A9ans", 1),
    ]:
        page.set_viewport_size(PHONE)
        page.goto(seeded_live_server.url + path + query)
        toggle = page.locator(".filters-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        label = " ".join(toggle.inner_text().split())
        if active:
            assert f"({active} actif" in label, label
        else:
            assert label == "Filtres", label
        assert not page.locator("#filtres").is_visible()
        first_card = top_of(page, ".cards .card")
        assert first_card < 740, f"{path}{query} : premier résultat à {first_card} px"
        shot(page, f"filtres-ferme-360{path.replace('/', '-')}{active}")
        toggle.click()
        assert page.locator("#filtres").is_visible() and toggle.get_attribute("aria-expanded") == "true"
        # At 1280 px the filters sit beside (or above) the results, no button.
        page.set_viewport_size(DESKTOP)
        expect(toggle).to_be_hidden()
        expect(page.locator("#filtres")).to_be_visible()


def test_on_a_phone_a_places_address_and_hours_come_before_its_description(seeded_live_server, page):
    place = centre(PlacePage, opening_hours__isnull=False)
    page.set_viewport_size(PHONE)
    page.goto(seeded_live_server.url + path_of(place))
    assert top_of(page, ".facts") < top_of(page, ".detail__main .rich")
    assert top_of(page, "table.hours") < top_of(page, ".detail__main .rich")
    shot(page, "lieu-360")
    page.set_viewport_size(DESKTOP)
    # Side by side on a desktop: the body on the left, the practical information on the right.
    assert page.locator(".detail__aside").bounding_box()["x"] > page.locator(".detail__main").bounding_box()["x"]


def test_copy_button_copies_the_subscription_address(seeded_live_server, browser):
    context = browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(seeded_live_server.url + "/agenda/?thematique=astronomie")
        button = page.get_by_role("button", name="Copier l’adresse")
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.endswith("/agenda/ical/?thematique=astronomie")
        assert page.locator('[data-copy-status="adresse-abonnement"]').inner_text() == "Adresse copiée"
    finally:
        context.close()


def touched_pages():
    agenda = centre(AgendaPage)
    return {
        "accueil": "/",
        "agenda": path_of(agenda),
        "agenda-filtre": path_of(agenda) + "?quand=ce-mois&gratuit=on",
        "archives": path_of(agenda) + "archives/",
        "evenement": path_of(centre(EventPage, venue__isnull=False)),
        "lieux": path_of(centre(PlacePage).get_parent()),
        "lieu": path_of(centre(PlacePage, opening_hours__isnull=False)),
        "dossier": path_of(centre(DossierPage)),
        "thematique": "/thematiques/astronomie/",
        "mentions": path_of(centre(LegalPage, slug="mentions-legales")),
        "confidentialite": path_of(centre(LegalPage, slug="confidentialite")),
        "contact": path_of(centre(ContactPage)),
        "inscription": "/compte/signup/",
    }


def test_axe_finds_no_serious_or_critical_violation_on_touched_pages(seeded_live_server, page):
    axe = Axe()
    failures = {}
    for name, path in touched_pages().items():
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            response = page.goto(seeded_live_server.url + path, wait_until="load")
            assert response.status == 200, path
            shot(page, f"{name}-{size['width']}")
            results = axe.run(page)
            bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{name}@{size['width']}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
            if size is PHONE:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{path} déborde de {overflow} px à 360 px"
                # And with the menu open.
                page.get_by_role("button", name="Menu").click()
                results = axe.run(page)
                bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
                if bad:
                    failures[f"{name}@360-menu"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not failures, failures


def test_contact_form_errors_in_the_browser(seeded_live_server, page):
    contact = centre(ContactPage)
    page.set_viewport_size(PHONE)
    page.goto(seeded_live_server.url + path_of(contact))
    page.get_by_label("Votre nom").fill("Alice")
    page.get_by_label("Votre adresse e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Envoyer le message").click()
    alert = page.get_by_role("alert")
    assert "pas été envoyé" in alert.inner_text()
    assert page.locator("#id_email-erreur").is_visible()
    # The honeypot is out of sight and out of the keyboard's way.
    assert not page.locator("#id_website").is_visible() or page.locator("#id_website").bounding_box()["x"] < 0
    shot(page, "contact-erreurs-360")
