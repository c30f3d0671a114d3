"""The search page and autocomplete, the same behaviour on both backends.

Each test runs on Elasticsearch (with PostgreSQL, as in production) and on the embedded
default, Wagtail's database backend on SQLite in French (`search.database`, `make run`).
"""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content_types.core import registry
from content_types.models import ArticlePage, EventOccurrence, EventPage, PlacePage

from .helpers import add_article, add_event, agenda, article_index, in_days, publish, refresh_index, sites

pytestmark = pytest.mark.usefixtures("search_backend")

SEARCH = "/recherche/"



def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__title a")]


def facet_counts(response):
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {}
    for link in soup.select("[data-facet]"):
        counts[link["data-facet"]] = int(link.select_one(".count").get_text().strip("()"))
    return counts


def search(client, host="localhost", **params):
    response = client.get(SEARCH, params, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:500]
    return response

# French analysis ---------------------------------------------------------------------


def test_unaccented_singular_finds_accented_plural_title(client):
    default, _ = sites()
    add_article(default, "Les étoiles filantes", body_text="Chaque été, les Perséides traversent le ciel.")

    titles = result_titles(search(client, q="etoile"))

    assert "Les étoiles filantes" in titles
    # The demo's event is found the same way.
    assert "Nuit des étoiles filantes" in titles


def test_accented_plural_finds_singular_title(client):
    titles = result_titles(search(client, q="planètes"))

    assert "La planète rouge" in titles


def test_case_and_accents_fold_both_ways(client):
    assert "La planète rouge" in result_titles(search(client, q="PLANETE"))
    assert "Nuit des étoiles filantes" in result_titles(search(client, q="Étoiles"))


def test_unaccented_singular_finds_accented_x_plural(client):
    default, _ = sites()
    add_article(default, "Sur la route des châteaux", body_text="Chambord, Chenonceau et les autres.")

    assert "Sur la route des châteaux" in result_titles(search(client, q="chateau"))
    assert "Sur la route des châteaux" in result_titles(search(client, q="Château"))


def test_a_rebuilt_index_still_analyses_french(client):
    default, _ = sites()
    add_article(default, "Des animaux et des châteaux", body_text="Chauves-souris des combles.")

    call_command("update_index", stdout=io.StringIO())
    refresh_index()

    assert "Des animaux et des châteaux" in result_titles(search(client, q="animal chateau"))


def test_elided_article_is_ignored_in_the_query(client):
    assert "Nuit des étoiles filantes" in result_titles(search(client, q="l'étoile"))
    assert "Nuit des étoiles filantes" in result_titles(search(client, q="l’ÉTOILE"))


def test_words_of_different_meaning_stay_apart(client):
    default, _ = sites()
    add_article(default, "Le métier de potier", body_text="Tourner l'argile.")

    assert "Le métier de potier" not in result_titles(search(client, q="pot"))


@pytest.mark.parametrize("typed", ['"', "'", "*", "(", "-", ":", "titre:étoile", '"étoile', "étoile*", "(étoile", "-étoile", "étoile)"])
def test_special_characters_never_give_a_500(client, typed):
    page = client.get(SEARCH, {"q": typed}, HTTP_HOST="localhost")
    completion = client.get("/recherche/autocomplete/", {"q": typed}, HTTP_HOST="localhost")

    assert page.status_code == 200
    assert completion.status_code == 200 and "results" in completion.json()
    if "étoile" in typed and ":" not in typed:
        # The word is still searched for, the punctuation around it ignored.
        assert "Nuit des étoiles filantes" in result_titles(page)


def test_matching_words_are_highlighted_in_results(client):
    soup = BeautifulSoup(search(client, q="etoile").content, "html.parser")
    marked = [m.get_text() for m in soup.select(".search-result__title mark")]

    assert "étoiles" in marked


def test_title_match_ranks_above_body_only_match(client):
    default, _ = sites()
    add_article(
        default, "Chroniques du laboratoire",
        body_text="Une comète passe, puis une autre comète ; les comètes reviennent souvent.",
    )
    add_article(default, "Les comètes", body_text="Des boules de glace venues de loin.")

    titles = result_titles(search(client, q="comète"))

    assert titles.index("Les comètes") < titles.index("Chroniques du laboratoire")


def test_query_is_kept_in_the_box(client):
    soup = BeautifulSoup(search(client, q="planètes rouges").content, "html.parser")

    assert soup.select_one("main input[name=q]")["value"] == "planètes rouges"
    assert soup.select_one("header input[name=q]")["value"] == "planètes rouges"


# Facets, filters, pagination ----------------------------------------------------------


