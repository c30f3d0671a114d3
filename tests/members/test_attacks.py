"""The attacks of issue 11, replayed: each test is the attacker's request and what must come back."""

import json
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from content_types.models import ArticlePage
from members.setup import members_collection
from tests.factories import make_place
from tests.page_forms import event_form_data
from wagtail.test.utils.form_data import nested_form_data, streamfield

from .conftest import article_form_data, draft_article, png_bytes

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def upload(user, title, colour=(200, 30, 30)):
    Image = get_image_model()
    image = Image(
        title=title, description="Une photo.", collection=members_collection(), uploaded_by_user=user,
        file=SimpleUploadedFile(f"{title}.png", png_bytes(colour=colour), content_type="image/png"),
    )
    image.save()
    return image


def draft_place(section, owner, title="Labo secret de Bob"):
    return make_place(
        title, parent=section, owner=owner, live=False, slug="labo-secret", summary="Un lieu.",
        address="12 impasse Cachée", city="Orléans", location="SRID=4326;POINT(1.9 47.9)",
    )


# --- E-mail addresses -------------------------------------------------------------------


def test_an_account_reads_as_its_display_name_never_its_email(actors):
    member = actors["membre"]
    member.first_name = member.last_name = ""
    member.save()
    member.profile.display_name = "Ada la curieuse"
    member.profile.save()
    member = get_user_model().objects.get(pk=member.pk)
    assert str(member) == "Ada la curieuse"
    assert member.get_full_name() == "Ada la curieuse"


def test_the_author_dropdown_of_a_member_lists_no_email_and_no_other_account(actors, articles):
    html = login(actors["membre"]).get(f"/admin/pages/add/content_types/articlepage/{articles.pk}/").content.decode()
    for user in get_user_model().objects.all():
        assert user.email not in html, user.email
    assert actors["éditeur"].profile.display_name not in html or "éditeur" in html.lower()


def test_a_member_cannot_make_someone_else_the_author(actors, articles):
    editor = actors["éditeur"]
    data = article_form_data("Un article signé par un autre")
    data["author"] = str(editor.pk)
    login(actors["membre"]).post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/", data)
    page = ArticlePage.objects.get(title="Un article signé par un autre")
    assert page.get_latest_revision_as_object().author == actors["membre"]


def test_an_editor_chooses_the_author_by_display_name(actors, articles):
    html = login(actors["éditeur"]).get(f"/admin/pages/add/content_types/articlepage/{articles.pk}/").content.decode()
    member = actors["membre"]
    assert f'value="{member.pk}">{member.profile.display_name}<' in html
    assert member.email not in html


def test_the_explorer_filters_show_names_not_emails(actors, articles):
    draft_article(articles, actors["membre"])
    html = login(actors["autre membre"]).get(f"/admin/pages/{articles.pk}/").content.decode()
    for user in get_user_model().objects.all():
        assert user.email not in html, user.email


def test_no_public_page_feed_or_json_ld_prints_an_account_email(actors, articles, territories):
    """Scan every live page type, the feeds and the JSON-LD for any account's address."""
    member = actors["membre"]
    data = article_form_data("Les lucioles de Sologne")
    data["author"] = str(member.pk)
    login(member).post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/", data)
    page = ArticlePage.objects.get(title="Les lucioles de Sologne")
    page.get_latest_revision().publish()
    emails = [user.email for user in get_user_model().objects.all()]
    assert ArticlePage.objects.get(pk=page.pk).author == member

    client = Client()
    urls, seen_types = set(), set()
    for live in Page.objects.live().public().specific().exclude(depth=1):
        if type(live) not in seen_types or isinstance(live, ArticlePage):
            seen_types.add(type(live))
            urls.add(live.get_full_url())
    for index in Page.objects.live().filter(content_type__model="articleindexpage"):
        urls |= {index.get_full_url() + "rss/", index.get_full_url() + "atom/"}
    for agenda in Page.objects.live().filter(content_type__model="agendapage"):
        urls.add(agenda.get_full_url() + "ical/")
    default_host = Site.objects.get(is_default_site=True).root_url
    urls.add(default_host + member.profile.get_absolute_url())  # the member's public profile
    checked = 0
    for url in sorted(u for u in urls if u):
        parts = urlsplit(url)
        response = client.get(parts.path, HTTP_HOST=parts.netloc)
        assert response.status_code == 200, url
        body = response.content.decode()
        for email in emails:
            assert email not in body, (url, email)
        checked += 1
    assert checked >= len(seen_types) + 2
    article_html = client.get(urlsplit(page.get_full_url()).path).content.decode()
    assert member.profile.display_name in article_html
    json_ld = [json.loads(block.split(">", 1)[1]) for block in article_html.split("<script type=\"application/ld+json\"")[1:]
               for block in [block.split("</script>")[0]]]
    assert any("Les lucioles" in json.dumps(item, ensure_ascii=False) for item in json_ld)
    rss = client.get(articles.url + "rss/").content.decode()
    assert member.profile.display_name in rss


