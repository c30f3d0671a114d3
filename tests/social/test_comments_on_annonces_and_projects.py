"""Announcements and projects take comments as articles and events do: on the page, counted on cards,
their poster notified, closed by editors."""

import pytest
from django.test import Client
from wagtail.models import Site

from content_types.models import AnnoncePage, ProjectPage
from social.models import ClosedComments, Comment, Notification

from .conftest import login

pytestmark = pytest.mark.django_db


def first_live(model):
    """The first card of the territory's listing (announcements: the newest open one)."""
    home = Site.objects.get(is_default_site=True).root_page
    return model.listing_cards(model.objects.live().descendant_of(home)).first()


@pytest.mark.parametrize("model", [AnnoncePage, ProjectPage], ids=["annonce", "projet"])
def test_members_comment_on_the_page_and_its_poster_is_notified(model, member_a, member_b):
    page = first_live(model)
    model.objects.filter(pk=page.pk).update(owner=member_b)
    client = login(member_a)
    assert 'id="commentaires"' in client.get(page.url).content.decode()
    response = client.post(f"/commentaires/page/{page.pk}/", {"body": "Très <b>intéressant</b> : https://exemple.fr"})
    assert response.status_code == 302 and response["Location"].endswith("#commentaire-%d" % Comment.objects.get().pk)
    html = Client().get(page.url).content.decode()
    assert "Très &lt;b&gt;intéressant&lt;/b&gt;" in html
    assert 'rel="nofollow ugc noopener"' in html and "Alice Abeille" in html
    assert Notification.objects.filter(recipient=member_b, kind="commentaire", page=page).count() == 1

    listing = Client().get(page.get_parent().url).content.decode()
    assert "1 commentaire" in listing


@pytest.mark.parametrize("model", [AnnoncePage, ProjectPage], ids=["annonce", "projet"])
def test_closed_comments_refuse_new_ones(model, member_a):
    page = first_live(model)
    ClosedComments.objects.create(page=page)
    assert login(member_a).post(f"/commentaires/page/{page.pk}/", {"body": "Encore un mot"}).status_code == 404
    assert not Comment.objects.exists()
