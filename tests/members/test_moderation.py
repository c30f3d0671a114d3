"""« Je contribue » end to end through the admin: quota, moderation by the right team, e-mails, states."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState

from content_types.models import ArticlePage
from members.models import Contribution
from members.setup import members_collection

from .conftest import article_form_data, draft_article, png_bytes

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def submit_article(client, section, title="Les lucioles de Sologne", **kwargs):
    response = client.post(
        f"/admin/pages/add/content_types/articlepage/{section.pk}/",
        article_form_data(title, action="action-submit", **kwargs),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ArticlePage.objects.child_of(section).get(title=title)


def current_task_state(page):
    return TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).get()


def workflow_action(client, page, action, comment=""):
    task_state = current_task_state(page)
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )


def dashboard_row(client, title):
    """The card of one contribution in « Mon espace »."""
    html = client.get("/mon-espace/").content.decode()
    html = html[html.index('<ul class="contribution-cards">'):]
    start = html.rindex("<li", 0, html.index(title))
    return html[start:html.index("</li>", start)]


def test_a_submission_goes_to_this_territorys_moderators_only(actors, articles):
    member = login(actors["membre"])
    mail.outbox.clear()
    page = submit_article(member, articles)

    contribution = Contribution.objects.get(page=page)
    assert contribution.member == actors["membre"]
    assert contribution.site.is_default_site  # Centre-Val de Loire, where it was made
    recipients = {address for message in mail.outbox for address in message.to}
    assert "modo-ici@example.org" in recipients
    assert "modo-ailleurs@example.org" not in recipients
    assert "autre@example.org" not in recipients
    assert "En modération" in dashboard_row(member, "Les lucioles de Sologne")


def test_rejection_then_approval_reach_the_member_with_the_comment(actors, articles):
    member = login(actors["membre"])
    page = submit_article(member, articles)

    # A moderator of another territory cannot decide.
    workflow_action(login(actors["modérateur d'un autre territoire"]), page, "reject", "Non")
    assert current_task_state(page)

    mail.outbox.clear()
    workflow_action(login(actors["modérateur du territoire"]), page, "reject", "Précisez vos sources, svp.")
    to_member = [m for m in mail.outbox if m.to == ["auteure@example.org"]]
    assert to_member and "Précisez vos sources, svp." in to_member[0].body
    row = dashboard_row(member, "Les lucioles de Sologne")
    assert "Refusée" in row and "Précisez vos sources, svp." in row

    # Resubmitted, then approved: published, the member told, on their public profile.
    member.post(f"/admin/pages/{page.pk}/edit/", article_form_data(page.title, action="action-submit"))
    mail.outbox.clear()
    workflow_action(login(actors["modérateur du territoire"]), page, "approve")
    page.refresh_from_db()
    assert page.live
    assert any(m.to == ["auteure@example.org"] for m in mail.outbox)
    assert "Publiée" in dashboard_row(member, "Les lucioles de Sologne")
    profile = Client().get(actors["membre"].profile.get_absolute_url()).content.decode()
    assert "Les lucioles de Sologne" in profile


def test_a_draft_and_its_states_in_mon_espace(actors, articles):
    draft_article(articles, actors["membre"], title="Mon brouillon secret")
    member = login(actors["membre"])
    assert "Brouillon" in dashboard_row(member, "Mon brouillon secret")
    # Nobody else sees it listed anywhere public.
    assert "Mon brouillon secret" not in Client().get(actors["membre"].profile.get_absolute_url()).content.decode()


@override_settings(MEMBERS_CONTRIBUTIONS_PER_DAY=2)
def test_contributions_per_day_are_limited(actors, articles):
    member = login(actors["membre"])
    submit_article(member, articles, title="Premier")
    second = submit_article(member, articles, title="Deuxième")
    # Deleting a contribution does not give the quota back.
    member.post(f"/admin/pages/{second.pk}/delete/")
    assert not Page.objects.filter(pk=second.pk).exists()
    response = member.get(f"/admin/pages/add/content_types/articlepage/{articles.pk}/")
    assert response.status_code == 429
    response = member.post(
        f"/admin/pages/add/content_types/articlepage/{articles.pk}/", article_form_data("Troisième")
    )
    assert response.status_code == 429
    assert not ArticlePage.objects.filter(title="Troisième").exists()
    # Editors are not members: no quota.
    editor = login(actors["éditeur"])
    assert editor.get(f"/admin/pages/add/content_types/articlepage/{articles.pk}/").status_code == 200


def test_the_explorer_lists_only_the_members_own_contributions(actors, articles):
    draft_article(articles, actors["autre membre"], title="Brouillon de Bob")
    draft_article(articles, actors["membre"], title="Brouillon d'Ada")
    listing = login(actors["membre"]).get(f"/admin/pages/{articles.pk}/").content.decode()
    assert "Brouillon d&#x27;Ada" in listing or "Brouillon d'Ada" in listing
    assert "Brouillon de Bob" not in listing
    # A moderator of another territory does not see this territory's drafts either.
    assert "Brouillon de Bob" not in login(actors["modérateur d'un autre territoire"]).get(
        f"/admin/pages/{articles.pk}/").content.decode()
    assert "Brouillon de Bob" in login(actors["modérateur du territoire"]).get(
        f"/admin/pages/{articles.pk}/").content.decode()
    assert "Brouillon de Bob" in login(actors["éditeur"]).get(f"/admin/pages/{articles.pk}/").content.decode()


@pytest.mark.parametrize("url", [
    "/admin/pages/search/?q=brouillon",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/workflows/list/",
    "/admin/users/",
    "/admin/snippets/",
    "/admin/documents/",
    "/admin/api/main/pages/?child_of=4",
    "/admin/api/main/pages/4/",
])
def test_members_are_fenced_out_of_the_rest_of_the_admin(actors, url):
    assert login(actors["membre"]).get(url).status_code == 403


def test_the_sidebar_page_menu_hides_other_members_drafts(actors, articles):
    draft_article(articles, actors["autre membre"], title="Brouillon de Bob")
    draft_article(articles, actors["membre"], title="Brouillon d'Ada")
    response = login(actors["membre"]).get(
        f"/admin/api/main/pages/?child_of={articles.pk}&for_explorer=1&limit=20"
    )
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "Brouillon d'Ada" in titles and "Brouillon de Bob" not in titles


def test_members_cannot_copy_or_move_pages(actors, articles):
    page = draft_article(articles, actors["membre"], title="À copier")
    member = login(actors["membre"])
    assert member.get(f"/admin/pages/{page.pk}/copy/").status_code == 403
    assert member.get(f"/admin/pages/{page.pk}/move/").status_code == 403


def test_members_choose_only_their_own_images(actors):
    Image = get_image_model()
    for name in ("membre", "autre membre"):
        login(actors[name]).post("/admin/images/add/", {
            "title": f"Photo de {name}", "description": "Une photo.", "collection": members_collection().pk,
            "file": SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
        })
    assert Image.objects.filter(title__startswith="Photo de").count() == 2
    chooser = login(actors["membre"]).get("/admin/images/chooser/")
    html = json.loads(chooser.content)["html"] if chooser["Content-Type"].startswith("application/json") else chooser.content.decode()
    assert "Photo de membre" in html
    assert "Photo de autre membre" not in html
    listing = login(actors["membre"]).get("/admin/images/").content.decode()
    assert "Photo de autre membre" not in listing


def test_an_unconfirmed_member_cannot_contribute(actors, articles):
    client = login(actors["membre non confirmé"])
    response = client.get("/je-contribue/")
    assert "Confirmez d" in response.content.decode()
    assert client.get(f"/admin/pages/add/content_types/articlepage/{articles.pk}/").status_code == 302
    assert not Page.objects.filter(owner=actors["membre non confirmé"]).exists()


def test_je_contribue_offers_the_current_territorys_sections(actors, territories):
    html = login(actors["membre"]).get("/je-contribue/").content.decode()
    here, there = territories
    for model in ("articlepage", "eventpage", "dossierpage", "placepage"):
        assert f"/admin/pages/add/content_types/{model}/" in html
    sections_here = {str(p.pk) for p in here.get_children()}
    ids = {part.split("/")[0] for part in html.split("/admin/pages/add/content_types/")[1:] for part in [part.split("/", 1)[1]]}
    assert ids <= sections_here
    html_there = login(actors["membre"]).get("/je-contribue/", HTTP_HOST="grenoble.localhost").content.decode()
    sections_there = {str(p.pk) for p in there.get_children()}
    ids_there = {part.split("/", 1)[1].split("/")[0] for part in html_there.split("/admin/pages/add/content_types/")[1:]}
    assert ids_there and ids_there <= sections_there
