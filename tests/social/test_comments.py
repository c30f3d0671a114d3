"""Comments: members post at once, readers report, the territory's moderators hide or restore."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from content_types.models import ArticlePage, DossierPage, EventPage
from members.profiles import delete_account
from social.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Per-member comment counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def user(email, confirmed=True, **extra):
    from allauth.account.models import EmailAddress

    account = get_user_model().objects.create_user(email=email, password="x", **extra)
    EmailAddress.objects.filter(user=account).update(verified=confirmed)
    return account


def client_for(account, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    return client


def demo_user(email):
    return get_user_model().objects.get(email=email)


@pytest.fixture
def article():
    return ArticlePage.objects.live().filter(url_path__startswith="/centre-val-de-loire/").first()


@pytest.fixture
def member():
    return user("lecteur@example.org", first_name="Léon")


def post(client, page, body, **extra):
    return client.post(f"/commentaires/page/{page.pk}/", {"body": body, **extra})


def page_html(page, client=None):
    return (client or Client()).get(page.url).content.decode()


def test_a_confirmed_member_comments_and_everyone_reads_it_at_once_escaped_with_safe_links(article, member):
    response = post(client_for(member), article, f"Très juste ! {XSS} Voir https://example.org/ciel?a=1&b=2")
    assert response.status_code == 302
    html = page_html(article)
    assert "Très juste" in html
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org/ciel?a=1&amp;b=2" rel="nofollow ugc noopener">' in html
    # The author is named by their display name, never their e-mail.
    assert "lecteur@example.org" not in html


def test_javascript_urls_are_never_links(article, member):
    post(client_for(member), article, "javascript:alert(1) et data:text/html,<b>x</b>")
    html = page_html(article)
    assert 'href="javascript' not in html and 'href="data:' not in html


def test_anonymous_unconfirmed_and_cross_site_requests_cannot_comment(article, member):
    assert Client().post(f"/commentaires/page/{article.pk}/", {"body": "Anonyme"}).status_code == 302
    post(client_for(user("nonconfirme@example.org", confirmed=False)), article, "Pas confirmé")
    assert client_for(member, csrf=True).post(f"/commentaires/page/{article.pk}/", {"body": "Sans jeton"}).status_code == 403
    assert not Comment.objects.exists()


def test_only_live_commentable_pages_take_comments(member):
    client = client_for(member)
    dossier = DossierPage.objects.live().first()
    assert post(client, dossier, "Sur un dossier").status_code == 404
    draft = ArticlePage.objects.live().first()
    draft.unpublish()
    assert post(client, draft, "Sur un brouillon").status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body, extra, message", [
    ("Liens : https://a.example https://b.example https://c.example", {}, "Pas plus de 2 liens"),
    ("x" * 2001, {}, "au plus 2000 caractères"),
    ("Je suis un robot", {"site_web": "https://spam.example"}, "Commentaire refusé"),
    ("   ", {}, "Écrivez votre commentaire"),
])
def test_refusals_explain_themselves_in_french_and_keep_the_text(article, member, body, extra, message):
    client = client_for(member)
    response = post(client, article, body, **extra)
    assert response.status_code == 302
    html = page_html(article, client)
    assert message in html
    if body.strip() and len(body) < 200:
        assert body in html  # the text is kept in the form
    assert not Comment.objects.exists()


def test_a_member_is_rate_limited_with_a_clear_message(article, member, settings):
    settings.COMMENTS_PER_WINDOW = 3
    client = client_for(member)
    for number in range(4):
        post(client, article, f"Commentaire {number}")
    assert Comment.objects.count() == 3
    assert "réessayez dans quelques minutes" in page_html(article, client)


def test_one_level_of_replies_and_never_into_another_pages_thread(article, member):
    other = user("autre@example.org")
    post(client_for(member), article, "Premier")
    first = Comment.objects.get()
    post(client_for(other), article, "Réponse", parent=first.pk)
    reply = Comment.objects.get(body="Réponse")
    post(client_for(member), article, "Réponse à la réponse", parent=reply.pk)
    assert Comment.objects.get(body="Réponse à la réponse").parent == first
    event = EventPage.objects.live().first()
    post(client_for(member), event, "Ailleurs", parent=first.pk)
    assert not Comment.objects.filter(body="Ailleurs").exists()


def test_edit_own_for_fifteen_minutes_delete_own_any_time_never_anothers(article, member):
    other = user("autre@example.org")
    post(client_for(member), article, "Premier jet")
    comment = Comment.objects.get()
    assert client_for(other).post(f"/commentaires/{comment.pk}/modifier/", {"body": "Piraté"}).status_code == 403
    assert client_for(other).post(f"/commentaires/{comment.pk}/supprimer/").status_code == 403
    client_for(member).post(f"/commentaires/{comment.pk}/modifier/", {"body": "Version corrigée"})
    comment.refresh_from_db()
    assert comment.body == "Version corrigée" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client_for(member).post(f"/commentaires/{comment.pk}/modifier/", {"body": "Trop tard"})
    comment.refresh_from_db()
    assert comment.body == "Version corrigée"
    client_for(member).post(f"/commentaires/{comment.pk}/supprimer/")
    assert not Comment.objects.exists()


def test_report_then_the_territorys_moderator_hides_and_restores(article, member):
    reader = user("lectrice@example.org")
    post(client_for(member), article, "Propos déplacés")
    comment = Comment.objects.get()
    client_for(reader).post(f"/commentaires/{comment.pk}/signaler/", {"reason": f"Insultant {XSS}"})

    moderator = client_for(demo_user("moderatrice@echosciences.localhost"))
    queue = moderator.get("/admin/commentaires/").content.decode()
    assert "Propos déplacés" in queue and "&lt;script&gt;" in queue and "<script>alert" not in queue

    # Grenoble's moderator and a member cannot hide it, and do not see it in a queue.
    grenoble = client_for(demo_user("moderatrice.grenoble@echosciences.localhost"))
    assert "Propos déplacés" not in grenoble.get("/admin/commentaires/").content.decode()
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assert grenoble.post(f"/admin/commentaires/{comment.pk}/masquer/", {"reason": "Non"}).status_code in (302, 403)
    assert client_for(reader).post(f"/admin/commentaires/{comment.pk}/masquer/", {"reason": "Non"}).status_code in (302, 403)
    comment.refresh_from_db()
    assert not comment.is_hidden

    moderator.post(f"/admin/commentaires/{comment.pk}/masquer/", {"reason": "Insulte"})
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Insulte"
    html = page_html(article)
    assert "Commentaire masqué par la modération" in html and "Propos déplacés" not in html

    moderator.post(f"/admin/commentaires/{comment.pk}/retablir/")
    assert "Propos déplacés" in page_html(article)


def test_editors_close_comments_on_a_page(article, member):
    editor = client_for(demo_user("editeur@echosciences.localhost"))
    assert editor.get(f"/admin/commentaires/page/{article.pk}/").status_code == 200
    assert client_for(member).post(f"/admin/commentaires/page/{article.pk}/").status_code in (302, 403)
    editor.post(f"/admin/commentaires/page/{article.pk}/")
    assert "Les commentaires sont fermés" in page_html(article)
    assert post(client_for(member), article, "Trop tard").status_code == 404


def test_comments_are_in_the_export_and_survive_account_deletion_as_former_member(article, member):
    post(client_for(member), article, "Mon avis éclairé")
    export = client_for(member).get("/mon-espace/export/")
    assert "Mon avis éclairé" in export.content.decode()
    delete_account(member)
    html = page_html(article)
    assert "Mon avis éclairé" in html and "Ancien membre" in html


def test_the_thread_costs_the_same_queries_whatever_its_length(article, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            Client().get(article.url)
        return len(captured)

    post(client_for(member), article, "Un")
    queries()  # the first view of a page also warms caches (renditions, sites)
    few = queries()
    authors = [user(f"membre{number}@example.org") for number in range(8)]
    for number, author in enumerate(authors):
        Comment.objects.create(page=article, author=author, body=f"Commentaire {number}")
    assert queries() == few
