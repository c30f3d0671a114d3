"""In Chromium: the portal's pages on its own host pass axe-core, and its map draws every territory."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_portal_pages_are_accessible_and_its_map_shows_the_whole_network(seeded_live_server, page):
    # Chromium resolves every *.localhost name to the loopback address: the test server
    # answers the portal's host name, and Wagtail serves the portal's Site for it.
    port = urlsplit(seeded_live_server.url).port
    portal = f"http://reseau.localhost:{port}"
    axe = Axe()
    failures = {}
    for path in ("/", "/agenda/", "/carte/"):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(portal + path, wait_until="load")
            assert response.status == 200, path
            if path == "/carte/":
                page.wait_for_selector(".echo-map__item", state="attached", timeout=15000)
            bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{path}@{width}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
            if width == 360:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{path} déborde de {overflow} px à 360 px"
    assert not failures, failures
    # The map's list links to pages on both territories' hosts.
    links = page.locator(".echo-map__item a").evaluate_all("links => links.map(a => new URL(a.href).hostname)")
    assert {"localhost", "grenoble.localhost"} <= set(links)
    page.goto(portal + "/")
    assert page.locator(".territory").count() == 2
