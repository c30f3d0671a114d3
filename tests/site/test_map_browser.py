"""The maps as people see them, in Chromium: the « Carte » page, the home page's map, the
embed page and the API's documentation (issue 12 « The map », issue 13's cluster contrast)."""

import os

import pytest

from tests.conftest import scroll_maps_into_view
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from content_types.models import EventPage, MapPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SITE_SCREENSHOTS")
DEMO = "/api/v3/map/demo/"
DOCS = "/api/v3/map/docs/"


def map_path():
    page = MapPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()
    return page.get_url_parts()[2]


def event_with_point_path():
    events = EventPage.objects.live().filter(url_path__startswith="/centre-val-de-loire/")
    event = events.filter(latitude__isnull=False).first() or events.filter(venue__latitude__isnull=False).first()
    return event.get_url_parts()[2]


def wait_widgets(page):
    """Every widget on the page has answered (results or an error)."""
    scroll_maps_into_view(page)
    page.wait_for_function(
        "() => { const all = document.querySelectorAll('[data-echo-map]');"
        " return all.length && Array.from(all).every((el) => el.echoMap && el.echoMap.loads > 0"
        " && el.getAttribute('aria-busy') === null); }",
        timeout=15000,
    )


def test_pages_with_a_map_end_at_their_footer(seeded_live_server, page):
    """The list's visually hidden labels once escaped their scroll box: ~4,000 px of blank
    page below the footer."""
    for path in (map_path(), "/", DEMO):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(seeded_live_server.url + path)
            wait_widgets(page)
            below_footer = page.evaluate(
                "() => document.documentElement.scrollHeight"
                " - (document.querySelector('footer').getBoundingClientRect().bottom + window.scrollY)"
            )
            assert below_footer <= 1, f"{path} à {width} px : {below_footer} px sous le pied de page"


