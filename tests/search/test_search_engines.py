"""What /recherche/ tells search engines: crawlable, one canonical address for words alone,
`noindex` for refinements, further pages, empty results and invalid input."""

import pytest
from bs4 import BeautifulSoup

SEARCH = "/recherche/"


def head(client, params):
    response = client.get(SEARCH, params, HTTP_HOST="localhost")
    assert response.status_code == 200, response.content[:300]
    soup = BeautifulSoup(response.content, "html.parser")
    robots = soup.find("meta", attrs={"name": "robots"})
    canonical = soup.find("link", rel="canonical")
    description = soup.find("meta", attrs={"name": "description"})
    return {
        "robots": robots["content"] if robots else None,
        "canonical": canonical["href"] if canonical else None,
        "description": description["content"] if description else None,
        "results": len(soup.select(".search-result__title a")),
    }


def test_robots_txt_lets_crawlers_read_the_search_page_but_not_the_autocomplete(client):
    rules = client.get("/robots.txt", HTTP_HOST="localhost").content.decode().splitlines()
    assert "Disallow: /recherche/" not in rules
    assert "Disallow: /recherche/autocomplete/" in rules


@pytest.mark.usefixtures("search_backend")
def test_results_for_words_alone_are_indexable_under_one_address(client):
    plain = head(client, {"q": "science"})
    assert plain["results"] and plain["robots"] is None
    assert plain["canonical"] == "http://localhost/recherche/?q=science"
    assert "« science »" in plain["description"] and "Echosciences Centre-Val de Loire" in plain["description"]

    # The form's empty filters, spaces and a campaign tag name the same page.
    submitted = head(client, {"q": "  science ", "type": "", "tag": "", "start": "", "end": "", "utm_source": "x"})
    assert submitted["robots"] is None and submitted["canonical"] == plain["canonical"]

    form = head(client, {})
    assert form["robots"] is None and form["canonical"] == "http://localhost/recherche/"
    assert "Echosciences Centre-Val de Loire" in form["description"]


@pytest.mark.usefixtures("search_backend")
@pytest.mark.parametrize(
    "params",
    [
        {"q": "science", "type": "article"},
        {"q": "science", "page": "2"},
        {"q": "xylophonesquezzz"},
        {"q": "science", "start": "2026-12-10", "end": "2026-12-01"},
    ],
    ids=["refined", "second-page", "no-result", "invalid"],
)
def test_other_search_pages_stay_out_of_indexes(client, params):
    meta = head(client, params)
    assert meta["robots"] == "noindex, follow"
    assert meta["canonical"] is None
