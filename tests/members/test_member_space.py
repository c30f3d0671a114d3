"""« Mon espace » is the member's space, and account pages speak through styled, announced alerts."""

import pytest
from django.test import Client

from .conftest import PASSWORD, draft_article, make_user

EMAIL = "lucie@example.org"


def dashboard(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get("/mon-espace/").content.decode()


@pytest.mark.django_db
def test_mon_espace_shows_each_contribution_as_a_card_with_its_state_and_the_next_steps(articles):
    member = make_user(EMAIL)
    html = dashboard(member)
    # Nothing yet: the next step is a first contribution, and an empty profile asks to be completed.
    assert "Proposez votre première contribution" in html
    assert "Complétez votre profil" in html

    draft_article(articles, member, title="Le ciel de Sologne")
    html = dashboard(member)
    card = html[html.rindex("<li", 0, html.index("Le ciel de Sologne")):]
    card = card[:card.index("</li>")]
    assert "contribution-card--brouillon" in card
    assert "Brouillon" in card
    assert "Proposez votre première contribution" not in html
    assert "Brouillon\u00a0: 1" in html.replace("&nbsp;", "\u00a0")


@pytest.mark.django_db
def test_an_unconfirmed_member_is_told_to_confirm_first(articles):
    html = dashboard(make_user(EMAIL, confirmed=False))
    assert "Confirmez votre adresse e-mail" in html
    assert "Proposez votre première contribution" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_errors_and_messages_are_styled_announced_alerts_and_mon_espace_fits_a_phone(seeded_live_server, page):
    live_server = seeded_live_server
    make_user(EMAIL)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/compte/login/")
    email = page.locator("main input[name=login]")
    password = page.locator("main input[name=password]")
    # The password field looks like the e-mail field (it was left unstyled).
    assert password.bounding_box()["height"] >= 44
    assert abs(password.bounding_box()["width"] - email.bounding_box()["width"]) < 2
    assert password.evaluate("e => getComputedStyle(e).borderRadius") == email.evaluate("e => getComputedStyle(e).borderRadius")

    email.fill(EMAIL)
    password.fill("pas le bon")
    page.locator("main button[type=submit]").click()
    alert = page.locator("main .form-errors[role=alert]")
    assert "incorrects" in alert.inner_text()
    assert alert.evaluate("e => getComputedStyle(e).borderLeftWidth") == "6px"

    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/mon-espace/")
    # The "signed in" message shows on the page the login leads to: styled, announced to screen readers.
    status = page.locator(".messages [role=status]").first
    assert status.count() == 1 and "réussie" in status.inner_text()
    assert status.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
