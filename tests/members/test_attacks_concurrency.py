"""Issue 11: twelve contributions posted at once by one member, and titles with line breaks."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from wagtail.models import Page

from content_types.models import ArticleIndexPage, ArticlePage
from members.setup import ensure_groups
from tests.conftest import seed

from .conftest import article_form_data, make_user


def login(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# On PostgreSQL (the suite's and production's server): the test suite's SQLite database is
# in memory with a shared cache, whose table locks fail at once instead of waiting.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(MEMBERS_CONTRIBUTIONS_PER_DAY=3)
def test_twelve_contributions_at_once_get_the_quota_message_not_a_500():
    seed()
    ensure_groups()
    member = make_user("presse@example.org", first_name="Paul", last_name="Pressé")
    section = ArticleIndexPage.objects.first()
    barrier = threading.Barrier(12, timeout=60)
    statuses, errors = [], []
    clients = [login(member) for _ in range(12)]

    def contribute(number):
        try:
            client = clients[number]
            client.raise_request_exception = False
            barrier.wait()
            response = client.post(
                f"/admin/pages/add/content_types/articlepage/{section.pk}/",
                article_form_data(f"Contribution simultanée {number}"),
            )
            statuses.append((response.status_code, "revenez demain" in response.content.decode()))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=contribute, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    codes = sorted(code for code, _ in statuses)
    assert 500 not in codes, codes
    created = ArticlePage.objects.filter(title__startswith="Contribution simultanée", owner=member).count()
    assert created == 3
    assert codes.count(302) == 3
    assert codes.count(429) == 9
    assert all(said for code, said in statuses if code == 429)


@pytest.mark.django_db
def test_a_title_with_line_breaks_is_cleaned_and_the_moderators_are_told(actors, articles):
    mail.outbox.clear()
    response = login(actors["membre"]).post(
        f"/admin/pages/add/content_types/articlepage/{articles.pk}/",
        article_form_data("Les abeilles\r\nBcc: tous@example.org\n  de Sologne", action="action-submit"),
    )
    assert response.status_code == 302
    page = Page.objects.get(title__startswith="Les abeilles")
    assert page.title == "Les abeilles Bcc: tous@example.org de Sologne"
    subjects = [message.subject for message in mail.outbox]
    assert any("Les abeilles Bcc" in subject for subject in subjects), subjects
    assert all("\n" not in subject and "\r" not in subject for subject in subjects)