def test_facets_count_each_type_and_type_filter_narrows(client):
    default, _ = sites()
    add_article(default, "Astéroïde en vue", body_text="Un astéroïde frôle la Terre.")
    add_event(default, "Observer un astéroïde", in_days(10))
    add_event(default, "Conférence astéroïde", in_days(20))

    everything = search(client, q="astéroïde")
    events_only = search(client, q="astéroïde", type="event")

    assert facet_counts(everything) == {
        "article": 1, "event": 2, "place": 0, "dossier": 0, "annonce": 0, "project": 0, "community": 0,
    }
    assert sorted(result_titles(events_only)) == ["Conférence astéroïde", "Observer un astéroïde"]
    # The facets still offer the other types while one is selected.
    assert facet_counts(events_only)["article"] == 1


def test_tag_filter_keeps_only_tagged_pages(client):
    default, _ = sites()
    add_article(default, "Volcans actifs", body_text="Magma et volcans.", tags=["geologie-test"])
    add_article(default, "Volcans éteints", body_text="Les volcans d'Auvergne.")

    titles = result_titles(search(client, q="volcan", tag="geologie-test"))

    assert titles == ["Volcans actifs"]


def test_theme_alone_lists_the_tagged_pages(client):
    response = search(client, tag="astronomie")
    titles = result_titles(response)

    expected = {
        page.title
        for model in (ArticlePage, EventPage)
        for page in model.objects.live().filter(tags__slug="astronomie").descendant_of(sites()[0].root_page)
    }
    assert expected and expected <= set(titles)


def test_date_window_keeps_events_that_overlap_it(client):
    default, _ = sites()
    add_event(default, "Éclipse de juin", in_days(40))
    add_event(default, "Éclipse de décembre", in_days(200))
    add_event(default, "Éclipse au long cours", in_days(30), days=15)
    window_start = (in_days(38)).date()
    window_end = (in_days(45)).date()

    titles = result_titles(search(client, q="éclipse", start=window_start.isoformat(), end=window_end.isoformat()))

    assert sorted(titles) == ["Éclipse au long cours", "Éclipse de juin"]


def test_event_results_show_their_date_and_venue_town(client):
    default, _ = sites()
    venue = PlacePage.objects.live().descendant_of(default.root_page).exclude(city="").first()
    start = in_days(12)
    add_event(default, "Quasar lointain", start, venue=venue)

    soup = BeautifulSoup(search(client, q="quasar").content, "html.parser")
    meta = soup.select_one(".search-result--event .search-result__meta")

    assert meta.select_one("time")["datetime"].startswith(start.date().isoformat())
    assert venue.city in meta.get_text()


def test_event_result_shows_its_date_inside_the_chosen_window(client):
    default, _ = sites()
    soon, later = in_days(10), in_days(60)
    event = EventPage(title="Transit de Mercure", slug="transit-de-mercure", city="Tours",
                      location="SRID=4326;POINT(0.6848 47.3941)")
    event.occurrences = [
        EventOccurrence(start=soon, end=soon + timedelta(hours=2)),
        EventOccurrence(start=later, end=later + timedelta(hours=2)),
    ]
    publish(agenda(default), event)

    def shown_date(**window):
        soup = BeautifulSoup(search(client, q="mercure", **window).content, "html.parser")
        return soup.select_one(".search-result--event time")["datetime"][:10]

    assert shown_date() == soon.date().isoformat()
    assert shown_date(start=in_days(50).date().isoformat(), end=in_days(70).date().isoformat()) == later.date().isoformat()


def test_results_cost_the_same_queries_for_few_and_many_events(client):
    """Ten event results at ten venues are not ten venue queries (nor ten date queries)."""
    default, _ = sites()
    venues = list(PlacePage.objects.live().descendant_of(default.root_page)[:10])
    assert len(venues) == 10

    def queries_for_search():
        client.get(SEARCH, {"q": "quasar"}, HTTP_HOST="localhost")  # warm caches (themes, site)
        with CaptureQueriesContext(connection) as captured:
            response = search(client, q="quasar", type="event")
        return len(captured.captured_queries), len(result_titles(response))

    for number, venue in enumerate(venues[:2]):
        add_event(default, f"Quasar numéro {number}", in_days(5 + number), venue=venue)
    few, shown = queries_for_search()
    assert shown == 2

    for number, venue in enumerate(venues[2:], start=2):
        add_event(default, f"Quasar numéro {number}", in_days(5 + number), venue=venue)
    many, shown = queries_for_search()
    assert shown == 10

    assert many == few


