"""Sharing an event or a place of one territory on another's agenda: a Wagtail alias, one source of truth."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from content_types.models import AgendaPage, ArticlePage, CommunityPage, EventPage, PlaceIndexPage, PlacePage
from tests.search.helpers import add_article, add_event, in_days, refresh_index

pytestmark = pytest.mark.django_db

CENTRE, GRENOBLE = "localhost", "grenoble.localhost"
SHARE_URL = reverse("network_share")
MAP_URL = "/api/v3/map/features"


def site(hostname):
    return Site.objects.select_related("root_page").get(hostname=hostname)


def section(hostname, model):
    return model.objects.child_of(site(hostname).root_page).get()


def admin_client(email):
    client = Client()
    client.force_login(get_user_model().objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
    return client


def grenoble_editor():
    return admin_client("editeur.grenoble@echosciences.localhost")


def share(client, index, page):
    return client.post(SHARE_URL, {"section": index.pk, "page": page.pk})


def offered(client, index):
    """The share page's list of pages to share (after the list of those already shared)."""
    html = client.get(SHARE_URL, {"section": index.pk}).content.decode()
    return html.split("À partager depuis les autres territoires", 1)[1]


def shared_into(index, source):
    return Page.objects.child_of(index).filter(alias_of=source)


@pytest.fixture
def centre_event():
    return add_event(site(CENTRE), "Observation du transit de Vénus", in_days(12),
                     summary="Télescopes solaires sur les bords de Loire.")


@pytest.fixture
def alias(centre_event):
    """The Centre-Val de Loire event shared on Grenoble's agenda by Grenoble's editor."""
    agenda = section(GRENOBLE, AgendaPage)
    response = share(grenoble_editor(), agenda, centre_event)
    assert response.status_code == 302
    refresh_index()
    return EventPage.objects.get(alias_of=centre_event)


def test_an_editor_shares_an_event_of_another_territory_without_copying_it(centre_event):
    agenda = section(GRENOBLE, AgendaPage)
    client = grenoble_editor()
    assert "Observation du transit de Vénus" in offered(client, agenda)  # offered, though Grenoble's editor can't see that tree
    response = share(client, agenda, centre_event)
    assert response.status_code == 302
    alias = shared_into(agenda, centre_event).get().specific
    assert alias.live and alias.title == centre_event.title
    assert alias.url_path.startswith(agenda.url_path)
    # Shown on Grenoble's own host, naming the original on the Centre-Val de Loire's host as canonical.
    page = Client().get(alias.relative_url(site(GRENOBLE)), HTTP_HOST=GRENOBLE)
    assert page.status_code == 200
    assert centre_event.full_url.startswith("http://localhost/")
    assert f'<link rel="canonical" href="{centre_event.full_url}">' in page.content.decode()
    # The original is not offered a second time.
    assert "Observation du transit de Vénus" not in offered(client, agenda)
    assert share(client, agenda, centre_event).status_code == 400
    assert shared_into(agenda, centre_event).count() == 1


def test_an_edit_published_on_the_original_shows_on_the_other_territory(alias, centre_event):
    centre_event.title = "Transit de Vénus, nouvelle soirée"
    centre_event.summary = "Rendez-vous avec Zéphyrine, astronome du club."
    centre_event.save_revision().publish()
    refresh_index()
    grenoble = Client(HTTP_HOST=GRENOBLE)

    page = grenoble.get(alias.relative_url(site(GRENOBLE))).content.decode()
    assert "Transit de Vénus, nouvelle soirée" in page and "Zéphyrine" in page

    agenda = section(GRENOBLE, AgendaPage)
    day = {"du": in_days(12).date().isoformat(), "au": in_days(12).date().isoformat()}
    assert "Transit de Vénus, nouvelle soirée" in grenoble.get(agenda.relative_url(site(GRENOBLE)), day).content.decode()
    feed = grenoble.get(agenda.relative_url(site(GRENOBLE)) + "rss/", day).content.decode()
    assert "Transit de Vénus, nouvelle soirée" in feed

    features = grenoble.get(MAP_URL, {"type": "event", "limit": 5000}).json()["features"]
    mine = [f for f in features if f["id"] == f"event-{alias.pk}"]
    assert [f["properties"]["title"] for f in mine] == ["Transit de Vénus, nouvelle soirée"]
    assert mine[0]["properties"]["url"].startswith("http://grenoble.localhost/")

    results = grenoble.get("/recherche/", {"q": "Zéphyrine"}).content.decode()
    assert "Transit de Vénus, nouvelle soirée" in results
    # Unpublished at the source, it leaves Grenoble too.
    centre_event.unpublish()
    assert grenoble.get(alias.relative_url(site(GRENOBLE))).status_code == 404


def test_a_place_shared_into_a_places_section(db):
    place = (
        PlacePage.objects.live().descendant_of(site(GRENOBLE).root_page)
        .filter(alias_of__isnull=True, aliases__isnull=True).first()
    )
    places = section(CENTRE, PlaceIndexPage)
    response = share(admin_client("editeur@echosciences.localhost"), places, place)
    assert response.status_code == 302
    alias = shared_into(places, place).get()
    # Listed among the Centre-Val de Loire's places, in its town.
    listing = Client().get(places.relative_url(site(CENTRE)), {"ville": place.city}).content.decode()
    assert alias.title in listing