# --- The admin fence --------------------------------------------------------------------


def test_the_usage_listing_of_a_page_type_is_refused_to_members(actors, articles):
    draft_article(articles, actors["autre membre"], title="Brouillon secret de Bob")
    response = login(actors["membre"]).get("/admin/pages/usage/content_types/articlepage/")
    assert response.status_code == 403
    assert b"Brouillon secret de Bob" not in response.content


def test_a_member_cannot_read_the_title_of_anothers_draft_through_its_id(actors, articles):
    draft = draft_article(articles, actors["autre membre"], title="Brouillon secret de Bob")
    client = login(actors["membre"])
    for url in (f"/admin/pages/{draft.pk}/", f"/admin/pages/{draft.pk}/usage/",
                f"/admin/pages/{draft.pk}/history/", f"/admin/pages/{draft.pk}/revisions/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Brouillon secret de Bob" not in response.content


def test_confirm_cancellation_does_not_tell_whether_anothers_page_is_in_moderation(actors, articles):
    draft = draft_article(articles, actors["autre membre"], title="Brouillon secret de Bob")
    draft.get_workflow().start(draft, actors["autre membre"])
    idle = draft_article(articles, actors["autre membre"], title="Autre brouillon de Bob")
    client = login(actors["membre"])
    in_moderation = client.get(f"/admin/pages/workflow/confirm_cancellation/{draft.pk}/")
    not_in_moderation = client.get(f"/admin/pages/workflow/confirm_cancellation/{idle.pk}/")
    assert in_moderation.status_code == not_in_moderation.status_code == 403
    assert in_moderation.content == not_in_moderation.content


def test_members_open_their_own_pages_and_public_ones(actors, articles):
    own = draft_article(articles, actors["membre"], title="Mon brouillon")
    client = login(actors["membre"])
    assert client.get(f"/admin/pages/{articles.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{own.pk}/history/").status_code == 200


def test_the_admin_account_page_sends_members_to_their_profile(actors):
    member = actors["membre"]
    client = login(member)
    response = client.post("/admin/account/", {"name_email-first_name": "Éditrice", "name_email-last_name": "Officielle"})
    assert response.status_code == 302 and response["Location"] == "/mon-espace/profil/"
    member.refresh_from_db()
    assert member.first_name != "Éditrice"
    assert str(member) == member.profile.display_name


# --- Choosers are checked on the server --------------------------------------------------


def test_a_member_cannot_preview_anothers_unpublished_venue(actors, agenda, territories):
    places = Page.objects.child_of(territories[0]).get(content_type__model="placeindexpage")
    secret = draft_place(places, actors["autre membre"])
    data = event_form_data("Soirée au labo")
    data["venue"] = str(secret.pk)
    client = login(actors["membre"])
    preview = client.post(f"/admin/pages/add/content_types/eventpage/{agenda.pk}/preview/", data)
    assert json.loads(preview.content)["is_valid"] is False
    shown = client.get(f"/admin/pages/add/content_types/eventpage/{agenda.pk}/preview/")
    assert b"impasse Cach" not in shown.content
    response = client.post(f"/admin/pages/add/content_types/eventpage/{agenda.pk}/", data)
    assert b"ni public ni" in response.content
    assert not Page.objects.filter(title="Soirée au labo").exists()


def test_a_member_cannot_reference_anothers_image(actors, articles):
    theirs = upload(actors["autre membre"], "Photo privée de Bob")
    client = login(actors["membre"])
    data = article_form_data("Un article illustré")
    data["listing_image"] = str(theirs.pk)
    preview = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/preview/", data)
    assert json.loads(preview.content)["is_valid"] is False
    body = article_form_data("Un article illustré")
    body.update(nested_form_data({"body": streamfield([
        ("image", {"image": theirs.pk, "alt_text": "x", "caption": "", "credit": ""}),
    ])}))
    preview = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/preview/", body)
    assert json.loads(preview.content)["is_valid"] is False
    secret = draft_article(articles, actors["autre membre"], title="Brouillon secret de Bob")
    link = article_form_data("Un article qui renvoie", body_html=f'<p><a linktype="page" id="{secret.pk}">lien</a></p>')
    preview = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/preview/", link)
    assert json.loads(preview.content)["is_valid"] is False
    public = article_form_data("Un article qui renvoie", body_html=f'<p><a linktype="page" id="{articles.pk}">lien</a></p>')
    preview = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/preview/", public)
    assert json.loads(preview.content)["is_valid"] is True


def test_a_member_references_their_own_image_and_live_pages(actors, articles, agenda):
    mine = upload(actors["membre"], "Ma photo")
    client = login(actors["membre"])
    data = article_form_data("Un article à moi")
    data["listing_image"] = str(mine.pk)
    response = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/", data)
    assert response.status_code == 302
    assert ArticlePage.objects.get(title="Un article à moi").get_latest_revision_as_object().listing_image == mine


def test_an_image_shown_on_a_live_page_may_be_referenced_by_anyone(actors, articles):
    theirs = upload(actors["autre membre"], "Photo publiée de Bob")
    published = draft_article(articles, actors["autre membre"], title="Article publié de Bob")
    published.listing_image = theirs
    published.save_revision(user=actors["autre membre"]).publish()
    client = login(actors["membre"])
    data = article_form_data("Un article qui reprend une image publiée")
    data["listing_image"] = str(theirs.pk)
    preview = client.post(f"/admin/pages/add/content_types/articlepage/{articles.pk}/preview/", data)
    assert json.loads(preview.content)["is_valid"] is True
    assert client.get(f"/admin/images/chooser/chosen/{theirs.pk}/").status_code == 200


def test_the_image_chooser_does_not_hand_out_anothers_image(actors):
    theirs = upload(actors["autre membre"], "Photo privée de Bob")
    client = login(actors["membre"])
    for url in (f"/admin/images/chooser/chosen/{theirs.pk}/", f"/admin/images/chooser/{theirs.pk}/select_format/",
                f"/admin/images/chooser/chosen-multiple/?id={theirs.pk}"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Photo priv" not in response.content, url
        assert theirs.file.name.encode() not in response.content


def test_the_duplicate_upload_check_does_not_reveal_anothers_image(actors):
    theirs = upload(actors["autre membre"], "Photo privée de Bob", colour=(1, 2, 3))
    response = login(actors["membre"]).post("/admin/images/chooser/create/", {
        "image-chooser-upload-title": "Ma photo", "image-chooser-upload-description": "Une photo.",
        "image-chooser-upload-collection": members_collection().pk,
        "image-chooser-upload-file": SimpleUploadedFile("x.png", png_bytes(colour=(1, 2, 3)), content_type="image/png"),
    })
    assert response.status_code == 200
    assert b"Photo priv" not in response.content
    assert str(theirs.pk).encode() + b"/" not in response.content.replace(b"chooser/", b"")
