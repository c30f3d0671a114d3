"""In Chromium: the search page with results, highlighted words and facets, audited by axe-core."""

import pytest

from content_types.core import registry
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 360])
def test_search_results_page_has_no_serious_accessibility_violation(seeded_live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(f"{seeded_live_server.url}/recherche/?q=etoile", wait_until="load")

    assert response.status == 200
    # What the audit covers: results with the matching words marked, and the type facets.
    assert page.locator(".search-result__title mark").count() >= 1
    assert page.locator("[data-facet]").count() == len(registry.entries())  # one facet per public type
    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"la page de recherche déborde de {overflow} px"
