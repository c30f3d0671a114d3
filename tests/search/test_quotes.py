"""A double quote in any search box never answers 500 on the database backend (issue 11)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ATTACKS = [
    "/recherche/?q=%22",
    "/recherche/?q=abeille%22",
    '/recherche/?q=%22les%20abeilles%22',
    "/recherche/autocomplete/?q=%22",
    "/recherche/autocomplete/?q=ab%22e",
    "/api/v3/pages/?search=%22",
    "/api/v3/pages/?search=a%22b%22c%22",
]


@pytest.mark.parametrize("url", ATTACKS)
def test_a_double_quote_is_not_a_server_error(url):
    response = Client().get(url)
    assert response.status_code == 200, url


def test_quoted_words_are_still_found():
    plain = Client().get("/recherche/?q=abeilles").content.decode()
    quoted = Client().get("/recherche/?q=%22abeilles%22").content.decode()
    assert plain.count('class="result') == quoted.count('class="result')
