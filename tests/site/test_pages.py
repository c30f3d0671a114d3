"""The pages every territory shares (home, themes, errors, sitemap, robots, meta tags) show their
content to a reader, in French, with one h1 and its landmarks; each content type's page is in
tests/content_types/test_<type>.py."""

import re

import pytest
from django.test import override_settings
from django.utils.html import escape

from content_types.models import ArticlePage, EventPage, PlacePage
from home.models import HomePage
from home.templatetags.site_tags import typo

from .conftest import assert_page_shell, host_and_path

pytestmark = pytest.mark.django_db


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
