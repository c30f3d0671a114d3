"""Communities: join/leave/request/approve with permissions and CSRF, the member list, attaching content
(only to one's own communities, never bypassing moderation), the community's feed and its RSS."""

import re

import pytest

from tests.search.helpers import refresh_index
from django.test import Client
from wagtail.models import TaskState

from content_types.models import AnnonceKind, ArticlePage, AnnoncePage, CommunityMembership, CommunityPage
from members.profiles import create_profile, delete_account
from members.setup import ensure_groups, moderators_group_name
from tests.members.conftest import make_user
from tests.page_forms import annonce_form_data

from .conftest import count_queries

pytestmark = pytest.mark.django_db


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def post(client, community, suffix, data=None):
    return client.post(community.url + suffix, data or {}, HTTP_HOST=community.get_site().hostname)


def get(client, community, suffix=""):
    return client.get(community.url + suffix, HTTP_HOST=community.get_site().hostname)


def status_of(community, user):
    membership = CommunityMembership.objects.filter(community=community, member=user).first()
    return membership.status if membership else None


def titles_in(html):
    return set(re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html))


@pytest.fixture
def people(db):
    ensure_groups()
    result = {}
    for key, name in (("ada", "Ada Lovelace"), ("bob", "Bob Marley"), ("modo", "Marie Curie")):
        user = make_user(f"{key}.communaute@example.org", first_name=name.split()[0], last_name=name.split()[1])
        create_profile(user, name)
        result[key] = user
    return result


def test_a_member_joins_an_open_community_and_leaves_it(people, make_community):
    community = make_community("Les curieux du ciel")
    ada = login(people["ada"])
    before = get(ada, community).content.decode()
    assert "Rejoindre la communauté" in before and "0 membre" in before
    assert post(ada, community, "adhesion/").status_code == 302
    assert status_of(community, people["ada"]) == "membre"
    after = get(ada, community).content.decode()
    assert "Vous êtes membre de cette communauté." in after and "1 membre" in after
    assert 'href="/membres/ada-lovelace/">Ada Lovelace</a>' in after
    post(ada, community, "adhesion/")  # twice: still one membership
    assert CommunityMembership.objects.filter(community=community, member=people["ada"]).count() == 1
    post(ada, community, "quitter/")
    assert status_of(community, people["ada"]) is None
    assert "Ada Lovelace" not in get(Client(), community).content.decode()


