"""Issue 11, uploads: members' originals lose their EXIF, huge images are refused, rendition sizes are fixed."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from members.setup import members_collection

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def jpeg_with_gps():
    exif = PILImage.Exif()
    exif[0x010F] = "Téléphone de Bob"  # Make
    exif[0x013B] = "Bob Autre"  # Artist
    exif[0x8825] = {1: "N", 2: (47.0, 54.0, 7.0), 3: "E", 4: (1.0, 54.0, 32.0)}  # GPS position
    buffer = BytesIO()
    PILImage.new("RGB", (640, 480), (20, 120, 40)).save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert PILImage.open(BytesIO(data)).getexif().get_ifd(0x8825), "the fixture carries a GPS position"
    return data


def add_image(client, data, name="photo.jpg", content_type="image/jpeg"):
    return client.post("/admin/images/add/", {
        "title": "Ma sortie nature", "description": "Une mare.", "collection": members_collection().pk,
        "file": SimpleUploadedFile(name, data, content_type=content_type), "tags": "",
    })


def test_a_members_original_is_stored_without_its_exif(actors):
    response = add_image(login(actors["membre"]), jpeg_with_gps())
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Ma sortie nature")
    with image.open_file() as stored:
        data = stored.read()
    assert b"Bob" not in data
    stored_image = PILImage.open(BytesIO(data))
    assert not stored_image.getexif().get_ifd(0x8825)
    assert len(stored_image.getexif()) == 0
    assert (image.width, image.height) == (640, 480)


def test_an_editors_original_is_kept_as_uploaded(actors):
    add_image(login(actors["éditeur"]), jpeg_with_gps())
    image = get_image_model().objects.get(title="Ma sortie nature")
    with image.open_file() as stored:
        assert PILImage.open(stored).getexif().get_ifd(0x8825)


def test_an_image_of_more_than_40_megapixels_is_refused(actors):
    buffer = BytesIO()
    PILImage.new("1", (7000, 6000)).save(buffer, format="PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000  # tiny on disk, 42 megapixels once decoded
    for actor in ("membre", "éditeur"):
        response = add_image(login(actors[actor]), buffer.getvalue(), name="bombe.png", content_type="image/png")
        assert response.status_code == 200
        assert not get_image_model().objects.filter(title="Ma sortie nature").exists()
        assert "pixels" in response.content.decode() or "trop" in response.content.decode().lower()


def test_members_cannot_ask_for_renditions_of_any_size(actors):
    client = login(actors["membre"])
    add_image(client, png_bytes(size=(400, 300)), name="petite.png", content_type="image/png")
    image = get_image_model().objects.get(title="Ma sortie nature")
    for url in (f"/admin/images/{image.pk}/preview/width-4000/", f"/admin/images/{image.pk}/generate_url/",
                f"/admin/images/{image.pk}/generate_url/output/?filter_spec=fill-5000x5000"):
        assert client.get(url).status_code == 403, url
    assert not image.renditions.filter(filter_spec__contains="4000").exists()


def test_the_multiple_uploader_also_drops_a_members_exif(actors):
    client = login(actors["membre"])
    response = client.post("/admin/images/multiple/add/", {
        "files[]": SimpleUploadedFile("sortie.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        "collection": members_collection().pk,
    })
    assert response.status_code == 200
    upload = UploadedFile.objects.get(uploaded_by_user=actors["membre"])
    with upload.file.open("rb") as parked:
        assert not PILImage.open(parked).getexif()
    response = client.post(f"/admin/images/multiple/create_from_uploaded_image/{upload.pk}/", {
        f"uploaded-image-{upload.pk}-title": "Ma sortie nature",
        f"uploaded-image-{upload.pk}-description": "Une mare.",
        f"uploaded-image-{upload.pk}-collection": members_collection().pk,
        f"uploaded-image-{upload.pk}-tags": "",
    })
    assert response.status_code == 200 and response.json()["success"], response.content[:300]
    image = get_image_model().objects.get(title="Ma sortie nature")
    with image.open_file() as stored:
        assert not PILImage.open(stored).getexif()
