"""Each territory is a client of the network's account host (the OpenID Connect provider):
registered by create_territory, refused when it is not one, routed to the account host."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.idp.oidc.models import Client
from django.contrib.auth import get_user_model
from wagtail.models import Site

from members.territory import client_id_for
from network.login import client_secret_for, ensure_login_client
from network.territories import create_territory

pytestmark = pytest.mark.django_db

ACCOUNT = "http://reseau.localhost"
CALLBACK = "/compte/oidc/reseau/login/callback/"


@pytest.fixture
def network(settings):
    settings.NETWORK_ACCOUNT_URL = ACCOUNT
    return create_territory("Echosciences Normandie", "normandie.localhost").site


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("membre@example.org", "un-mot-de-passe-solide-42",
                                                first_name="Ada", last_name="L")


def authorize_url(**params):
    return "/identity/o/authorize?" + urlencode({"response_type": "code", "scope": "openid", "state": "xyz", **params})


def test_create_territory_registers_the_territory_as_a_client_once(network):
    client = Client.objects.get(pk=client_id_for(network))
    assert client.get_redirect_uris() == [f"http://normandie.localhost{CALLBACK}"]
    assert client.get_post_logout_redirect_uris() == ["http://normandie.localhost/"]
    assert client.check_secret(client_secret_for(client.pk))
    assert client.skip_consent and client.get_scopes() == ["openid"]

    again = create_territory("Echosciences Normandie", "normandie.localhost")
    assert not again.changed
    assert Client.objects.filter(pk=client.pk).count() == 1


def test_a_territory_on_another_port_gets_its_port_in_its_addresses(settings):
    settings.NETWORK_ACCOUNT_URL = ACCOUNT
    site = create_territory("Echosciences Test", "test.localhost", 8123).site
    assert Client.objects.get(pk=client_id_for(site)).get_redirect_uris() == [f"http://test.localhost:8123{CALLBACK}"]


def test_the_account_host_is_no_client_of_itself(settings):
    settings.NETWORK_ACCOUNT_URL = ACCOUNT
    portal = Site.objects.get(hostname="reseau.localhost")  # the demo's portal, made before the login was on
    assert Client.objects.filter(pk=client_id_for(portal)).exists()
    assert ensure_login_client(portal)  # its client is withdrawn once it is the account host
    assert ensure_login_client(portal) == []
    assert not Client.objects.filter(pk=client_id_for(portal)).exists()


def test_a_lost_client_secret_is_set_again(network):
    client = Client.objects.get(pk=client_id_for(network))
    client.set_secret("autre-chose")
    client.save()
    assert ensure_login_client(network)
    assert Client.objects.get(pk=client.pk).check_secret(client_secret_for(client.pk))


def test_a_territory_login_page_sends_the_visitor_to_the_network_login(client, network):
    response = client.get("/compte/login/?next=/mon-espace/", HTTP_HOST="normandie.localhost")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/compte/oidc/reseau/login/"
    assert parse_qs(location.query) == {"process": ["login"], "next": ["/mon-espace/"]}
    signup = client.get("/compte/signup/", HTTP_HOST="normandie.localhost")
    assert urlsplit(signup["Location"]).path == "/compte/oidc/reseau/login/"


def test_the_account_host_keeps_its_password_login(client, network):
    response = client.get("/compte/login/", HTTP_HOST="reseau.localhost")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_without_an_account_host_every_site_keeps_its_password_login(client, settings):
    settings.NETWORK_ACCOUNT_URL = ""
    response = client.get("/compte/login/", HTTP_HOST="grenoble.localhost")
    assert response.status_code == 200
    assert client.get("/.well-known/openid-configuration", HTTP_HOST="grenoble.localhost").status_code == 404


def test_the_provider_answers_on_the_account_host_only(client, network):
    assert client.get("/.well-known/openid-configuration", HTTP_HOST="normandie.localhost").status_code == 404
    assert client.get(authorize_url(client_id=client_id_for(network)), HTTP_HOST="normandie.localhost").status_code == 404
    config = client.get("/.well-known/openid-configuration", HTTP_HOST="reseau.localhost").json()
    assert config["issuer"] == ACCOUNT
    assert config["authorization_endpoint"] == f"{ACCOUNT}/identity/o/authorize"


def test_a_signed_in_member_is_sent_back_to_the_territory_with_a_code(client, network, member):
    client.force_login(member)
    response = client.get(authorize_url(
        client_id=client_id_for(network), redirect_uri=f"http://normandie.localhost{CALLBACK}",
    ), HTTP_HOST="reseau.localhost")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == ("normandie.localhost", CALLBACK)
    assert parse_qs(location.query)["state"] == ["xyz"] and parse_qs(location.query)["code"]


def test_an_unknown_client_is_refused(client, network, member):
    client.force_login(member)
    response = client.get(authorize_url(
        client_id="territoire-inconnu", redirect_uri=f"http://pirate.localhost{CALLBACK}",
    ), HTTP_HOST="reseau.localhost")
    assert response.status_code == 400
    assert "Connexion refusée" in response.content.decode()
    assert "Location" not in response


@pytest.mark.parametrize("redirect_uri", [
    f"http://pirate.localhost{CALLBACK}",
    "http://normandie.localhost/ailleurs/",
    f"http://normandie.localhost:8080{CALLBACK}",
    f"https://normandie.localhost.pirate.example{CALLBACK}",
])
def test_a_tampered_redirect_uri_is_refused(client, network, member, redirect_uri):
    client.force_login(member)
    response = client.get(authorize_url(client_id=client_id_for(network), redirect_uri=redirect_uri),
                          HTTP_HOST="reseau.localhost")
    assert response.status_code == 400
    assert "Location" not in response


def test_one_territory_cannot_use_another_territorys_return_address(client, network, member):
    other = create_territory("Echosciences Bretagne", "bretagne.localhost").site
    client.force_login(member)
    response = client.get(authorize_url(
        client_id=client_id_for(other), redirect_uri=f"http://normandie.localhost{CALLBACK}",
    ), HTTP_HOST="reseau.localhost")
    assert response.status_code == 400


def test_the_token_endpoint_refuses_a_wrong_secret(client, network):
    response = client.post("/identity/o/api/token", {
        "grant_type": "authorization_code", "code": "n-importe", "client_id": client_id_for(network),
        "client_secret": "faux", "redirect_uri": f"http://normandie.localhost{CALLBACK}",
    }, HTTP_HOST="reseau.localhost")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_sites_made_before_the_network_login_are_registered_by_the_command(settings):
    from django.core.management import call_command
    from io import StringIO

    settings.NETWORK_ACCOUNT_URL = ACCOUNT
    Client.objects.all().delete()
    out = StringIO()
    call_command("ensure_login_clients", stdout=out)
    territories = Site.objects.exclude(hostname="reseau.localhost")  # the account host is no client
    assert set(Client.objects.values_list("pk", flat=True)) == {client_id_for(site) for site in territories}
    again = StringIO()
    call_command("ensure_login_clients", stdout=again)
    assert "rien à faire" in again.getvalue().lower()


def test_the_providers_sub_names_the_same_member_and_an_unknown_one_is_refused(member, rf):
    from allauth.core.exceptions import ImmediateHttpResponse
    from allauth.socialaccount.models import SocialAccount, SocialLogin
    from django.contrib.auth.models import AnonymousUser

    from network.login import TerritoryClientAdapter

    users = get_user_model().objects.count()
    request = rf.get("/compte/oidc/reseau/login/callback/", HTTP_HOST="normandie.localhost")
    request.user = AnonymousUser()
    login = SocialLogin(account=SocialAccount(provider="reseau", uid=str(member.pk)))
    TerritoryClientAdapter(request).pre_social_login(request, login)
    assert login.user == member and login.is_existing
    assert SocialAccount.objects.get(provider="reseau", uid=str(member.pk)).user == member
    assert get_user_model().objects.count() == users

    member.is_active = False
    member.save()
    for sub in (str(member.pk), "999999"):  # a deactivated member, a sub naming nobody
        refused = SocialLogin(account=SocialAccount(provider="reseau", uid=sub))
        with pytest.raises(ImmediateHttpResponse) as raised:
            TerritoryClientAdapter(request).pre_social_login(request, refused)
        assert raised.value.response.status_code == 403
        assert "Connexion impossible" in raised.value.response.content.decode()
    assert get_user_model().objects.count() == users
