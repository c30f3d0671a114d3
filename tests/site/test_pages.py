"""Each page type shows its content to a reader, in French, with one h1 and its landmarks."""

import re

import pytest
from django.test import override_settings
from django.utils.html import escape

from content_types.models import (
    ArticlePage, DossierPage, EventPage, MapPage, PlaceIndexPage, PlacePage,
)
from home.models import HomePage
from home.templatetags.site_tags import typo

from .conftest import host_and_path

pytestmark = pytest.mark.django_db


def assert_page_shell(html):
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'class="skip-link" href="#contenu"' in html
    for landmark in ('<header class="site-header" role="banner">', '<main id="contenu"', 'role="contentinfo"',
                     'aria-label="Menu principal"'):
        assert landmark in html
    assert '<html lang="fr">' in html


def test_home_shows_events_articles_dossier_places_and_map(fetch):
    home = HomePage.objects.get(slug="centre-val-de-loire")
    html = fetch(home).content.decode()
    assert_page_shell(html)
    next_event = EventPage.objects.live().descendant_of(home).filter(
        occurrences__start__gte=__import__("django.utils.timezone").utils.timezone.now()
    ).order_by("occurrences__start").first()
    assert escape(typo(next_event.title)) in html  # titles get French typography
    latest = ArticlePage.objects.live().descendant_of(home).order_by("-date", "-pk").first()
    assert escape(typo(latest.title)) in html
    assert "Le dossier à la une" in html
    assert "data-echo-map" in html and "map-widget/echo-map.js" in html
    # The menu comes from the page tree.
    for section in ("Agenda", "Articles", "À visiter", "Dossiers", "Carte"):
        assert f">{section}</a>" in html
    assert '<link rel="alternate" type="application/rss+xml"' in html


def test_each_territory_has_its_own_identity(client):
    for host, name, other in (("localhost", "Echosciences Centre-Val de Loire", "Echosciences Grenoble"),
                              ("grenoble.localhost", "Echosciences Grenoble", "Echosciences Centre-Val de Loire")):
        html = client.get("/", HTTP_HOST=host).content.decode()
        assert f'class="site-brand__name">{name}<' in html
        assert other not in html


def test_site_identity_colours_reach_the_page(client):
    from wagtail.models import Site

    from home.models import SiteIdentity

    site = Site.objects.get(hostname="grenoble.localhost")
    identity = SiteIdentity.for_site(site)
    identity.primary_colour = "#3b2a80"
    identity.save()
    html = client.get("/", HTTP_HOST="grenoble.localhost").content.decode()
    assert "--brand: #3b2a80" in html


def test_pale_brand_colour_is_refused():
    from django.core.exceptions import ValidationError
    from wagtail.models import Site

    from home.models import SiteIdentity

    identity = SiteIdentity(site=Site.objects.get(is_default_site=True), primary_colour="#8fd3e8")
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_event_page_shows_dates_place_and_practical_information(fetch, make_event):
    from content_types.models import EventOccurrence, Organisation

    organiser = Organisation.objects.first()
    event = make_event(title="Conférence sur les comètes", days=(2, 9), is_free=False, price="7.50",
                       booking_url="https://example.org/reserver", organiser=organiser,
                       accessibility="Salle accessible en fauteuil.", audience="familles")
    second = event.occurrences.order_by("start").last()
    EventOccurrence.objects.filter(pk=second.pk).update(status="complet")
    html = fetch(event).content.decode()
    assert_page_shell(html)
    first = event.occurrences.order_by("start").first()
    from django.utils import formats, timezone
    local = timezone.localtime(first.start)
    assert formats.date_format(local, "l j F Y") in html  # e.g. « mardi 1 décembre 2026 »
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+ \d{4}", html)
    assert "Complet" in html
    assert "7,50 €" in html and "https://example.org/reserver" in html
    assert organiser.name in html and "Familles" in html and "Salle accessible en fauteuil." in html
    assert "Ajouter à mon agenda" in html and "ical/" in html
    assert "data-point-map" in html and 'data-lat="47.902900"' in html


def test_event_page_lists_related_upcoming_events_with_a_shared_tag(fetch, make_event):
    first = make_event(title="Atelier fusées", tags=("physique-des-fusees",))
    related = make_event(title="Lancement de fusées à eau", tags=("physique-des-fusees",), days=(5,))
    past = make_event(title="Ancien atelier fusées", tags=("physique-des-fusees",), days=(-10,))
    html = fetch(first).content.decode()
    section = html.split("Sur le même thème", 1)[1]
    assert escape(typo(related.title)) in section
    assert past.title not in section


