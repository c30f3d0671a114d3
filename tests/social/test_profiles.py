"""Authors named and linked on their pages, the members' directory, private profiles never leaking."""

import pytest
from django.test import Client

from content_types.models import ArticlePage, EventPage
from members.models import Contribution
from social.models import Comment

from .conftest import login

pytestmark = pytest.mark.django_db


def live_article():
    return ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()


def set_private(user):
    user.profile.is_public = False
    user.profile.save()


def test_an_article_names_its_author_with_a_link_to_their_profile(member_b):
    article = live_article()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    html = Client().get(article.url).content.decode()
    assert f'href="/membres/{member_b.profile.slug}/"' in html and "Bruno Bourdon" in html


def test_a_contributed_event_names_the_member_who_proposed_it(member_b):
    event = EventPage.objects.live().first()
    Contribution.objects.update_or_create(page=event, defaults={"member": member_b})
    html = Client().get(event.url).content.decode()
    assert f'href="/membres/{member_b.profile.slug}/"' in html


def test_an_organisations_profile_is_named_by_its_organisation(member_b):
    profile = member_b.profile
    profile.is_organisation, profile.organisation_name = True, "Muséum d'Orléans"
    profile.save()
    article = live_article()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    html = Client().get(article.url).content.decode()
    assert f'<a href="/membres/{profile.slug}/">Muséum d&#x27;Orléans</a>' in html


def test_a_private_profile_is_404_for_others_and_never_listed_or_linked(member_a, member_b):
    article = live_article()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    Comment.objects.create(page=article, author=member_b, body="Mon avis")
    set_private(member_b)
    url = f"/membres/{member_b.profile.slug}/"
    assert Client().get(url).status_code == 404
    assert login(member_a).get(url).status_code == 404
    assert login(member_b).get(url).status_code == 200  # its owner still sees it
    html = Client().get(article.url).content.decode()
    assert url not in html and "Bruno Bourdon" in html  # named, not linked (byline and comment)
    directory = Client().get("/membres/?q=Bruno").content.decode()
    assert "Bruno Bourdon" not in directory
    # Nor can anyone follow it.
    response = login(member_a).post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    assert response.status_code == 404


def test_the_directory_searches_filters_and_paginates(member_a, member_b):
    member_a.profile.interests.add("Astronomie")
    member_b.profile.is_organisation, member_b.profile.organisation_name = True, "Club d'astronomie"
    member_b.profile.save()
    assert "Alice Abeille" in Client().get("/membres/?q=alice").content.decode()
    assert "Bruno Bourdon" not in Client().get("/membres/?q=alice").content.decode()
    by_interest = Client().get("/membres/?interet=astronomie").content.decode()
    assert "Alice Abeille" in by_interest and "Bruno Bourdon" not in by_interest
    by_organisation = Client().get("/membres/", {"structure": "Club d'astronomie"}).content.decode()
    assert "Bruno Bourdon" in by_organisation and "Alice Abeille" not in by_organisation
    assert Client().get("/membres/?page=999").status_code in (200, 404)
    assert Client().get("/membres/?q=" + "<script>x</script>").status_code == 200


def test_the_directory_escapes_names(member_a):
    from members.profiles import rename_profile

    rename_profile(member_a.profile, '<img src=x onerror=alert(1)>')
    html = Client().get("/membres/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_the_profile_form_offers_a_private_profile(member_a):
    client = login(member_a)
    response = client.post("/mon-espace/profil/", {
        "display_name": "Alice Abeille", "bio": "", "interests": "", "links": "",
        "is_organisation": "", "organisation_name": "",
    })
    assert response.status_code == 302
    member_a.profile.refresh_from_db()
    assert member_a.profile.is_public is False
    assert Client().get(f"/membres/{member_a.profile.slug}/").status_code == 404


def test_follows_and_favourites_are_in_the_export_and_erased_with_the_account(member_a, member_b):
    from members.profiles import delete_account
    from social.models import Bookmark, Follow

    client = login(member_a)
    client.post("/suivre/", {"type": "membre", "cible": member_b.profile.slug})
    article = live_article()
    client.post(f"/favoris/{article.pk}/")
    export = client.get("/mon-espace/export/").content.decode()
    assert "Bruno Bourdon" in export and article.title in export
    delete_account(member_a)
    assert not Follow.objects.filter(follower=member_a).exists()
    assert not Bookmark.objects.filter(user=member_a).exists()


def test_the_pages_api_names_no_member_and_the_directory_ignores_bad_filters(member_b):
    article = live_article()
    ArticlePage.objects.filter(pk=article.pk).update(author=member_b)
    set_private(member_b)
    body = Client().get(f"/api/v3/pages/{article.pk}/", HTTP_HOST="localhost").content.decode()
    assert "Bruno" not in body and "bruno@example.org" not in body and member_b.profile.slug not in body
    assert Client().get("/membres/?interet=inconnu&structure=" + "x" * 500).status_code == 200
