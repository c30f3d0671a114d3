"""The home and theme pages run the same number of queries whatever the number of items (no N+1);
each content type's listings are counted in its own tests/content_types/test_<type>.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_types.models import ArticleIndexPage, PlaceIndexPage
from home.models import HomePage
from tests.content_types.conftest import add_articles, add_places

from .conftest import host_and_path

pytestmark = pytest.mark.django_db


def count_queries(client, page, suffix="", **params):
    host, path = host_and_path(page, suffix)
    client.get(path, params, HTTP_HOST=host)  # warm renditions and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def test_home_and_theme_query_counts_do_not_grow(client, make_event):
    home = HomePage.objects.get(slug="centre-val-de-loire")
    home_count = count_queries(client, home)
    theme = count_queries(client, home, "thematiques/biodiversité/")
    add_places(PlaceIndexPage.objects.child_of(home).get(), 6)
    add_articles(ArticleIndexPage.objects.child_of(home).get(), 6)
    for number in range(6):
        make_event(title=f"Biodiversité {number}", tags=("biodiversité",), days=(1 + number,))
    assert count_queries(client, home) == home_count
    assert count_queries(client, home, "thematiques/biodiversité/") == theme
