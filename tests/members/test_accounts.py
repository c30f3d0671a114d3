"""Signup with e-mail confirmation, the spam trap, rate limits, login lock-out, one login page."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from members.permissions import can_contribute

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/compte/signup/"
LOGIN = "/compte/login/"


def signup(client, email="nouvelle@example.org", name="Marie Curieuse", **extra):
    return client.post(SIGNUP, {
        "email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name, **extra,
    })


def confirmation_link(message):
    match = re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_sends_a_confirmation_link_and_the_account_cannot_contribute_before(client, groups):
    response = signup(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nouvelle@example.org")
    assert user.profile.display_name == "Marie Curieuse"
    assert user.profile.slug == "marie-curieuse"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@example.org"]
    assert not can_contribute(user)
    assert not user.groups.filter(name="Contributeurs").exists()
    # No way into « Je contribue » or the admin until the address is confirmed.
    client.post(LOGIN, {"login": "nouvelle@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    contribute = client.get("/je-contribue/")
    assert contribute.status_code == 302 and contribute.url.startswith(LOGIN)


def test_confirming_the_address_makes_a_contributor(client, groups):
    signup(client)
    link = confirmation_link(mail.outbox[0])
    user = get_user_model().objects.get(email="nouvelle@example.org")
    # Opening the link (a mail scanner would) does not confirm: the page asks for a click.
    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert user.groups.filter(name="Contributeurs").exists()
    assert can_contribute(user)
    assert client.get("/admin/").status_code == 200


def test_an_expired_or_forged_link_confirms_nothing(client, groups):
    signup(client)
    link = confirmation_link(mail.outbox[0])
    user = get_user_model().objects.get(email="nouvelle@example.org")
    four_days_later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        client.post(link)
    assert not EmailAddress.objects.get(user=user).verified
    forged = link[:-6] + "AAAAA/"
    client.post(forged)
    assert not EmailAddress.objects.get(user=user).verified


def test_the_spam_trap_creates_no_account(client, groups):
    response = signup(client, email="robot@example.org", site_web="https://spam.example")
    assert response.status_code == 302  # the robot is told nothing
    assert not get_user_model().objects.filter(email="robot@example.org").exists()
    assert mail.outbox == []


def test_the_spam_trap_is_hidden_from_people_and_labelled(client):
    html = client.get(SIGNUP).content.decode()
    trap = re.search(r'<div class="trap" aria-hidden="true"[^>]*>.*?</div>', html, re.S)
    assert trap and 'name="site_web"' in trap.group(0) and "<label" in trap.group(0)
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("email", "password1", "password2", "display_name"):
        assert f'for="id_{field}"' in html


def test_signups_are_rate_limited_per_address(client, groups):
    statuses = [signup(client, email=f"vague{n}@example.org", name=f"Vague {n}").status_code for n in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert get_user_model().objects.filter(email__startswith="vague").count() == 5


def test_repeated_login_failures_lock_the_account_out(client, groups):
    make_user("cible@example.org")
    for _ in range(5):
        response = client.post(LOGIN, {"login": "cible@example.org", "password": "mauvais"})
        assert response.status_code == 200
    # Even the right password is refused now, with a message saying why.
    response = client.post(LOGIN, {"login": "cible@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_a_confirmed_member_logs_in_and_out(client, groups):
    make_user("ok@example.org")
    response = client.post(LOGIN, {"login": "ok@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mon-espace/").status_code == 200
    client.post("/compte/logout/")
    assert client.get("/mon-espace/").status_code == 302


def test_wagtails_login_page_sends_everyone_to_the_rate_limited_one(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    response = client.get("/admin/")
    assert response["Location"].startswith(LOGIN)


def test_password_reset_mails_a_link(client, groups):
    make_user("oubli@example.org")
    client.post("/compte/password/reset/", {"email": "oubli@example.org"})
    assert len(mail.outbox) == 1
    assert "/compte/password/reset/key/" in mail.outbox[0].body


def test_accounts_made_by_an_administrator_are_trusted(groups):
    user = get_user_model().objects.create_user(email="cree-par-admin@example.org", password=PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert can_contribute(user)
