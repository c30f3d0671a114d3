"""The admin fence, walked: every admin URL name Wagtail registers, opened as a plain contributor.

Each one is either refused (403) or allowed with a rule that checks every object its URL
names; the test fails on a URL name nobody has reviewed (admin_url_names.txt), so a
Wagtail upgrade cannot add a screen to the members' admin unnoticed.
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.contrib.contenttypes.models import ContentType
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from members.middleware import ACCOUNT_URL, ALLOWED_ADMIN_URLS
from members.setup import members_collection

from .conftest import draft_article, png_bytes

pytestmark = pytest.mark.django_db
REVIEWED = {
    line.strip() for line in (Path(__file__).parent / "admin_url_names.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}
# URL parameters that name no object, or an object scoped by another checked parameter.
NOT_OBJECTS = {"content_type_app_name", "content_type_model_name", "action_name", "app_label", "model_name",
               "filter_spec"}


def admin_urls(patterns=None, prefix="", namespace=""):
    """(URL name, route, parameter names) of every URL under /admin/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from admin_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif (prefix + str(pattern.pattern)).startswith("admin/") and pattern.name:
            route = prefix + str(pattern.pattern)
            params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
            yield namespace + pattern.name, route, {a or b for a, b in params}


def url_for(name, params, value):
    kwargs = {param: ("wagtailcore" if param == "app_label" else "page" if param == "model_name"
                      else "x" if param in NOT_OBJECTS else str(value)) for param in params}
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        kwargs = {param: "articlepage" if "model" in param else "content_types" if "app" in param else "1"
                  for param in params}
        return reverse(name, kwargs=kwargs)


def test_every_admin_url_name_has_been_reviewed():
    names = {name for name, _route, _params in admin_urls()}
    unknown = names - REVIEWED
    assert not unknown, f"classify in members/middleware.py, then list in admin_url_names.txt: {sorted(unknown)}"
    assert set(ALLOWED_ADMIN_URLS) <= names, "the fence allows a URL name that no longer exists"


def test_every_object_an_allowed_url_names_is_checked():
    for name, route, params in admin_urls():
        rule = ALLOWED_ADMIN_URLS.get(name)
        if rule is not None:
            unchecked = params - NOT_OBJECTS - set(rule)
            assert not unchecked, f"{name} ({route}): {sorted(unchecked)} not checked by the fence"


def test_the_walk_refused_or_filtered(actors, articles):
    member, other = actors["membre"], actors["autre membre"]
    secret = draft_article(articles, other, title="Brouillon secret de Bob")
    Image = get_image_model()
    image = Image(title="Photo privée de Bob", description="x", collection=members_collection(), uploaded_by_user=other,
                  file=SimpleUploadedFile("bob.png", png_bytes(), content_type="image/png"))
    image.save()
    upload = UploadedFile.objects.create(
        file=SimpleUploadedFile("bob-brut.png", png_bytes(), content_type="image/png"),
        for_content_type=ContentType.objects.get_for_model(Image), uploaded_by_user=other,
    )
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    walked = 0
    for name, route, params in admin_urls():
        rule = ALLOWED_ADMIN_URLS.get(name)
        kinds = set((rule or {}).values())
        target = image.pk if "image" in kinds else upload.pk if "upload" in kinds else secret.pk
        url = url_for(name, params, target)
        query = [f"{key[1:]}={target}" for key in (rule or {}) if key.startswith("?")]
        url += "?" + "&".join(query + ["for_explorer=1"]) if query else ""
        if rule is None:
            response = client.get(url)
            if name == ACCOUNT_URL:
                assert response.status_code == 302 and response["Location"] == "/mon-espace/profil/"
            else:
                assert response.status_code == 403, f"{name} {url}: {response.status_code}"
            walked += 1
        elif {"page", "image", "upload"} & kinds:
            response = client.get(url)
            assert response.status_code == 403, f"{name} {url}: another member's object answered {response.status_code}"
            assert b"Brouillon secret" not in response.content and b"Photo priv" not in response.content
            walked += 1
    assert walked > 150
