"""The map API's pages for people: the embed page and the French documentation it links to."""

import re
from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PARAMETERS = ["type", "bbox", "start", "end", "tags", "site", "q", "limit", "offset"]


def test_embed_page_counts_its_snippet_lines_and_links_to_the_french_docs(client):
    html = client.get(reverse("wagtailapi_v3:map_widget_demo")).content.decode()
    snippet = unescape(re.search(r'<pre[^>]*id="snippet"[^>]*><code>(.*?)</code></pre>', html, re.S).group(1))
    lines = len(snippet.splitlines())
    assert lines == 3
    assert f"Copiez ces {lines} lignes" in html
    assert "deux lignes" not in html
    docs = re.search(r'<a href="([^"]+)">sa documentation</a>', html).group(1)
    assert docs == reverse("wagtailapi_v3:map_api_docs") != reverse("wagtailapi_v3:openapi-view")
    assert 'data-copy="snippet"' in html


def test_docs_page_documents_parameters_examples_and_errors_in_french(client):
    response = client.get(reverse("wagtailapi_v3:map_api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr' in html
    assert "<h1>L’API de la carte</h1>" in html
    for parameter in PARAMETERS:
        assert f"<code>{parameter}</code>" in html, parameter
    for status in ("400", "304", "503"):
        assert f"<code>{status}</code>" in html, status
    for heading in ("Paramètres", "Exemples", "Erreurs et codes de réponse"):
        assert heading in html
    # The examples are live links to the endpoint, and each answers.
    api = response.wsgi_request.build_absolute_uri(reverse("wagtailapi_v3:map_features"))
    examples = re.findall(r'<a href="(' + re.escape(api) + r'[^"]*)"><code>', html)
    assert len(examples) >= 4
    for url in examples:
        answer = client.get(unescape(url).removeprefix("http://testserver"))
        assert answer.status_code == 200, url
        assert answer["Content-Type"].startswith("application/geo+json")
    # The error documented is the one the API gives.
    problem = client.get(reverse("wagtailapi_v3:map_features"), {"start": "2026-12-10", "end": "2026-12-01"})
    assert problem.status_code == 400
    assert problem.json()["detail"] in unescape(html)
    # The machines' description stays reachable from the people's page.
    assert reverse("wagtailapi_v3:openapi-json") in html


def test_docs_page_is_not_in_the_openapi_schema(client):
    schema = client.get(reverse("wagtailapi_v3:openapi-json")).json()
    assert not any(path.endswith("/map/docs/") for path in schema["paths"])
