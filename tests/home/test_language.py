"""Readers get the French site whatever language their browser prefers."""

import pytest
from django.utils import timezone

from content_types.models import EventOccurrence

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_reads_french_dates(client):
    occurrence = EventOccurrence.objects.filter(start__gte=timezone.now()).select_related("event").first()
    _, root_url, path = occurrence.event.get_url_parts()
    host = root_url.split("://", 1)[1]
    response = client.get(path, HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    french_month = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                    "septembre", "octobre", "novembre", "décembre"][timezone.localtime(occurrence.start).month - 1]
    assert french_month in html
    assert timezone.localtime(occurrence.start).strftime("%B") not in html
