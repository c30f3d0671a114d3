"""Each territory's legal notice, privacy policy and contact form; its favicon; a meta
description on every page."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.images import get_image_model
from wagtail.models import Site

from content_types.models import AgendaPage, ArticlePage, DossierPage, EventPage, MapPage, PlacePage
from home.legal import ensure_legal_pages
from home.models import ContactPage, HomePage, LegalPage, SiteIdentity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def territories():
    return [(site, site.root_page.specific) for site in Site.objects.select_related("root_page").order_by("pk")]


def get(client, site, path, **params):
    return client.get(path, params, HTTP_HOST=site.hostname)


def test_every_demo_territory_has_its_legal_notice_privacy_policy_and_contact_page_in_the_footer(client):
    assert len(territories()) >= 2
    for site, home in territories():
        children = home.get_children().live().specific()
        titles = {page.title for page in children if isinstance(page, (LegalPage, ContactPage))}
        assert titles == {"Mentions légales", "Politique de confidentialité", "Contact"}, site
        footer = get(client, site, "/").content.decode().split('class="site-footer"', 1)[1]
        for page in children:
            if isinstance(page, (LegalPage, ContactPage)):
                assert f'href="{page.relative_url(site)}"' in footer, (site, page.title)
                assert get(client, site, page.relative_url(site)).status_code == 200
        # Not in the main menu.
        header = get(client, site, "/").content.decode().split("</header>", 1)[0]
        assert "Mentions légales" not in header


def test_privacy_policy_says_what_why_how_long_rights_export_and_delete(client):
    site, home = territories()[0]
    policy = LegalPage.objects.child_of(home).get(slug="confidentialite")
    text = get(client, site, policy.get_url()).content.decode()
    for words in ("Pourquoi", "Combien de temps", "Vos droits", "CNIL", "/mon-espace/export/", "/mon-espace/supprimer/"):
        assert words in text, words


def test_ensure_legal_pages_creates_what_is_missing_and_keeps_what_editors_wrote():
    site, home = territories()[0]
    notice = LegalPage.objects.child_of(home).get(slug="mentions-legales")
    notice.body = "<p>Texte écrit par l’équipe.</p>"
    notice.save_revision().publish()
    LegalPage.objects.child_of(home).get(slug="confidentialite").delete()
    assert ensure_legal_pages(home) == 1
    assert LegalPage.objects.child_of(home).get(slug="mentions-legales").body == "<p>Texte écrit par l’équipe.</p>"
    assert LegalPage.objects.child_of(home).filter(slug="confidentialite").exists()


def contact(home):
    return ContactPage.objects.child_of(home).get()


def message(**overrides):
    data = {"name": "Alice Martin", "email": "alice@example.org", "subject": "Une question",
            "message": "Bonjour, proposez-vous des visites pour les écoles ?", "website": ""}
    data.update(overrides)
    return data


def test_contact_form_reaches_the_territorys_team_by_email(client):
    site, home = territories()[1]
    page = contact(home)
    form_page = get(client, site, page.get_url())
    assert form_page.status_code == 200 and "csrfmiddlewaretoken" in form_page.content.decode()
    response = client.post(page.get_url(), message(), HTTP_HOST=site.hostname)
    assert response.status_code == 302 and response["Location"].endswith("?envoye=1")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == page.recipients() and sent.reply_to == ["alice@example.org"]
    assert "visites pour les écoles" in sent.body and site.site_name in sent.subject
    thanks = client.get(response["Location"], HTTP_HOST=site.hostname).content.decode()
    assert "bien été transmis" in thanks


def test_contact_form_uses_the_identity_address_when_the_page_names_none(client):
    site, home = territories()[0]
    page = contact(home)
    page.recipient = ""
    page.save()
    identity = SiteIdentity.for_site(site)
    identity.contact_email = "equipe@centre.example.org"
    identity.save()
    client.post(page.get_url(), message(), HTTP_HOST=site.hostname)
    assert mail.outbox[-1].to == ["equipe@centre.example.org"]


def test_contact_form_errors_are_shown_beside_their_field_with_a_400(client):
    site, home = territories()[0]
    response = client.post(contact(home).get_url(), message(email="pas-une-adresse", message=""), HTTP_HOST=site.hostname)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email-erreur"' in html and 'id="id_message-erreur"' in html
    assert 'role="alert"' in html
    assert not mail.outbox


def test_contact_form_honeypot_sends_nothing(client):
    site, home = territories()[0]
    response = client.post(contact(home).get_url(), message(website="http://spam.example"), HTTP_HOST=site.hostname)
    assert response.status_code == 302
    assert not mail.outbox


def test_contact_form_is_rate_limited_per_address(client):
    site, home = territories()[0]
    page = contact(home)
    statuses = [client.post(page.get_url(), message(), HTTP_HOST=site.hostname).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert len(mail.outbox) == 5
    assert "Réessayez dans une heure" in client.post(page.get_url(), message(), HTTP_HOST=site.hostname).content.decode()


def test_contact_form_requires_the_csrf_token():
    from django.test import Client

    site, home = territories()[0]
    response = Client(enforce_csrf_checks=True).post(contact(home).get_url(), message(), HTTP_HOST=site.hostname)
    assert response.status_code == 403
    assert not mail.outbox


def test_favicon_never_404s_and_follows_the_territorys_identity(client):
    for site, _home in territories():
        response = get(client, site, "/favicon.ico")
        assert response.status_code == 302
        icon = client.get(response["Location"], HTTP_HOST=site.hostname)
        assert icon.status_code == 200 and icon["Content-Type"] == "image/svg+xml"
        identity = SiteIdentity.for_site(site)
        assert identity.primary_colour in icon.content.decode()
        assert 'rel="icon" href="/favicon.svg"' in get(client, site, "/").content.decode()
    # With an icon of its own, the territory's pages and /favicon.ico use it.
    site, _home = territories()[0]
    identity = SiteIdentity.for_site(site)
    identity.favicon = get_image_model().objects.first()
    identity.save()
    target = get(client, site, "/favicon.ico")["Location"]
    assert target.startswith("/media/images/") or "/images/" in target
    assert f'rel="icon" href="{target}"' in get(client, site, "/").content.decode()


def test_the_favicon_monogram_is_the_territorys_initial(client):
    for site, _home in territories():
        identity = SiteIdentity.for_site(site)
        letter = re.search(r">(\w)</text>", get(client, site, "/favicon.svg").content.decode()).group(1)
        assert letter == identity.monogram(site.site_name)
    assert SiteIdentity(short_name="").monogram("Echosciences Grenoble") == "G"


def public_pages():
    def centre(model, **filters):
        return model.objects.live().filter(url_path__startswith="/centre-val-de-loire/", **filters).first()

    agenda = centre(AgendaPage)
    return [
        ("/", None), (None, agenda), (None, centre(EventPage)), (None, centre(PlacePage)),
        (None, centre(ArticlePage)), (None, centre(DossierPage)), (None, centre(MapPage)),
        (None, centre(PlacePage).get_parent()), (None, centre(ArticlePage).get_parent()),
        (None, centre(DossierPage).get_parent()), ("/thematiques/", None), ("/thematiques/astronomie/", None),
        (agenda.get_url() + "archives/", None), (None, centre(LegalPage)), (None, centre(ContactPage)),
        ("/recherche/?q=astronomie", None), ("/compte/login/", None), ("/compte/signup/", None),
    ]


def test_every_public_page_has_a_meta_description(client):
    site = Site.objects.get(is_default_site=True)
    for path, page in public_pages():
        path = path or page.get_url()
        response = client.get(path, HTTP_HOST=site.hostname)
        assert response.status_code == 200, path
        found = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
        assert found and len(found.group(1).strip()) > 20, path


def test_meta_description_prefers_search_description_then_summary(client):
    event = EventPage.objects.live().first()
    site = event.get_site()
    html = client.get(event.get_url(), HTTP_HOST=site.hostname).content.decode()
    assert re.search(r'<meta name="description" content="([^"]*)">', html).group(1) == event.summary.replace("'", "&#x27;")
    event.search_description = "Décrit pour les moteurs de recherche."
    event.save_revision().publish()
    html = client.get(event.get_url(), HTTP_HOST=site.hostname).content.decode()
    assert '<meta name="description" content="Décrit pour les moteurs de recherche.">' in html


def test_signup_says_what_is_done_with_the_data(client):
    site = Site.objects.get(is_default_site=True)
    html = client.get("/compte/signup/", HTTP_HOST=site.hostname).content.decode()
    assert "ni publiée ni cédée" in html
    home = HomePage.objects.get(pk=site.root_page_id)
    assert f'href="{LegalPage.objects.child_of(home).get(slug="confidentialite").relative_url(site)}"' in html
