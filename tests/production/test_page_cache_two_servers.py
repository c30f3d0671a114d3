"""The anonymous page cache across two application servers sharing one Redis: a publication
through one server is on the other's pages at the next request (home/page_cache.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content_types.models import AgendaPage, EventPage
from tests.members.conftest import PASSWORD
from tests.page_forms import event_form_data

from .test_two_servers import browser_like, login, production_user, servers  # noqa: F401 — the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_page_cached_by_one_server_shows_a_publication_made_through_the_other(servers):  # noqa: F811
    a, b = servers
    production_user("admin-cache@example.org", superuser=True)
    agenda = AgendaPage.objects.get(url_path="/centre-val-de-loire/agenda/")
    title = "Conférence servie fraîche"

    assert b.session().get(b.url + "/agenda/").headers.get("X-Page-Cache") == "miss"
    cached = b.session().get(b.url + "/agenda/")
    assert cached.headers.get("X-Page-Cache") == "hit" and title not in cached.text

    session = browser_like(a)
    assert login(session, "admin-cache@example.org", PASSWORD).status_code == 302
    soon = (timezone.localtime() + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    data = event_form_data(title, action="action-publish", start=soon)
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    add = f"/admin/pages/add/content_types/eventpage/{agenda.pk}/"
    response = session.post(session.base + add, data=data, headers={"Referer": session.headers["Origin"] + add},
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    assert EventPage.objects.get(title=title).live

    fresh = b.session().get(b.url + "/agenda/")
    assert fresh.headers.get("X-Page-Cache") == "miss" and title in fresh.text
    # The signed-in editor is never served the anonymous copy, on either server.
    mine = session.get(f"http://localhost:{b.port}/agenda/")
    assert "X-Page-Cache" not in mine.headers and "Se déconnecter" in mine.text
