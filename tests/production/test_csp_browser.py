"""The Content Security Policy in Chromium: the public site, the admin's map-point widget and
the embeddable widget on a partner's page work with no violation reported."""

import functools
import threading
from urllib.parse import urlsplit
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import scroll_maps_into_view

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""

# A partner's page with a strict policy of its own, allowing only the platform's origin.
PARTNER_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Médiathèque partenaire</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src {origin}; style-src {origin};
 connect-src {origin}; img-src {origin} data: https://tile.openstreetmap.org; object-src 'none'">
</head><body><h1>Médiathèque partenaire</h1>
<div id="carte" data-echo-map data-api="{origin}/api/v3/map/features"></div>
<script src="{origin}/static/map-widget/echo-map.js" defer></script>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_init_script(LISTEN)
    tab = context.new_page()
    console = []
    tab.on("console", lambda message: console.append(message.text)
           if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    tab.csp_console = console
    yield tab
    context.close()


def violations(page):
    return page.evaluate("window.__cspViolations") + page.csp_console


def visit(page, url, ready):
    response = page.goto(url)
    assert response.status < 400, url
    scroll_maps_into_view(page)
    page.wait_for_selector(ready, state="attached", timeout=15000)
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_work_under_the_policy(watched_page, seeded_live_server):
    from content_types.models import EventPage, PlacePage

    page = watched_page
    event = EventPage.objects.live().filter(location__isnull=False).exclude(location="").first()
    place = PlacePage.objects.live().first()
    base = seeded_live_server.url
    response = visit(page, base + "/", "[data-echo-map] .leaflet-container")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("[data-echo-map] .echo-map__item", timeout=15000)  # the map API answered
    for target in (event, place):
        visit(page, base + urlsplit(target.full_url).path, "[data-point-map].leaflet-container")
    visit(page, base + "/recherche/?q=ciel", "#search-q")
    page.fill("#search-q", "obs")  # autocomplete fetches suggestions
    page.wait_for_timeout(800)
    visit(page, base + "/compte/signup/", "form")
    assert violations(page) == []


def test_admin_event_editor_with_the_map_point_widget(watched_page, seeded_live_server):
    from content_types.models import EventPage
    from members.setup import ensure_groups
    from tests.members.conftest import PASSWORD, make_user

    ensure_groups()
    make_user("admin-csp@example.org", superuser=True)
    # An event with its own map point (one held at a venue has an empty point: no marker).
    event = EventPage.objects.live().filter(venue__isnull=True, latitude__isnull=False).first()
    page = watched_page
    page.goto(seeded_live_server.url + "/compte/login/")
    page.fill("input[name=login]", "admin-csp@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")
    visit(page, f"{seeded_live_server.url}/admin/pages/{event.pk}/edit/", ".leaflet-container")
    # The widget works: its marker is on the map and the editor can type in the address search.
    page.wait_for_selector(".leaflet-marker-icon", timeout=15000)
    found = violations(page)
    visit(page, f"{seeded_live_server.url}/admin/", "main")
    found += violations(page)
    # The public site seen by a logged-in editor: Wagtail's user bar is on it.
    visit(page, f"{seeded_live_server.url}{urlsplit(event.full_url).path}", "[data-point-map].leaflet-container")
    found += violations(page)
    assert found == [], "\n".join(found)


def test_the_widget_on_a_partner_page_with_its_own_policy(watched_page, seeded_live_server, tmp_path):
    origin = seeded_live_server.url
    (tmp_path / "index.html").write_text(PARTNER_PAGE.format(origin=origin), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = watched_page
        visit(page, f"http://127.0.0.1:{server.server_address[1]}/index.html", "#carte .leaflet-container")
        page.wait_for_selector("#carte .echo-map__item", timeout=15000)
        assert violations(page) == []
    finally:
        server.shutdown()
        server.server_close()
