"""The « Carte » page: its filters and date window reach the embedded map widget."""

import pytest

from content_types.models import MapPage

pytestmark = pytest.mark.django_db


def test_map_page_passes_its_filters_to_the_widget(fetch):
    page = MapPage.objects.live().first()
    html = fetch(page, type="event", thematique="astronomie").content.decode()
    assert 'data-echo-map' in html and 'data-type="event"' in html and 'data-tags="astronomie"' in html
    assert "/api/v3/map/features" in html
    assert '<label for="id_type">' in html
    # One set of filters on the page: the widget's own are switched off.
    assert 'data-filters="off"' in html



def test_map_page_passes_its_date_window_and_refuses_a_reversed_one(fetch):
    page = MapPage.objects.live().first()
    html = fetch(page, du="2027-01-01", au="2027-01-31").content.decode()
    assert 'data-start="2027-01-01"' in html and 'data-end="2027-01-31"' in html
    reversed_window = fetch(page, du="2027-02-01", au="2027-01-01")
    assert reversed_window.status_code == 200
    html = reversed_window.content.decode()
    assert "La date de fin doit suivre la date de début." in html
    assert "data-start=" not in html

