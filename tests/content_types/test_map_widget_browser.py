"""The embeddable widget in a real browser, on a page served from another origin than the
API, as a museum's or a town hall's site would embed it."""

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTERNAL_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Musée partenaire</title></head>
<body>
<h1>Musée partenaire</h1>
<div id="all" data-echo-map data-api="{api}" data-tiles="http://127.0.0.1:9/{{z}}/{{x}}/{{y}}.png"></div>
<div id="places" data-echo-map data-api="{api}" data-type="place"></div>
<script src="{script}" defer></script>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def external_site(tmp_path, seeded_live_server):
    """A plain static site on a second local port embedding the widget from the live server."""
    api = f"{seeded_live_server.url}/api/v3/map/features"
    script = f"{seeded_live_server.url}/static/map-widget/echo-map.js"
    (tmp_path / "index.html").write_text(EXTERNAL_PAGE.format(api=api, script=script), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html", seeded_live_server.url
    server.shutdown()
    server.server_close()


def api_requests(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url) if "/api/v3/map/features" in request.url else None)
    return seen


def wait_loaded(page, selector, count_before=None):
    page.wait_for_function(
        "([selector, before]) => { const el = document.querySelector(selector);"
        " return el && el.echoMap && el.getAttribute('aria-busy') === null && el.dataset.numberReturned !== undefined"
        " && (before === null || el.echoMap.loads > before); }",
        arg=[selector, count_before],
        timeout=15000,
    )


COUNTS_JS = """(selector) => {
    const root = document.querySelector(selector);
    const clusters = Array.from(root.querySelectorAll('.marker-cluster'))
        .reduce((sum, node) => sum + parseInt(node.textContent, 10), 0);
    const single = root.querySelectorAll('.echo-map__marker').length;
    return {markers: clusters + single, layers: root.echoMap.cluster.getLayers().length,
            items: root.querySelectorAll('.echo-map__item').length,
            returned: parseInt(root.dataset.numberReturned, 10)};
}"""


def displayed_counts(page, selector):
    """Markers drawn on the map (a cluster counts its members) and items in the list."""
    return page.evaluate(COUNTS_JS, selector)


def assert_displays(page, selector, expected):
    """Once clustering animations settle, the map and the list show exactly `expected` features."""
    wanted = {"markers": expected, "layers": expected, "items": expected, "returned": expected}
    try:
        page.wait_for_function(
            "([selector, wanted]) => { const c = (" + COUNTS_JS + ")(selector);"
            " return Object.keys(wanted).every((k) => c[k] === wanted[k]); }",
            arg=[selector, wanted], timeout=5000,
        )
    except Exception:  # noqa: BLE001 — report what is actually displayed
        pass
    assert displayed_counts(page, selector) == wanted


def fetch_json(url):
    with urlopen(url) as response:  # noqa: S310 — the local live server
        return json.loads(response.read())


def test_widget_on_another_origin_shows_every_feature_pans_and_opens_popups(external_site, page):
    external_url, api_origin = external_site
    assert urlsplit(external_url).netloc != urlsplit(api_origin).netloc
    requests = api_requests(page)
    assets = []
    page.on("request", lambda request: assets.append(request.url) if "leaflet" in request.url else None)

    page.goto(external_url)
    wait_loaded(page, "#all")
    wait_loaded(page, "#places")

    # Markers (or clusters) and list items account for exactly numberReturned features,
    # with no tile server reachable.
    first_all = next(url for url in requests if "type=place" not in url)
    expected = fetch_json(first_all)["numberReturned"]
    assert expected > 10
    assert_displays(page, "#all", expected)

    # The second widget on the page is independent: only places.
    places_url = next(url for url in requests if "type=place" in url)
    expected_places = fetch_json(places_url)
    assert displayed_counts(page, "#places")["items"] == expected_places["numberReturned"] > 0
    assert all(f["properties"]["type"] == "place" for f in expected_places["features"])
    assert page.locator("#places .echo-map__item--event").count() == 0
    assert page.locator("#all .echo-map__item--event").count() > 0

    # Leaflet came from the API's own static files, not from a CDN.
    assert any(url.startswith(f"{api_origin}/static/vendor/leaflet/leaflet.js") for url in assets)
    assert all(url.startswith((api_origin, "http://127.0.0.1:9/")) for url in assets)

    # Panning reloads with the visible bbox.
    loads = page.evaluate("document.querySelector('#all').echoMap.loads")
    page.locator("#all .echo-map__map").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_loaded(page, "#all", loads)
    panned = [url for url in requests if "bbox=" in url and "type=place" not in url]
    assert panned, requests
    first_bbox = parse_qs(urlsplit(panned[-1]).query)["bbox"][0]
    assert len(first_bbox.split(",")) == 4
    loads = page.evaluate("document.querySelector('#all').echoMap.loads")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    wait_loaded(page, "#all", loads)
    second_bbox = parse_qs(urlsplit([u for u in requests if "bbox=" in u and "type=place" not in u][-1]).query)["bbox"][0]
    assert second_bbox != first_bbox
    # After each reload the map and the list still agree with the response.
    after = fetch_json(requests[-1] if "type=place" not in requests[-1] else first_all)
    counts = displayed_counts(page, "#all")
    assert counts["items"] == counts["layers"] == counts["returned"] == after["numberReturned"]

    # Clicking a list item opens the marker's popup, with the link to the page.
    item = page.locator("#places .echo-map__item").first
    title = item.locator("h3 a, h3 span").first.inner_text()
    link = item.locator("h3 a").get_attribute("href")
    item.get_by_role("button").click()
    popup = page.locator("#places .leaflet-popup")
    popup.wait_for(state="visible", timeout=10000)
    assert popup.get_by_role("link", name=title).get_attribute("href") == link
    assert link.startswith("http")


def test_list_is_usable_with_the_keyboard(external_site, page):
    external_url, _ = external_site
    page.goto(external_url)
    wait_loaded(page, "#places")
    first_button = page.locator("#places .echo-map__locate").first
    first_button.focus()
    page.keyboard.press("Enter")
    page.locator("#places .leaflet-popup").wait_for(state="visible", timeout=10000)
    # Headings introduce the list and each result, for screen-reader navigation.
    assert page.locator("#places h2.echo-map__list-title").count() == 1
    assert page.locator("#places h3.echo-map__item-title").count() == page.locator("#places .echo-map__item").count()
    assert page.locator("#places label").count() == 3  # every filter control is labelled


def test_type_filter_reloads_the_map(external_site, page):
    external_url, _ = external_site
    page.goto(external_url)
    wait_loaded(page, "#all")
    loads = page.evaluate("document.querySelector('#all').echoMap.loads")
    page.locator("#all select").select_option("event")
    page.locator("#all .echo-map__apply").click()
    wait_loaded(page, "#all", loads)
    assert page.locator("#all .echo-map__item--place").count() == 0
    assert page.locator("#all .echo-map__item--event").count() > 0
