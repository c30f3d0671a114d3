"""Every content page carries schema.org JSON-LD with the properties search engines need."""

import pytest

from content_types.models import DossierPage

from .conftest import json_ld_blocks, main_entity

pytestmark = pytest.mark.django_db


def test_dossier_and_home_jsonld(fetch, client):
    dossier = DossierPage.objects.live().first()
    data = main_entity(fetch(dossier).content.decode(), "CollectionPage")
    assert {part["name"] for part in data["hasPart"]} == {page.title for page in dossier.get_selection()}
    home = json_ld_blocks(client.get("/", HTTP_HOST="localhost").content.decode())
    assert home[0]["@type"] == "WebSite" and home[0]["name"] == "Echosciences Centre-Val de Loire"
