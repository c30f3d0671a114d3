"""A member's home territory (« territoire de rattachement »): set at signup to the site where
they signed up, changeable in « Mon espace », shown on the public profile."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import Site

from members.models import MemberProfile
from members.territory import client_id_for
from network.territories import create_territory

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signup(client, host, email, name="Marie Curieuse", **extra):
    return client.post("/compte/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name, **extra,
    }, HTTP_HOST=host)


def profile_of(email):
    return MemberProfile.objects.select_related("home_territory").get(user__email=email)


def test_a_signup_on_a_territory_makes_it_the_home_territory(client):
    grenoble = Site.objects.get(hostname="grenoble.localhost")
    response = signup(client, "grenoble.localhost", "grenobloise@example.org")
    assert response.status_code == 302
    assert profile_of("grenobloise@example.org").home_territory == grenoble


def test_a_signup_on_the_account_host_takes_the_territory_that_sent_the_visitor(client, settings):
    settings.NETWORK_ACCOUNT_URL = "http://reseau.localhost"
    normandie = create_territory("Echosciences Normandie", "normandie.localhost").site
    authorize = "/identity/o/authorize?" + urlencode({
        "client_id": client_id_for(normandie), "response_type": "code", "scope": "openid",
        "redirect_uri": "http://normandie.localhost/compte/oidc/reseau/login/callback/",
    })
    response = signup(client, "reseau.localhost", "normande@example.org", next=authorize)
    assert response.status_code == 302
    assert profile_of("normande@example.org").home_territory == normandie


def test_a_signup_from_nowhere_known_leaves_the_home_territory_to_choose(client, settings):
    settings.NETWORK_ACCOUNT_URL = "http://reseau.localhost"
    signup(client, "reseau.localhost", "sans-attache@example.org", next="/identity/o/authorize?client_id=inconnu")
    assert profile_of("sans-attache@example.org").home_territory is None


def test_the_member_changes_it_in_mon_espace_and_the_profile_shows_it(client):
    member = get_user_model().objects.create_user("membre@example.org", PASSWORD, first_name="Ada", last_name="L")
    grenoble = Site.objects.get(hostname="grenoble.localhost")
    client.force_login(member)
    form = client.get("/mon-espace/profil/")
    assert "Territoire de rattachement" in form.content.decode()
    response = client.post("/mon-espace/profil/", {
        "display_name": "Ada L", "bio": "", "interests": "", "links": "", "is_public": "on",
        "home_territory": grenoble.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = profile_of("membre@example.org")
    assert profile.home_territory == grenoble

    export = client.get("/mon-espace/export/").json()
    assert export["profil"]["territoire_de_rattachement"] == grenoble.site_name

    client.logout()
    page = client.get(profile.get_absolute_url()).content.decode()
    assert "Territoire de rattachement" in page
    assert grenoble.site_name in page


def test_an_unknown_territory_is_a_form_error_not_a_crash(client):
    member = get_user_model().objects.create_user("membre@example.org", PASSWORD, first_name="Ada", last_name="L")
    client.force_login(member)
    response = client.post("/mon-espace/profil/", {
        "display_name": "Ada L", "bio": "", "interests": "", "links": "", "is_public": "on",
        "home_territory": 999999,
    })
    assert response.status_code == 200
    assert "home_territory" in response.context["form"].errors