def test_pagination_keeps_the_query_and_filters(client):
    default, _ = sites()
    for number in range(13):
        add_article(default, f"Météorite numéro {number}", body_text="Une météorite tombée en Sologne.")

    first = search(client, q="météorite", type="article")
    second = search(client, q="météorite", type="article", page=2)

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 3
    assert not set(result_titles(first)) & set(result_titles(second))
    # A page number past the end shows the last page, as Django's paginator does.
    assert result_titles(search(client, q="météorite", type="article", page=99)) == result_titles(second)
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert "q=m%C3%A9t%C3%A9orite" in next_link and "type=article" in next_link and "page=2" in next_link
    # Changing the type from page 2 keeps the words and starts again at page 1.
    facet_link = BeautifulSoup(second.content, "html.parser").select_one("[data-facet=event]")["href"]
    assert "q=m%C3%A9t%C3%A9orite" in facet_link and "type=event" in facet_link and "page" not in facet_link


# Only live, public pages of the current territory ------------------------------------------


def test_other_territory_pages_never_appear(client):
    default, grenoble = sites()
    add_article(grenoble, "Glaciers alpins", body_text="Le recul des glaciers.")

    assert "Glaciers alpins" not in result_titles(search(client, q="glacier"))
    assert "Glaciers alpins" in result_titles(search(client, host="grenoble.localhost", q="glacier"))


def test_drafts_never_appear(client):
    default, _ = sites()
    draft = ArticlePage(title="Aurores boréales", slug="aurores-boreales", live=False)
    article_index(default).add_child(instance=draft)
    draft.save_revision()
    refresh_index()

    assert "Aurores boréales" not in result_titles(search(client, q="aurore"))


def test_restricted_pages_never_appear(client):
    default, _ = sites()
    secret = add_article(default, "Nébuleuse secrète", body_text="Réservé aux membres.")
    assert "Nébuleuse secrète" in result_titles(search(client, q="nébuleuse"))

    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert "Nébuleuse secrète" not in result_titles(search(client, q="nébuleuse"))
    assert "Nébuleuse secrète" not in [r["title"] for r in client.get("/recherche/autocomplete/", {"q": "nébul"}).json()["results"]]


# Indexing follows publishing ------------------------------------------------------------


def test_publishing_indexes_and_unpublishing_removes(client):
    default, _ = sites()
    page = add_article(default, "Trou noir supermassif", body_text="Au centre de la galaxie.")
    assert "Trou noir supermassif" in result_titles(search(client, q="trous noirs"))

    page.unpublish()
    refresh_index()
    assert "Trou noir supermassif" not in result_titles(search(client, q="trous noirs"))

    page.save_revision().publish()
    refresh_index()
    assert "Trou noir supermassif" in result_titles(search(client, q="trous noirs"))


# Autocomplete ------------------------------------------------------------------------------


def test_autocomplete_completes_titles_of_the_current_site(client):
    default, grenoble = sites()
    add_article(grenoble, "Étoiles des Alpes", body_text="Le ciel de Chamrousse.")

    response = client.get("/recherche/autocomplete/", {"q": "eto"}, HTTP_HOST="localhost")
    titles = [r["title"] for r in response.json()["results"]]

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "Nuit des étoiles filantes" in titles
    assert "Étoiles des Alpes" not in titles
    first = response.json()["results"][0]
    assert first["url"].startswith("/") and first["type"] in {entry.key for entry in registry.entries()}


def test_autocomplete_folds_accents_and_elisions(client):
    default, _ = sites()
    add_article(default, "L'Observatoire de Tours", body_text="Un vieux télescope.")

    for typed in ("l'obs", "Obsé", "OBSERVATOIRE"):
        titles = [r["title"] for r in client.get("/recherche/autocomplete/", {"q": typed}).json()["results"]]
        assert "L'Observatoire de Tours" in titles, typed



def test_announcements_projects_and_communities_are_searched_in_french(client):
    from django.utils import timezone

    from content_types.models import (
        AnnonceIndexPage, AnnonceKind, AnnoncePage, CommunityIndexPage, CommunityPage, ProjectIndexPage, ProjectPage,
    )

    default, _ = sites()
    root = default.root_page
    publish(AnnonceIndexPage.objects.child_of(root).get(), AnnoncePage(
        title="Bénévoles pour observer les hérissons", summary="Un inventaire.",
        kind=AnnonceKind.objects.get(slug="recherche-de-benevoles"),
        deadline=timezone.localdate() + timedelta(days=9)))
    publish(ProjectIndexPage.objects.child_of(root).get(), ProjectPage(
        title="Un refuge à hérissons", summary="Construire des abris."))
    publish(CommunityIndexPage.objects.child_of(root).get(), CommunityPage(
        title="Les amis du hérisson", summary="Protéger les hérissons."))
    refresh_index()

    response = search(client, q="herisson")

    assert facet_counts(response) == {
        "article": 0, "event": 0, "place": 0, "dossier": 0, "annonce": 1, "project": 1, "community": 1,
    }
    titles = result_titles(response)
    assert set(titles) == {"Bénévoles pour observer les hérissons", "Un refuge à hérissons", "Les amis du hérisson"}
    assert "<mark>" in response.content.decode()