def test_place_page_shows_hours_contact_access_and_events_held_there(fetch):
    place = PlacePage.objects.live().filter(events__isnull=False, opening_hours__isnull=False).distinct().first()
    html = fetch(place).content.decode()
    assert_page_shell(html)
    assert "Horaires d’ouverture" in html and "<table class=\"hours\">" in html
    slot = place.opening_hours.first()
    assert slot.get_weekday_display() in html
    assert place.phone in html and place.email in html
    assert "Prochains événements dans ce lieu" in html
    assert 'data-point-map' in html


def test_article_page_shows_author_date_reading_time_and_tags(fetch):
    article = ArticlePage.objects.live().filter(author__isnull=False).first()
    html = fetch(article).content.decode()
    assert_page_shell(html)
    assert article.author.get_full_name() in html
    assert "minute" in html and "de lecture" in html
    for tag in article.tags.all():
        assert f'href="/thematiques/{tag.slug}/"' in html


def test_dossier_groups_its_selection_by_type_in_the_editors_order(fetch):
    dossier = DossierPage.objects.live().first()
    html = fetch(dossier).content.decode()
    assert_page_shell(html)
    selection = dossier.get_selection()
    for item in selection:
        assert escape(typo(item.title)) in html
    # Within each type, the editor's order.
    for model in (EventPage, PlacePage, ArticlePage):
        titles = [item.title for item in selection if isinstance(item, model)]
        positions = [html.index(title) for title in titles]
        assert positions == sorted(positions)


def test_place_listing_filters_by_kind_and_town(fetch):
    index = PlaceIndexPage.objects.get(url_path__startswith="/centre-val-de-loire/")
    museums = PlacePage.objects.live().child_of(index).filter(kind="musee")
    html = fetch(index, type="musee").content.decode()
    for place in PlacePage.objects.live().child_of(index):
        assert (f">{place.title}</a>" in html) == (place.kind == "musee")
    town = museums.first().city
    html = fetch(index, type="musee", ville=town).content.decode()
    for place in PlacePage.objects.live().child_of(index):
        assert (f">{place.title}</a>" in html) == (place.kind == "musee" and place.city == town)
    assert '<label for="id_type">' in html and '<label for="id_ville">' in html


def test_theme_page_gathers_every_type_with_the_tag(client):
    html = client.get("/thematiques/astronomie/", HTTP_HOST="localhost").content.decode()
    assert_page_shell(html)
    home = __import__("home.models").models.HomePage.objects.get(slug="centre-val-de-loire")
    place = PlacePage.objects.live().descendant_of(home).filter(tags__slug="astronomie").first()
    article = ArticlePage.objects.live().descendant_of(home).filter(tags__slug="astronomie").first()
    assert escape(typo(place.title)) in html and escape(typo(article.title)) in html
    other = ArticlePage.objects.live().descendant_of(home).exclude(tags__slug="astronomie").first()
    assert other.title not in html
    grenoble = ArticlePage.objects.live().exclude(pk__in=ArticlePage.objects.descendant_of(home)).first()
    assert grenoble.title not in html
    assert client.get("/thematiques/nimporte-quoi/", HTTP_HOST="localhost").status_code == 404
    index = client.get("/thematiques/", HTTP_HOST="localhost").content.decode()
    assert 'href="astronomie/"' in index


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


def test_not_found_page_is_french(client):
    response = client.get("/cette-page-n-existe-pas/", HTTP_HOST="localhost")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_template_is_french():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Une erreur est survenue" in html and 'lang="fr"' in html


def test_sitemap_lists_the_pages_of_the_requesting_site_only(client):
    xml = client.get("/sitemap.xml", HTTP_HOST="grenoble.localhost").content.decode()
    assert "http://grenoble.localhost/agenda/" in xml
    assert "http://localhost/" not in xml
    event = EventPage.objects.live().filter(url_path__startswith="/grenoble/").first()
    assert f"http://grenoble.localhost/agenda/{event.slug}/" in xml


def test_robots_points_at_the_sitemap_of_its_host(client):
    response = client.get("/robots.txt", HTTP_HOST="grenoble.localhost")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://grenoble.localhost/sitemap.xml" in body and "Disallow: /admin/" in body


def test_open_graph_canonical_and_twitter_tags(fetch):
    article = ArticlePage.objects.live().filter(listing_image__isnull=False).first()
    host, path = host_and_path(article)
    html = fetch(article).content.decode()
    assert f'<link rel="canonical" href="http://{host}{path}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html.replace("&#x27;", "'")
    assert re.search(r'<meta property="og:image" content="http://[^"]+\.(jpg|jpeg|png|webp)">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_image_uploads_require_alt_text():
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    form = form_class(data={"title": "Sans description", "collection": 1})
    form.is_valid()
    assert "description" in form.errors
    assert form.fields["description"].required
