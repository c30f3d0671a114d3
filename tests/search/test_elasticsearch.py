"""The search page and autocomplete against the real Elasticsearch and PostgreSQL servers.

The outage test stops and restarts Elasticsearch: it is the last test of this module.
"""

import io
import logging
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from content_types.models import ArticlePage, EventPage

from .helpers import add_article, add_event, article_index, in_days, refresh_index, sites

pytestmark = [pytest.mark.elasticsearch, pytest.mark.postgres, pytest.mark.usefixtures("clean_index")]

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


def test_announcements_projects_and_communities_are_searched_in_french(client):
    from datetime import timedelta

    from django.utils import timezone

    from content_types.models import (
        AnnonceIndexPage, AnnonceKind, AnnoncePage, CommunityIndexPage, CommunityPage, ProjectIndexPage, ProjectPage,
    )

    from .helpers import publish

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

    response = search(client, q="herisson")

    assert facet_counts(response) == {
        "article": 0, "event": 0, "place": 0, "dossier": 0, "annonce": 1, "project": 1, "community": 1,
    }
    titles = result_titles(response)
    assert set(titles) == {"Bénévoles pour observer les hérissons", "Un refuge à hérissons", "Les amis du hérisson"}
    assert "<mark>" in response.content.decode()


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


def test_update_index_rebuilds_with_progress(client):
    out = io.StringIO()
    call_command("update_index", stdout=out)
    refresh_index()

    output = out.getvalue()
    assert "wagtailcore_page" in output and "indexed" in output
    assert "La planète rouge" in result_titles(search(client, q="planètes"))


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
    assert first["url"].startswith("/") and first["type"] in {"article", "event", "place", "dossier"}


def test_autocomplete_folds_accents_and_elisions(client):
    default, _ = sites()
    add_article(default, "L'Observatoire de Tours", body_text="Un vieux télescope.")

    for typed in ("l'obs", "Obsé", "OBSERVATOIRE"):
        titles = [r["title"] for r in client.get("/recherche/autocomplete/", {"q": typed}).json()["results"]]
        assert "L'Observatoire de Tours" in titles, typed


# Outage: keep last, it stops and restarts the server -----------------------------------------


def services(command):
    subprocess.run(["bash", str(settings.BASE_DIR / "scripts" / "services.sh"), command], check=True, timeout=300)


def test_publish_survives_an_outage_and_update_index_repairs(client, caplog):
    default, _ = sites()
    services("stop-es")
    try:
        with caplog.at_level(logging.ERROR):
            page = ArticlePage(title="Pulsar oublié", slug="pulsar-oublie", summary="Un pulsar publié pendant la panne.")
            article_index(default).add_child(instance=page)
            page.save_revision().publish()

        page.refresh_from_db()
        assert page.live and Page.objects.live().filter(pk=page.pk).exists()
        assert any("search backend" in record.getMessage() for record in caplog.records)
        assert client.get(page.url, HTTP_HOST="localhost").status_code == 200

        down = client.get(SEARCH, {"q": "pulsar"}, HTTP_HOST="localhost")
        assert down.status_code == 503
        assert "La recherche est momentanément indisponible" in down.content.decode()
        assert client.get("/recherche/autocomplete/", {"q": "puls"}).status_code == 503
    finally:
        services("start-es")

    call_command("update_index", stdout=io.StringIO())
    refresh_index()
    assert "Pulsar oublié" in result_titles(search(client, q="pulsar"))
