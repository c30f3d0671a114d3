"""The network's national portal: its territories, and the network-wide agenda, map and search."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from content_types.models import EventPage
from home.models import HomePage, LegalPage, SiteIdentity
from members.setup import territories
from network.models import NetworkAgendaPage, NetworkMapPage, PortalPage
from tests.search.helpers import add_event, in_days, refresh_index

pytestmark = pytest.mark.django_db

PORTAL = "reseau.localhost"


@pytest.fixture
def portal():
    return Client(HTTP_HOST=PORTAL)


def shared_events():
    """(original, alias) pairs of the events the demo shares between its territories."""
    return [(alias.alias_of.specific, alias) for alias in EventPage.objects.filter(alias_of__isnull=False)]


def test_seed_demo_opens_three_territories_the_portal_among_them():
    sites = {site.hostname: site for site in Site.objects.select_related("root_page")}
    assert set(sites) == {"localhost", "grenoble.localhost", PORTAL}
    assert {type(sites[host].root_page.specific) for host in ("localhost", "grenoble.localhost")} == {HomePage}
    portal = sites[PORTAL].root_page.specific
    assert isinstance(portal, PortalPage) and portal.live
    assert {type(page) for page in portal.get_children().live().specific()} >= {NetworkAgendaPage, NetworkMapPage, LegalPage}
    assert SiteIdentity.for_site(sites[PORTAL]).short_name
    # The portal is no territory: no editors, moderators or workflow of its own.
    assert PORTAL not in {site.hostname for site, _home in territories()}
    assert len(shared_events()) >= 2


def test_create_territory_portal_is_idempotent_and_keeps_to_free_hostnames():
    out = StringIO()
    call_command("create_territory", "--name", "Echosciences, le réseau", "--hostname", PORTAL, "--slug", "reseau",
                 "--portal", stdout=out)
    assert "Rien à faire" in out.getvalue()
    with pytest.raises(CommandError, match="déjà utilisé"):
        call_command("create_territory", "--name", "Portail", "--hostname", "grenoble.localhost", "--portal",
                     stdout=StringIO())
    assert PortalPage.objects.count() == 1


def test_a_superuser_opens_a_portal_from_the_admin():
    admin = get_user_model().objects.create_superuser(email="racine@example.org", password="x")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    data = {"name": "Portail de test", "hostname": "portail.example", "port": "80", "slug": "", "portal": "on"}
    assert client.post(reverse("network_create_territory"), data).status_code == 302
    root = Site.objects.get(hostname="portail.example").root_page.specific
    assert isinstance(root, PortalPage)
    home = Client(HTTP_HOST="portail.example").get("/").content.decode()
    assert "Echosciences Grenoble" in home and "Echosciences Centre-Val de Loire" in home


def test_the_portal_lists_the_territories_with_their_identity(portal):
    response = portal.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    listed = html.split('id="titre-territoires"', 1)[1].split("</section>", 1)[0]
    for hostname, name in (("localhost", "Echosciences Centre-Val de Loire"), ("grenoble.localhost", "Echosciences Grenoble")):
        site = Site.objects.get(hostname=hostname)
        identity = SiteIdentity.for_site(site)
        assert f'<a href="{site.root_url}/">{name}</a>' in listed
        assert f".territory--{site.pk} {{ --territory: {identity.primary_colour};" in html
        assert identity.tagline in listed
    assert "Echosciences, le réseau" not in listed  # the portal is not one of the territories
    menu = html.split('id="menu-principal"', 1)[1].split("</nav>", 1)[0]
    assert "Agenda du réseau" in menu and "Carte du réseau" in menu


def test_the_network_agenda_lists_every_territory_and_each_shared_event_once(portal):
    grenoble_only = add_event(Site.objects.get(hostname="grenoble.localhost"), "Conférence sur les séracs", in_days(2))
    response = portal.get("/agenda/")
    assert response.status_code == 200
    events = list(response.context["events"].paginator.object_list)
    ids = [event.pk for event in events]
    assert len(ids) == len(set(ids))
    assert grenoble_only.pk in ids
    homes = {event.path[:8] for event in events}
    assert homes == {home.path for home in HomePage.objects.all()}
    checked = 0
    for original, alias in shared_events():
        if EventPage.objects.filter(pk=original.pk).upcoming().exists():
            assert original.pk in ids and alias.pk not in ids
            checked += 1
    assert checked, "the demo shares upcoming events"
    assert "Conférence sur les séracs" in portal.get("/agenda/").content.decode()
    # Its cards link to each event on its own territory's host.
    assert f'href="{grenoble_only.full_url}"' in response.content.decode()


def test_the_network_map_shows_every_territory_once(portal):
    html = portal.get("/carte/").content.decode()
    assert 'data-site="all"' in html
    body = portal.get("/api/v3/map/features", {"site": "all", "type": "event,place", "limit": 5000}).json()
    ids = {feature["id"] for feature in body["features"]}
    aliases = set(Page.objects.filter(alias_of__isnull=False).values_list("pk", flat=True))
    assert not {int(feature_id.split("-")[1]) for feature_id in ids} & aliases
    checked = 0
    for original, _alias in shared_events():
        if EventPage.objects.filter(pk=original.pk).upcoming().exists():
            assert f"event-{original.pk}" in ids
            checked += 1
    assert checked, "the demo shares upcoming events"
    assert body["numberReturned"] == len(ids)
    longitudes = [feature["geometry"]["coordinates"][0] for feature in body["features"]]
    assert min(longitudes) < 4.5 < max(longitudes)  # the Centre-Val de Loire and Grenoble


def test_the_network_search_finds_every_territory_and_each_shared_page_once(portal):
    refresh_index()
    original, _alias = shared_events()[0]
    response = portal.get("/recherche/", {"q": original.title})
    assert response.status_code == 200
    results = response.context["results"]
    assert original.pk in [page.pk for page in results]
    assert not [page for page in results if page.alias_of_id]
    centre = portal.get("/recherche/", {"q": "Orléans"}).context["results"]
    grenoble = portal.get("/recherche/", {"q": "Grenoble"}).context["results"]
    assert centre and grenoble
    homes = {page.path[:8] for page in [*centre, *grenoble]}
    assert homes == {home.path for home in HomePage.objects.all()}


def test_the_portal_pages_cost_no_more_queries_with_more_events(portal):
    def queries(path):
        portal.get(path)  # warm Wagtail's caches (site root paths)
        with CaptureQueriesContext(connection) as context:
            assert portal.get(path).status_code == 200
        return len(context.captured_queries)

    before = {path: queries(path) for path in ("/", "/agenda/")}
    grenoble = Site.objects.get(hostname="grenoble.localhost")
    for number in range(6):
        add_event(grenoble, f"Atelier glaciologie {number}", in_days(1))
    # More events (shown first, without images) cost no more queries: no query per card or territory.
    after = {path: queries(path) for path in ("/", "/agenda/")}
    assert all(after[path] <= before[path] for path in before), (before, after)