def test_a_popup_opened_on_a_filtered_map_stays_open_and_the_list_stays_whole(seeded_live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{seeded_live_server.url}{map_path()}?type=place")
    wait_widgets(page)
    widget = "[data-echo-map]"
    assert page.locator(".echo-map__item").count() > 3
    # Bring a marker just below the top edge, as a reader's drag would (the map reloads):
    # its popup cannot open there without the map panning.
    title = page.locator(".echo-map__marker").first.get_attribute("title")
    loads = page.evaluate(f"() => document.querySelector('{widget}').echoMap.loads")
    page.evaluate(
        "([selector, title]) => { const widget = document.querySelector(selector).echoMap;"
        " const marker = Object.values(widget.markers).find((m) => m.options.title === title);"
        " const point = widget.map.latLngToContainerPoint(marker.getLatLng());"
        " widget.map.panBy([point.x - widget.map.getSize().x / 2, point.y - 30], {animate: false}); }",
        [widget, title],
    )
    page.wait_for_function(f"(n) => document.querySelector('{widget}').echoMap.loads > n"
                           f" && !document.querySelector('{widget}').hasAttribute('aria-busy')", arg=loads)
    items_before = page.locator(".echo-map__item").count()
    assert items_before > 0
    marker = page.locator(f'.echo-map__marker[title="{title}"]')
    center_before = page.evaluate(f"() => document.querySelector('{widget}').echoMap.map.getCenter()")
    loads_before = page.evaluate(f"() => document.querySelector('{widget}').echoMap.loads")
    marker.click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(1500)  # past the pan, the debounce and any reload
    assert page.evaluate(f"() => document.querySelector('{widget}').echoMap.map.getCenter()") != center_before, \
        "la carte n'a pas bougé : le test ne vérifie rien"
    assert popup.is_visible()
    assert page.locator(".echo-map__item").count() == items_before
    assert page.evaluate(f"() => document.querySelector('{widget}').echoMap.loads") == loads_before


def test_api_errors_reach_people_in_french(seeded_live_server, page):
    page.goto(seeded_live_server.url + DEMO)
    wait_widgets(page)
    first = page.locator("[data-echo-map]").first
    first.locator("input[name=start]").fill("2026-12-10")
    first.locator("input[name=end]").fill("2026-12-01")
    loads = page.evaluate("() => document.querySelector('[data-echo-map]').echoMap.loads")
    with page.expect_response(lambda response: "/api/v3/map/features" in response.url) as answer:
        first.locator(".echo-map__apply").click()
    assert answer.value.status == 400
    status = first.locator(".echo-map__status")
    page.wait_for_function("() => document.querySelector('[data-echo-map]').dataset.error === '400'")
    text = status.inner_text()
    assert "date de début doit précéder la date de fin" in text
    assert "start" not in text and "after" not in text
    assert page.evaluate("() => document.querySelector('[data-echo-map]').echoMap.loads") == loads


def test_every_map_credits_its_tile_provider(seeded_live_server, page):
    for path in (map_path(), "/", DEMO, event_with_point_path()):
        page.goto(seeded_live_server.url + path)
        scroll_maps_into_view(page)
        page.wait_for_selector(".leaflet-container", state="attached", timeout=15000)
        page.wait_for_timeout(300)
        credits = page.evaluate(
            "() => Array.from(document.querySelectorAll('.leaflet-container'))"
            ".map((map) => (map.querySelector('.leaflet-control-attribution') || {}).textContent || '')"
        )
        assert credits, path
        assert all("OpenStreetMap" in credit for credit in credits), (path, credits)


CONTRAST_SAMPLER = """() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const alpha = (rgb) => { const parts = rgb.match(/[\\d.]+/g); return parts.length > 3 ? parseFloat(parts[3]) : 1; };
  window.clusterSamples = [];
  const sample = () => {
    document.querySelectorAll('.marker-cluster').forEach((icon) => {
      if (!icon.isConnected || !icon.textContent.trim()) return;
      let opacity = 1;
      for (let node = icon; node && node !== document.body; node = node.parentElement) {
        opacity *= parseFloat(getComputedStyle(node).opacity);
      }
      const label = icon.querySelector('span, div') || icon;
      const style = getComputedStyle(label);
      if (opacity === 0 || alpha(style.color) === 0) return;  // not drawn at all
      const [fg, bg] = [luminance(style.color), luminance(style.backgroundColor)];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      window.clusterSamples.push({opacity, ratio, bgAlpha: alpha(style.backgroundColor), text: icon.textContent});
    });
    if (window.clusterSampling) requestAnimationFrame(sample);
  };
  window.clusterSampling = true;
  requestAnimationFrame(sample);
}"""


def test_cluster_counts_keep_their_contrast_while_animating(seeded_live_server, page):
    """Sampled on every frame while the map zooms in and out (clusters split and merge)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(seeded_live_server.url + map_path())
    wait_widgets(page)
    assert page.locator(".marker-cluster").count() > 0
    page.evaluate(CONTRAST_SAMPLER)
    for step in ("zoomIn", "zoomIn", "zoomOut", "zoomOut"):
        page.evaluate(f"() => document.querySelector('[data-echo-map]').echoMap.map.{step}()")
        page.wait_for_timeout(600)
    page.locator(".marker-cluster").first.click()  # zooms to (or spiderfies) the cluster
    page.wait_for_timeout(800)
    samples = page.evaluate("() => { window.clusterSampling = false; return window.clusterSamples; }")
    assert len(samples) > 20
    faint = [s for s in samples if s["opacity"] < 1 or s["bgAlpha"] < 1 or s["ratio"] < 4.5]
    assert not faint, faint[:5]


def test_axe_and_phones_on_the_map_pages(seeded_live_server, page):
    axe = Axe()
    failures = {}
    for name, path in (("carte", map_path()), ("integrer", DEMO), ("documentation", DOCS)):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(seeded_live_server.url + path).status == 200
            if name != "documentation":
                wait_widgets(page)
            page.wait_for_timeout(300)
            if SCREENSHOTS:
                os.makedirs(SCREENSHOTS, exist_ok=True)
                page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)
            bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{name}@{width}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
            if width == 360:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{path} déborde de {overflow} px à 360 px"
    assert not failures, failures


def test_embed_page_copies_its_snippet_and_leads_to_the_french_documentation(seeded_live_server, browser):
    context = browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(seeded_live_server.url + DEMO)
        snippet = page.locator("#snippet").inner_text()
        page.get_by_role("button", name="Copier le code").first.click()
        page.wait_for_function("() => document.querySelector('.code-block__status').textContent.length > 0")
        assert "copié" in page.locator(".code-block__status").first.inner_text()
        assert page.evaluate("() => navigator.clipboard.readText()") == snippet
        page.get_by_role("link", name="sa documentation").click()
        page.wait_for_url(f"**{reverse('wagtailapi_v3:map_api_docs')}")
        assert page.locator("h1").inner_text() == "L’API de la carte"
        assert page.locator("html").get_attribute("lang").startswith("fr")
    finally:
        context.close()
