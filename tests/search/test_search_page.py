"""The search page's behaviour that holds on any backend (the quick SQLite loop included)."""

import pytest
from bs4 import BeautifulSoup

from search.highlight import highlight
from search.index_settings import FRENCH_INDEX_SETTINGS, search_backends

pytestmark = pytest.mark.django_db


def test_empty_search_page_invites_a_query(client):
    response = client.get("/recherche/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main form[role=search] input[name=q]") is not None
    assert soup.select_one(".search-results") is None


def test_end_before_start_is_a_form_error_not_a_crash(client):
    response = client.get("/recherche/", {"q": "nuit", "start": "2030-05-10", "end": "2030-05-01"})

    assert response.status_code == 200
    assert "La date de fin doit suivre la date de début." in response.content.decode()


@pytest.mark.parametrize("params", [{"start": "demain"}, {"type": "podcast"}, {"page": "abc", "q": "ciel"}, {"q": "x" * 500}])
def test_bad_parameters_never_give_a_500(client, params):
    response = client.get("/recherche/", params)

    assert response.status_code == 200


def test_autocomplete_requires_q_and_names_it(client):
    response = client.get("/recherche/autocomplete/")

    assert response.status_code == 400
    assert "q" in response.json()["detail"]


def test_autocomplete_refuses_overlong_queries(client):
    response = client.get("/recherche/autocomplete/", {"q": "a" * 101})

    assert response.status_code == 400
    assert "q" in response.json()["detail"]


def test_autocomplete_waits_for_two_characters(client):
    assert client.get("/recherche/autocomplete/", {"q": "e"}).json() == {"results": []}


def test_highlight_marks_accent_and_plural_variants_and_escapes():
    html = highlight("Les <étoiles> & l'Étoile du berger", "etoile")

    assert html.count("<mark>") == 2
    assert "&lt;" in html and "&amp;" in html
    assert "<étoiles>" not in html


def test_backend_follows_elasticsearch_url():
    assert search_backends("")["default"]["BACKEND"] == "search.database"  # Wagtail's, quote-safe

    backend = search_backends("http://127.0.0.1:59200", "echo")["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://127.0.0.1:59200"]
    assert backend["INDEX_PREFIX"] == "echo_"
    assert backend["INDEX_SETTINGS"] is FRENCH_INDEX_SETTINGS
