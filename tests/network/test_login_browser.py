"""One login for the network, end to end in Chromium: two territories and the account host on
three host names (Chromium's host-resolver rules send them to the live server; the territories'
server-side calls reach the provider through NETWORK_ACCOUNT_INTERNAL_URL)."""

import time
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from members.territory import client_id_for
from network.territories import create_territory
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide-42"
EMAIL = "voyageuse@example.org"
CALLBACK = "/compte/oidc/reseau/login/callback/"


@pytest.fixture
def hosts_browser(browser):
    """A second Chromium from the session's Playwright, resolving every *.localhost to loopback."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP *.localhost 127.0.0.1"],
    )
    yield chromium
    chromium.close()


@pytest.fixture
def network(seeded_live_server, settings):
    port = urlsplit(seeded_live_server.url).port
    settings.NETWORK_ACCOUNT_URL = f"http://reseau.localhost:{port}"
    settings.NETWORK_ACCOUNT_INTERNAL_URL = seeded_live_server.url  # Python may not resolve *.localhost
    a = create_territory("Echosciences Vallée A", "a.localhost", port).site
    b = create_territory("Echosciences Vallée B", "b.localhost", port).site
    member = get_user_model().objects.create_user(EMAIL, PASSWORD, first_name="Ada", last_name="Lovelace")
    return {
        "a": f"http://a.localhost:{port}", "b": f"http://b.localhost:{port}",
        "account": f"http://reseau.localhost:{port}", "sites": (a, b), "member": member,
    }


def host(url):
    return urlsplit(url).hostname


def test_signed_in_on_a_recognised_on_b_without_password_and_logout(network, hosts_browser):
    a, b, account = network["a"], network["b"], network["account"]
    users = get_user_model().objects.count()
    context = hosts_browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    visits = []  # every page the browser navigates to
    page.on("request", lambda request: request.is_navigation_request() and visits.append(request.url))

    # 1. On territory A, « Se connecter » leads to the account host, where the password is asked.
    page.goto(f"{a}/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.wait_for_url(f"{account}/compte/login/**")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{a}/mon-espace/")
    assert page.get_by_role("button", name="Se déconnecter").count() == 1

    # 2. Territory B: recognised after one round trip to the account host, no password.
    visits.clear()
    started = time.monotonic()
    page.goto(f"{b}/mon-espace/")
    page.wait_for_url(f"{b}/mon-espace/")
    print(f"B recognised in {time.monotonic() - started:.2f} s through {len(visits)} navigations: {visits}")
    on_account = [url for url in visits if host(url) == "reseau.localhost"]
    assert len(on_account) == 1 and urlsplit(on_account[0]).path == "/identity/o/authorize", visits
    assert not any(urlsplit(url).path == "/compte/login/" and host(url) == "reseau.localhost" for url in visits)
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
    # The provider's sub is the same member: no second account was made.
    assert get_user_model().objects.count() == users
    assert SocialAccount.objects.get(provider="reseau").user == network["member"]

    # 3. Logging out of B ends the session on the account host too, and comes back to B.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{b}/")
    assert page.get_by_role("link", name="Se connecter").count() >= 1
    page.goto(f"{account}/mon-espace/")
    assert urlsplit(page.url).path == "/compte/login/"
    page.goto(f"{b}/mon-espace/")
    page.wait_for_url(f"{account}/compte/login/**")  # the password again
    # A keeps the session it opened earlier, until it expires or the member logs out there.
    page.goto(f"{a}/mon-espace/")
    assert page.url == f"{a}/mon-espace/"
    context.close()


def test_the_account_host_refuses_an_unknown_client_and_a_tampered_return_address(network, hosts_browser):
    a, account = network["a"], network["account"]
    site_a, _ = network["sites"]
    context = hosts_browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.goto(f"{account}/compte/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{account}/mon-espace/")

    def authorize(client_id, redirect_uri):
        query = urlencode({"client_id": client_id, "redirect_uri": redirect_uri,
                           "response_type": "code", "scope": "openid", "state": "etat"})
        return page.goto(f"{account}/identity/o/authorize?{query}")

    pirate = f"http://pirate.localhost:{urlsplit(account).port}{CALLBACK}"
    response = authorize("territoire-inconnu", pirate)
    assert response.status == 400
    assert host(page.url) == "reseau.localhost"
    assert page.get_by_role("heading", name="Connexion refusée").is_visible()

    response = authorize(client_id_for(site_a), pirate)
    assert response.status == 400
    assert host(page.url) == "reseau.localhost"

    # The genuine request goes back to A with a code.
    authorize(client_id_for(site_a), f"{a}{CALLBACK}")
    page.wait_for_url(f"{a}/**")
    context.close()
