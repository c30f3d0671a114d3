"""The admin's map point, in Chromium, as the demo editor on an event's edit page."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from content_types.models import EventPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMINATIM = "https://nominatim.openstreetmap.org/search**"


@pytest.fixture
def editor_page(seeded_live_server, browser):
    """A tab logged in as the demo editor (the session made by Django's test client)."""
    client = Client()
    client.force_login(get_user_model().objects.get(email="editeur@echosciences.localhost"),
                       backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": seeded_live_server.url,
    }])
    page = context.new_page()
    yield page
    page.goto("about:blank")  # the edit view's session pings stop before the database is flushed
    context.close()


def open_event_without_point(page, server):
    event = EventPage.objects.filter(location="").first()
    assert event is not None
    page.goto(server.url + reverse("wagtailadmin_pages:edit", args=[event.pk]))
    page.wait_for_function("() => document.querySelector('#id_location').mapPointField"
                           " && document.querySelector('#id_location_map.leaflet-container')")
    page.locator("#id_location_map").scroll_into_view_if_needed()
    return event


def state(page):
    return page.evaluate(
        "() => ({latlng: document.querySelector('#id_location_latlng').value,"
        " saved: document.querySelector('#id_location').value,"
        " pins: document.querySelectorAll('#id_location_map .leaflet-marker-icon').length})"
    )


def test_empty_point_looks_empty_and_a_click_sets_it(seeded_live_server, editor_page):
    page = editor_page
    event = open_event_without_point(page, seeded_live_server)
    assert state(page) == {"latlng": "", "saved": "", "pins": 0}
    assert "cliquez sur la carte" in page.locator("#id_location_latlng").get_attribute("placeholder")

    box = page.locator("#id_location_map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
    now = state(page)
    assert now["pins"] == 1
    match = re.fullmatch(r"SRID=4326;POINT\((-?\d+\.(\d+)) (-?\d+\.(\d+))\)", now["saved"])
    assert match, now
    assert 1 <= len(match.group(2)) <= 6 and 1 <= len(match.group(4)) <= 6
    latitude, longitude = (float(value) for value in now["latlng"].split(","))
    assert (latitude, longitude) == (float(match.group(3)), float(match.group(1)))
    # The point is where the click was: the pin stands on it, within the map's view.
    assert page.evaluate(
        "([lat, lng]) => { const field = document.querySelector('#id_location').mapPointField;"
        " const pin = field.marker.getLatLng();"
        " return field.map.getBounds().contains([lat, lng]) && pin.lat === lat && pin.lng === lng; }",
        [latitude, longitude],
    )

    # Saving a draft keeps the point the click placed.
    page.get_by_role("button", name=re.compile("Enregistrer le brouillon")).click()
    page.wait_for_load_state("load")
    event.refresh_from_db()
    draft = event.get_latest_revision_as_object()
    assert draft.location == now["saved"]


def test_failed_address_search_speaks_french(seeded_live_server, editor_page):
    page = editor_page
    open_event_without_point(page, seeded_live_server)
    # OpenStreetMap's geocoder first unreachable, then finding nothing.
    page.route(NOMINATIM, lambda route: route.abort())
    page.locator("#id_address").fill("12 rue des Étoiles, Orléans")
    warning = page.locator(".help-warning").first
    warning.wait_for(timeout=5000)
    assert warning.inner_text() == "La recherche d’adresse ne répond pas : cliquez sur la carte pour placer le point."

    page.unroute(NOMINATIM)
    page.route(NOMINATIM, lambda route: route.fulfill(json=[], status=200))
    page.locator("#id_address").fill("<b>Nulle part</b>")
    page.wait_for_function("() => document.querySelector('.help-warning')"
                           " && document.querySelector('.help-warning').textContent.includes('introuvable')")
    text = page.locator(".help-warning").first.inner_text()
    assert text.startswith("Adresse « <b>Nulle part</b> » introuvable")
    assert "Could not" not in text and "Nominatim" not in text
    assert state(page)["pins"] == 0
