"""Profiles: uploads re-encoded, everything a member writes escaped, GDPR export and erasure."""

import json
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from wagtail.models import Page

from members.models import MemberProfile

from .conftest import PASSWORD, article_form_data, draft_article, png_bytes

pytestmark = pytest.mark.django_db

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def login(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def profile_data(**overrides):
    data = {
        "display_name": "Ada Auteure", "bio": "", "interests": "", "links": "",
        "is_organisation": "", "organisation_name": "", "is_public": "on",
    }
    data.update(overrides)
    return data


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Uploads ---------------------------------------------------------------------------


def test_an_avatar_is_re_encoded_under_a_name_of_ours(actors):
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    Image.new("RGB", (1600, 1200), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    payload = buffer.getvalue() + b"<script>alert(1)</script>"  # a polyglot tail
    response = login(actors["membre"]).post(
        "/mon-espace/profil/", profile_data(avatar=upload("../../mon visage.php.jpg", payload, "text/html"))
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=actors["membre"])
    name = profile.avatar.name
    assert name.startswith("members/") and name.endswith(".jpg") and "visage" not in name and ".php" not in name
    stored = default_storage.open(name).read()
    assert b"<script>" not in stored and b"Appareil secret" not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG" and max(image.size) == 512


def test_a_transparent_png_stays_a_png(actors):
    login(actors["membre"]).post("/mon-espace/profil/", profile_data(
        avatar=upload("logo.png", png_bytes(mode="RGBA", colour=(0, 0, 0, 0)))))
    assert MemberProfile.objects.get(user=actors["membre"]).avatar.name.endswith(".png")


@pytest.mark.parametrize("name,content,message", [
    ("notes.png", b"ceci n'est pas une image", "pas une image lisible"),
    ("dessin.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "pas une image lisible"),
    ("enorme.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), "dépasse 5 Mo"),
    ("bande.png", png_bytes(size=(7000, 40)), "Dimensions non acceptées"),
    ("minuscule.png", png_bytes(size=(8, 8)), "Dimensions non acceptées"),
    ("image.tiff", None, "Format non accepté"),
])
def test_bad_uploads_are_refused_with_a_message(actors, name, content, message):
    if content is None:
        buffer = BytesIO()
        Image.new("RGB", (100, 100)).save(buffer, format="TIFF")
        content = buffer.getvalue()
    response = login(actors["membre"]).post("/mon-espace/profil/", profile_data(avatar=upload(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MemberProfile.objects.get(user=actors["membre"]).avatar


def test_links_must_be_web_addresses(actors):
    response = login(actors["membre"]).post(
        "/mon-espace/profil/", profile_data(links="javascript:alert(1)")
    )
    assert response.status_code == 200
    assert "n&#x27;est pas une adresse web" in response.content.decode()


def test_the_profile_form_requires_csrf(actors):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors["membre"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.post("/mon-espace/profil/", profile_data(display_name="Sans jeton")).status_code == 403
    assert MemberProfile.objects.get(user=actors["membre"]).display_name != "Sans jeton"


# Escaping --------------------------------------------------------------------------


def test_every_profile_field_is_shown_escaped(actors):
    client = login(actors["membre"])
    response = client.post("/mon-espace/profil/", profile_data(
        display_name=XSS[:80], bio=XSS, interests=f'"{XSS[:45]}"', links='https://example.org/?q="><script>x</script>',
        is_organisation="on", organisation_name=XSS,
    ))
    assert response.status_code == 302, response.context["form"].errors
    profile = MemberProfile.objects.get(user=actors["membre"])
    for page in (Client().get(profile.get_absolute_url()), client.get("/mon-espace/")):
        html = page.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_titles_bodies_and_tags_of_contributions_are_escaped(actors, articles):
    member = login(actors["membre"])
    body = (
        '<p>Texte <a href="javascript:alert(1)">piège</a></p>'
        '<p><script>alert(2)</script><iframe src="https://evil.example"></iframe>fin</p>'
    )
    member.post(
        f"/admin/pages/add/content_types/articlepage/{articles.pk}/",
        article_form_data(XSS, action="action-submit", body_html=body, tags=f'"{XSS[:90]}"'),
    )
    page = Page.objects.child_of(articles).get(owner=actors["membre"]).specific
    page.get_latest_revision().publish()
    html = Client().get(page.url).content.decode()
    for raw in ("<script>alert", "<img src=x", "javascript:alert", "<iframe"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(" in html
    for other in (Client().get(actors["membre"].profile.get_absolute_url()), member.get("/mon-espace/")):
        other_html = other.content.decode()
        assert "<script>alert" not in other_html and "&lt;script&gt;alert(" in other_html


# GDPR ------------------------------------------------------------------------------


def test_the_export_holds_the_members_data_and_nobody_elses(actors, articles):
    draft_article(articles, actors["membre"], title="Mon article en cours")
    draft_article(articles, actors["autre membre"], title="L'article de Bob")
    response = login(actors["membre"]).get("/mon-espace/export/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["compte"]["email"] == "auteure@example.org"
    assert data["profil"]["nom_affiche"] == actors["membre"].profile.display_name
    titles = [c["titre"] for c in data["contributions"]]
    assert "Mon article en cours" in titles and "L'article de Bob" not in titles
    assert data["contributions"][0]["etat"] == "Brouillon"
    assert "autre@example.org" not in response.content.decode()
    assert Client().get("/mon-espace/export/").status_code == 302


def test_deleting_the_account_erases_personal_data_and_keeps_published_work(actors, articles):
    user = actors["membre"]
    client = login(user)
    client.post("/mon-espace/profil/", profile_data(avatar=upload("a.png", png_bytes())))
    avatar = MemberProfile.objects.get(user=user).avatar.name
    slug = user.profile.slug
    published = draft_article(articles, user, title="Article publié d'Ada")
    published.get_latest_revision().publish()
    draft = draft_article(articles, user, title="Brouillon d'Ada")

    # The wrong password changes nothing.
    response = client.post("/mon-espace/supprimer/", {"password": "pas le bon"})
    assert response.status_code == 200 and "Mot de passe incorrect" in response.content.decode()
    assert MemberProfile.objects.filter(user=user).exists()

    response = client.post("/mon-espace/supprimer/", {"password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mon-espace/").status_code == 302  # signed out

    User = get_user_model()
    assert not User.objects.filter(email="auteure@example.org").exists()
    assert not EmailAddress.objects.filter(email="auteure@example.org").exists()
    assert not MemberProfile.objects.filter(slug=slug).exists()
    assert not default_storage.exists(avatar)
    assert Client().get(f"/membres/{slug}/").status_code == 404
    assert not Page.objects.filter(pk=draft.pk).exists()
    published.refresh_from_db()
    assert published.live
    html = Client().get(published.url).content.decode()
    assert "Ancien membre" in html and "Ada" not in html.split("<main", 1)[1].replace("Article publié d&#x27;Ada", "").replace("Article publié d’Ada", "")
    # The old credentials open nothing, and the address may sign up again.
    assert not Client().login(email="auteure@example.org", password=PASSWORD)
    assert Client().post("/compte/signup/", {
        "email": "auteure@example.org", "password1": PASSWORD, "password2": PASSWORD, "display_name": "Ada",
    }).status_code == 302
    assert User.objects.filter(email="auteure@example.org").exists()


def test_an_administrator_cannot_delete_their_own_account_by_mistake(actors):
    client = login(actors["administrateur"])
    response = client.post("/mon-espace/supprimer/", {"password": PASSWORD})
    assert response.status_code == 200
    assert get_user_model().objects.filter(email="admin-test@example.org", is_active=True).exists()