def test_joining_needs_a_post_a_csrf_token_and_an_account(people, make_community):
    community = make_community("Les gardiens des mares")
    assert get(login(people["ada"]), community, "adhesion/").status_code == 405
    assert post(login(people["ada"], enforce_csrf_checks=True), community, "adhesion/").status_code == 403
    assert status_of(community, people["ada"]) is None
    anonymous = post(Client(), community, "adhesion/")
    assert anonymous.status_code == 302 and "/compte/login/" in anonymous["Location"]
    # A real form post carries the token the page gives.
    client = login(people["ada"], enforce_csrf_checks=True)
    html = get(client, community).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert post(client, community, "adhesion/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert status_of(community, people["ada"]) == "membre"


def test_a_request_is_approved_or_refused_by_the_communitys_moderators_only(people, make_community):
    community = make_community("Médiateurs entre eux", policy=CommunityPage.Policy.ON_REQUEST, moderators=[people["modo"]])
    ada, bob, modo = login(people["ada"]), login(people["bob"]), login(people["modo"])
    assert "Demander à rejoindre" in get(ada, community).content.decode()
    post(ada, community, "adhesion/")
    post(bob, community, "adhesion/")
    assert status_of(community, people["ada"]) == "en-attente"
    assert "en attente de validation" in get(ada, community).content.decode()
    assert "0 membre" in get(ada, community).content.decode()
    ada_request = CommunityMembership.objects.get(community=community, member=people["ada"])
    bob_request = CommunityMembership.objects.get(community=community, member=people["bob"])
    # Only moderators see the requests; others cannot decide, even a territory moderator.
    assert "Demandes en attente" not in get(bob, community).content.decode()
    assert post(bob, community, f"demandes/{ada_request.pk}/", {"decision": "accepter"}).status_code == 403
    territory_moderator = make_user("modo-territoire@example.org", groups=[moderators_group_name(community.get_site().root_page)])
    assert post(login(territory_moderator), community, f"demandes/{ada_request.pk}/", {"decision": "accepter"}).status_code == 403
    assert post(Client(), community, f"demandes/{ada_request.pk}/", {"decision": "accepter"}).status_code == 403
    assert status_of(community, people["ada"]) == "en-attente"
    page = get(modo, community).content.decode()
    assert "Demandes en attente" in page and "Ada Lovelace" in page
    assert post(modo, community, f"demandes/{ada_request.pk}/", {"decision": "n'importe"}).status_code == 400
    assert post(modo, community, f"demandes/{ada_request.pk}/", {"decision": "accepter"}).status_code == 302
    assert post(modo, community, f"demandes/{bob_request.pk}/", {"decision": "refuser"}).status_code == 302
    assert status_of(community, people["ada"]) == "membre"
    assert status_of(community, people["bob"]) is None
    assert "Vous êtes membre" in get(ada, community).content.decode()
    # Deciding needs the CSRF token too.
    post(bob, community, "adhesion/")
    bob_again = CommunityMembership.objects.get(community=community, member=people["bob"])
    strict = login(people["modo"], enforce_csrf_checks=True)
    assert post(strict, community, f"demandes/{bob_again.pk}/", {"decision": "accepter"}).status_code == 403
    assert status_of(community, people["bob"]) == "en-attente"


def test_a_moderator_of_one_community_cannot_decide_for_another(people, make_community):
    mine = make_community("La mienne", policy=CommunityPage.Policy.ON_REQUEST, moderators=[people["modo"]])
    other = make_community("Une autre", policy=CommunityPage.Policy.ON_REQUEST)
    post(login(people["ada"]), other, "adhesion/")
    request = CommunityMembership.objects.get(community=other, member=people["ada"])
    # Pointing the request of another community at one's own community's URL does nothing either.
    assert post(login(people["modo"]), other, f"demandes/{request.pk}/", {"decision": "accepter"}).status_code == 403
    post(login(people["modo"]), mine, f"demandes/{request.pk}/", {"decision": "accepter"})
    assert status_of(other, people["ada"]) == "en-attente"


def test_the_member_list_shows_public_profiles_only_and_no_e_mail(people, make_community):
    community = make_community("Les discrets")
    for user in (people["ada"], people["bob"]):
        CommunityMembership.objects.create(community=community, member=user)
    html = get(Client(), community).content.decode()
    assert "2 membres" in html
    assert "Ada Lovelace" in html and "Bob Marley" in html
    assert "@example.org" not in html
    # The member's data export lists their communities.
    exported = login(people["ada"]).get("/mon-espace/export/").json()
    assert exported["communautes"] == [
        {"communaute": "Les discrets", "etat": "Membre", "depuis_le": exported["communautes"][0]["depuis_le"]}]
    # A deleted account leaves its communities (belonging is personal data).
    delete_account(people["bob"])
    html = get(Client(), community).content.decode()
    assert "Ada Lovelace" in html and "Bob Marley" not in html and "Ancien membre" not in html
    assert "1 membre" in html
    assert status_of(community, people["bob"]) is None


def kind():
    return AnnonceKind.objects.get(slug="appel-a-participation")


def test_a_member_attaches_content_only_to_communities_they_belong_to(people, make_community, annonces_index):
    joined = make_community("Celle que j'ai rejointe")
    foreign = make_community("Celle des autres")
    CommunityMembership.objects.create(community=joined, member=people["ada"])
    ada = login(people["ada"])
    form = ada.get(f"/admin/pages/add/content_types/annoncepage/{annonces_index.pk}/").content.decode()
    assert f'value="{joined.pk}"' in form and f'value="{foreign.pk}"' not in form
    refused = ada.post(
        f"/admin/pages/add/content_types/annoncepage/{annonces_index.pk}/",
        annonce_form_data("Annonce trop rattachée", kind=kind(), communities=[joined, foreign], action="action-submit"),
    )
    assert refused.status_code == 200
    assert "communities" in refused.context["form"].errors
    assert not AnnoncePage.objects.filter(title="Annonce trop rattachée").exists()
    # A pending request is not membership either.
    pending = make_community("Sur demande", policy=CommunityPage.Policy.ON_REQUEST)
    CommunityMembership.objects.create(community=pending, member=people["ada"], status="en-attente")
    assert ada.post(
        f"/admin/pages/add/content_types/annoncepage/{annonces_index.pk}/",
        annonce_form_data("Annonce en attente", kind=kind(), communities=[pending]),
    ).status_code == 200
    ok = ada.post(
        f"/admin/pages/add/content_types/annoncepage/{annonces_index.pk}/",
        annonce_form_data("Annonce bien rattachée", kind=kind(), communities=[joined], action="action-submit"),
    )
    assert ok.status_code == 302
    annonce = AnnoncePage.objects.get(title="Annonce bien rattachée")
    assert list(annonce.communities.all()) == [joined]


def test_attaching_never_bypasses_moderation(people, make_community, annonces_index):
    community = make_community("Le fil modéré")
    CommunityMembership.objects.create(community=community, member=people["ada"])
    ada = login(people["ada"])
    ada.post(
        f"/admin/pages/add/content_types/annoncepage/{annonces_index.pk}/",
        annonce_form_data("Annonce à modérer", kind=kind(), communities=[community], action="action-submit"),
    )
    annonce = AnnoncePage.objects.get(title="Annonce à modérer")
    assert not annonce.live
    assert "Annonce à modérer" not in titles_in(get(Client(), community).content.decode())
    assert "Annonce à modérer" not in get(Client(), community, "rss/").content.decode()
    # Ada cannot publish it herself.
    ada.post(f"/admin/pages/{annonce.pk}/edit/",
             annonce_form_data("Annonce à modérer", kind=kind(), communities=[community], action="action-publish"))
    annonce.refresh_from_db()
    assert not annonce.live
    moderator = make_user("modo-fil@example.org", groups=[moderators_group_name(community.get_site().root_page)])
    task = TaskState.objects.get(workflow_state__object_id=str(annonce.pk), status=TaskState.STATUS_IN_PROGRESS)
    login(moderator).post(f"/admin/pages/workflow/action/{annonce.pk}/approve/{task.pk}/", {"comment": ""})
    annonce.refresh_from_db()
    assert annonce.live
    assert "Annonce à modérer" in titles_in(get(Client(), community).content.decode())
    assert "<title>Annonce à modérer</title>" in get(Client(), community, "rss/").content.decode()


def test_the_community_page_is_a_feed_of_every_attached_type(people, make_community, make_annonce, make_project):
    community = make_community("Tout en un")
    annonce = make_annonce("Annonce du fil")
    project = make_project("Projet du fil")
    article = ArticlePage.objects.live().filter(
        url_path__startswith="/centre-val-de-loire/").first()
    hidden = make_annonce("Annonce non rattachée")
    for page in (annonce, project, article):
        page.communities.add(community)
        page.save_revision().publish()
    html = get(Client(), community).content.decode()
    assert {annonce.title, project.title, article.title} <= titles_in(html)
    assert hidden.title not in titles_in(html)
    rss = get(Client(), community, "rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    for title in (annonce.title, project.title, article.title):
        assert f"<title>{title}</title>" in body
    assert hidden.title not in body


def test_community_listing_and_page_query_counts_do_not_grow(client, people, make_community, make_annonce,
                                                            communities_index):
    community = make_community("Mesurée")
    first = make_annonce("Annonce rattachée d'abord")
    first.communities.add(community)
    first.save_revision().publish()
    CommunityMembership.objects.create(community=community, member=people["bob"])
    listing, page, feed = (count_queries(client, communities_index), count_queries(client, community),
                           count_queries(client, community, "rss/"))
    for number in range(6):
        extra = make_community(f"Communauté en plus {number}")
        CommunityMembership.objects.create(community=extra, member=people["ada"])
        annonce = make_annonce(f"Annonce rattachée {number}")
        annonce.communities.add(community)
        annonce.save_revision().publish()
        user = make_user(f"membre-{number}@example.org")
        create_profile(user, f"Membre {number}")
        CommunityMembership.objects.create(community=community, member=user)
    assert count_queries(client, communities_index) == listing
    assert count_queries(client, community) == page
    assert count_queries(client, community, "rss/") == feed


def test_each_demo_territory_has_communities_one_on_request_with_members_and_content(home):
    communities = CommunityPage.objects.live().descendant_of(home)
    assert communities.count() >= 4
    assert communities.filter(policy=CommunityPage.Policy.ON_REQUEST).exists()
    for community in communities:
        assert community.members().exists()
        assert community.latest_content(), community.title


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_serious_or_critical_violation_on_the_new_page_types(seeded_live_server, page):
    """Every new page type, at 1280 and 360 pixels: no serious or critical axe violation, no overflow."""
    from axe_playwright_python.sync_playwright import Axe

    from content_types.models import AnnoncePage, ProjectPage

    def centre(queryset):
        return queryset.live().filter(url_path__startswith="/centre-val-de-loire/").first().get_url_parts()[2]

    paths = {
        "annonces": "/annonces/",
        "annonces-filtrees": "/annonces/?type=offre-de-stage",
        "annonce": centre(AnnoncePage.objects.open()),
        "annonce-expiree": centre(AnnoncePage.objects.expired()),
        "projets": "/projets/",
        "projet": centre(ProjectPage.objects.exclude(location="")),
        "communautes": "/communautes/",
        "communaute": centre(CommunityPage.objects.filter(policy=CommunityPage.Policy.ON_REQUEST)),
        "accueil": "/",
    }
    axe = Axe()
    failures = {}
    for name, path in paths.items():
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(seeded_live_server.url + path, wait_until="load")
            assert response.status == 200, path
            results = axe.run(page)
            bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{name}@{width}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
            if width == 360:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 1:
                    failures[f"{name}@360"] = f"déborde de {overflow} px"
    assert not failures, failures


def test_the_new_types_are_in_search_theme_pages_the_sitemap_and_the_menu(client, make_annonce, make_project,
                                                                          make_community):
    annonce = make_annonce("Annonce zygomatique")
    project = make_project("Projet zygomatique", tags=("zygomatique",))
    community = make_community("Communauté zygomatique")
    annonce.tags.add("zygomatique")
    annonce.save_revision().publish()
    community.tags.add("zygomatique")
    community.save_revision().publish()
    refresh_index()  # Elasticsearch shows new documents after a refresh
    search = client.get("/recherche/", {"q": "zygomatique"}).content.decode()
    for page in (annonce, project, community):
        assert f'href="{page.get_url_parts()[2]}"' in search, page.title  # titles come highlighted
    for label in ("Annonces", "Projets", "Communautés"):
        assert label in search
    theme = client.get("/thematiques/zygomatique/").content.decode()
    for page in (annonce, project, community):
        assert page.title in theme, page.title
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in (annonce, project, community):
        assert page.get_url_parts()[2] in sitemap
    menu = client.get("/").content.decode().split('id="menu-principal"', 1)[1].split("</nav>", 1)[0]
    for label in ("Annonces", "Projets", "Communautés"):
        assert f">{label}</a>" in menu