def test_an_editor_cannot_share_into_another_territory_or_share_what_is_not_public(centre_event):
    client = grenoble_editor()
    grenoble_agenda, centre_agenda = section(GRENOBLE, AgendaPage), section(CENTRE, AgendaPage)
    grenoble_event = add_event(site(GRENOBLE), "Conférence sur les glaciers", in_days(5))
    draft = EventPage(title="Brouillon secret", slug="brouillon-secret", city="Tours",
                      location="SRID=4326;POINT(0.68 47.39)")
    centre_agenda.add_child(instance=draft)
    draft.save_revision()
    private = add_event(site(CENTRE), "Soirée réservée aux adhérents", in_days(8))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    article = add_article(site(CENTRE), "Un article du Centre")
    before = Page.objects.count()

    forged = [
        {"section": centre_agenda.pk, "page": grenoble_event.pk},  # into a territory not theirs
        {"section": centre_agenda.pk, "page": centre_event.pk},
        {"section": grenoble_agenda.pk, "page": draft.pk},  # a draft
        {"section": grenoble_agenda.pk, "page": private.pk},  # behind a view restriction
        {"section": grenoble_agenda.pk, "page": article.pk},  # not an event
        {"section": grenoble_agenda.pk, "page": grenoble_event.pk},  # their own territory's
        {"section": section(GRENOBLE, PlaceIndexPage).pk, "page": centre_event.pk},  # an event among places
        {"section": grenoble_agenda.pk, "page": "1 OR 1=1"},
        {"section": "x", "page": centre_event.pk},
        {"section": grenoble_agenda.pk},
    ]
    for data in forged:
        response = client.post(SHARE_URL, data)
        assert response.status_code == 400, data
        assert "role=\"alert\"" in response.content.decode()
    assert Page.objects.count() == before
    assert not Page.objects.filter(alias_of__in=[draft, private, article, grenoble_event]).exists()


def test_only_those_who_publish_in_a_territory_share(centre_event):
    contributor = get_user_model().objects.get(email="membre@echosciences.localhost")
    client = Client()
    client.force_login(contributor, backend="django.contrib.auth.backends.ModelBackend")
    # Members may add pages to the agendas (for moderation) but not publish: no sharing.
    response = client.post(SHARE_URL, {"section": section(GRENOBLE, AgendaPage).pk, "page": centre_event.pk})
    assert response.status_code == 403
    assert not Page.objects.filter(alias_of=centre_event).exists()
    assert Client().get(SHARE_URL).status_code == 302  # anonymous: to the admin's login


def test_the_receiving_editors_remove_a_share_and_the_original_stays(alias, centre_event):
    centre_editor = admin_client("editeur@echosciences.localhost")
    response = centre_editor.post(SHARE_URL, {"remove": alias.pk})
    assert response.status_code == 400  # not theirs: Grenoble's agenda
    assert Page.objects.filter(pk=alias.pk).exists()
    assert grenoble_editor().post(SHARE_URL, {"remove": centre_event.pk}).status_code == 400  # not a share
    response = grenoble_editor().post(SHARE_URL, {"remove": alias.pk, "section": alias.get_parent().pk})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=alias.pk).exists()
    assert EventPage.objects.get(pk=centre_event.pk).live
    agenda = section(GRENOBLE, AgendaPage)
    day = {"du": in_days(12).date().isoformat(), "au": in_days(12).date().isoformat()}
    listing = Client().get(agenda.relative_url(site(GRENOBLE)), day, HTTP_HOST=GRENOBLE).content.decode()
    assert "Observation du transit" not in listing


def test_the_demo_shares_events_and_a_place_between_its_territories(client):
    aliases = Page.objects.filter(alias_of__isnull=False).specific()
    by_host = {}
    for alias in aliases:
        by_host.setdefault(alias.get_site().hostname, []).append(alias)
    assert {type(alias).__name__ for alias in aliases} == {"EventPage", "PlacePage"}
    assert set(by_host) == {CENTRE, GRENOBLE}
    shared = EventPage.objects.filter(pk__in=[a.pk for a in by_host[GRENOBLE]]).upcoming().first()
    assert shared is not None
    agenda = section(GRENOBLE, AgendaPage)
    day = timezone.localtime(shared.next_start).date().isoformat()
    listing = client.get(agenda.relative_url(site(GRENOBLE)), {"du": day, "au": day}, HTTP_HOST=GRENOBLE)
    assert shared.title in listing.content.decode()
    features = client.get(MAP_URL, {"type": "event", "limit": 5000}, HTTP_HOST=GRENOBLE).json()["features"]
    assert f"event-{shared.pk}" in {f["id"] for f in features}
    # The article stays unshareable: its type has no place in another agenda.
    assert not ArticlePage.objects.filter(alias_of__isnull=False).exists()


def test_deleting_the_original_removes_its_shares(alias, centre_event):
    agenda = section(GRENOBLE, AgendaPage)
    Page.objects.get(pk=centre_event.pk).delete()
    assert not Page.objects.filter(pk=alias.pk).exists()
    assert AgendaPage.objects.get(pk=agenda.pk).numchild == agenda.numchild - 1


def test_a_community_lists_a_shared_page_once(alias, centre_event):
    community = CommunityPage.objects.live().descendant_of(site(CENTRE).root_page).first()
    centre_event.communities.add(community)
    centre_event.save_revision().publish()
    assert EventPage.objects.get(pk=alias.pk).communities.filter(pk=community.pk).exists()  # Wagtail copied it
    listed = [page.pk for page in community.latest_content(limit=500)]
    assert listed.count(centre_event.pk) == 1 and alias.pk not in listed


def test_a_shared_page_is_left_to_its_original_territory_s_sitemap(alias, centre_event):
    grenoble = Client().get("/sitemap.xml", HTTP_HOST=GRENOBLE).content.decode()
    centre = Client().get("/sitemap.xml", HTTP_HOST=CENTRE).content.decode()
    assert alias.slug and f"/{alias.slug}/" not in grenoble
    assert f"<loc>{centre_event.full_url}</loc>" in centre
