"""One login for the whole network, with OpenID Connect.

The network's account host (NETWORK_ACCOUNT_URL, e.g. `reseau.localhost`) is the provider
(allauth.idp.oidc): members sign in there with their password, as before (allauth's forms,
rate limits and lock-outs). Every territory's site is a client of it (allauth's OpenID
Connect client): its login page sends the visitor to the account host, which sends them
straight back signed in when they already are there (no consent screen, no second
password: one redirect round trip). All hosts are served by this one project and share the
users table, so the provider's `sub` (the user's primary key) names the same local user on
every territory: the client maps it back, it never creates an account.

Each territory is registered as a client by `ensure_login_client(site)` (called by
`create_territory`; `manage.py ensure_login_clients` for older territories). Its client
secret is derived from NETWORK_LOGIN_SECRET, so neither side stores it in clear.

Logging out of a territory ends the account host's session too (RP-initiated logout with
the id token as hint); the sessions other territories opened earlier stay until they expire
or the member logs out there (README « Connexion unique »).
"""

from urllib.parse import urlencode, urlsplit

from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.idp.oidc.adapter import DefaultOIDCAdapter, get_adapter as get_provider_adapter
from allauth.idp.oidc.models import Client
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from wagtail.models import Site

from members.adapters import AccountAdapter
from members.territory import account_hostname, client_id_for

PROVIDER_ID = "reseau"
ID_TOKEN_SESSION_KEY = "network_login_id_token"


# --- Territories as clients -------------------------------------------------------------

def site_origin(site):
    """`https://echosciences-normandie.fr`, `http://a.localhost:8123`: where a territory is served."""
    scheme = "https" if site.port == 443 or getattr(settings, "SECURE_SSL_REDIRECT", False) else "http"
    netloc = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    return f"{scheme}://{netloc}"


def client_secret_for(client_id):
    secret = settings.NETWORK_LOGIN_SECRET or settings.SECRET_KEY
    return salted_hmac("network.login.client_secret", client_id, secret=secret, algorithm="sha256").hexdigest()


def ensure_login_client(site):
    """Register the territory served by `site` as a client of the account host; idempotent.

    Returns what it made or changed, in French, for create_territory's report ([] when
    everything was in place, or for the account host itself).
    """
    host = account_hostname()
    if host and site.hostname == host:
        # The account host signs its own members in; a client registered for it before it
        # became the account host (NETWORK_ACCOUNT_URL set later) is withdrawn.
        deleted, _rows = Client.objects.filter(pk=client_id_for(site)).delete()
        return [_("client de connexion du site d’accueil des comptes retiré")] if deleted else []
    client_id = client_id_for(site)
    origin = site_origin(site)
    client = Client.objects.filter(pk=client_id).first()
    created = client is None
    if created:
        client = Client(id=client_id)
    wanted = {
        "name": (site.site_name or site.hostname)[:100],
        "scopes": "openid",
        "default_scopes": "openid",
        "type": Client.Type.CONFIDENTIAL,
        "grant_types": Client.GrantType.AUTHORIZATION_CODE,
        "response_types": "code",
        "skip_consent": True,  # the network's own sites: no « allow this site? » screen
        "allow_uri_wildcards": False,
    }
    changed = created
    for name, value in wanted.items():
        if getattr(client, name) != value:
            setattr(client, name, value)
            changed = True
    callback = origin + reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID})
    if client.get_redirect_uris() != [callback]:
        client.set_redirect_uris([callback])
        changed = True
    if client.get_post_logout_redirect_uris() != [origin + "/"]:
        client.set_post_logout_redirect_uris([origin + "/"])
        changed = True
    secret = client_secret_for(client_id)
    if created or not client.check_secret(secret):
        client.set_secret(secret)
        changed = True
    if not changed:
        return []
    client.save()
    return [_("connexion unique par le compte réseau (client %(client)s)") % {"client": client_id}]


def request_hostname(request):
    return request.get_host().rsplit(":", 1)[0].lower()


def territory_site(request):
    """The territory signing in through the account host for this request, or None: the
    network login is on, the request is not for the account host, a Site has exactly this
    host name, and it is registered as a client."""
    if request is None or not settings.NETWORK_ACCOUNT_URL:
        return None
    host = request_hostname(request)
    if host == account_hostname():
        return None
    site = Site.find_for_request(request)
    if site is None or site.hostname != host or not Client.objects.filter(pk=client_id_for(site)).exists():
        return None
    return site


# --- The provider (the account host) --------------------------------------------------

class ProviderAdapter(DefaultOIDCAdapter):
    def get_issuer(self):
        # One issuer whatever the Host of the request (the territories reach the provider
        # through NETWORK_ACCOUNT_INTERNAL_URL, and the ID token must name the public one).
        return settings.NETWORK_ACCOUNT_URL or super().get_issuer()


# --- The territories' client --------------------------------------------------------------

class InternalRoute(HTTPAdapter):
    """Sends the client's server-to-server calls for the account host's public URL to
    NETWORK_ACCOUNT_INTERNAL_URL, keeping the public Host (and scheme, for the proxy
    header), so the provider answers with its public addresses."""

    def __init__(self, public, internal):
        super().__init__()
        self.public, self.internal = public, internal
        parts = urlsplit(public)
        self.host, self.scheme = parts.netloc, parts.scheme

    def send(self, request, **kwargs):
        request.url = self.internal + request.url[len(self.public):]
        request.headers["Host"] = self.host
        request.headers["X-Forwarded-Proto"] = self.scheme
        return super().send(request, **kwargs)


class NetworkOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        # Kept for the RP-initiated logout's id_token_hint (see remember_id_token).
        request._network_id_token = (kwargs.get("response") or {}).get("id_token", "")
        return super().complete_login(request, app, token, **kwargs)


@login_not_required
def callback(request):
    """allauth's OpenID Connect callback view (same path, same view), with the adapter above."""
    try:
        return OAuth2CallbackView.adapter_view(NetworkOIDCAdapter(request, PROVIDER_ID))(request)
    except SocialApp.DoesNotExist:
        raise Http404


class TerritoryClientAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        site = territory_site(request)
        if site is None:
            return apps
        app = SocialApp(
            provider=OpenIDConnectProvider.id, provider_id=PROVIDER_ID, name=_("Compte Echosciences"),
            client_id=client_id_for(site), secret=client_secret_for(client_id_for(site)),
            settings={
                "server_url": settings.NETWORK_ACCOUNT_URL,
                "scope": ["openid"],  # the sub is all a territory needs: same users table
                "fetch_userinfo": False,
                "token_auth_method": "client_secret_post",
            },
        )
        if provider in (None, app.provider, app.provider_id) and client_id in (None, app.client_id):
            apps.append(app)
        return apps

    def get_requests_session(self):
        session = super().get_requests_session()
        public, internal = settings.NETWORK_ACCOUNT_URL, settings.NETWORK_ACCOUNT_INTERNAL_URL
        if public and internal and internal != public:
            session.mount(public + "/", InternalRoute(public, internal))
        return session

    def pre_social_login(self, request, sociallogin):
        """The provider's `sub` is a user of this same database: sign that user in."""
        if sociallogin.is_existing:
            return
        user = get_provider_adapter().get_user_by_sub(None, sociallogin.account.uid)
        if user is None:
            raise ImmediateHttpResponse(render(request, "network/login_refused.html", status=403))
        sociallogin.user = user
        sociallogin.save(request, connect=True)

    def is_open_for_signup(self, request, sociallogin):
        return False  # accounts are made on the account host, never by a territory's client


@receiver(user_logged_in)
def remember_id_token(sender, request, user, sociallogin=None, **kwargs):
    id_token = getattr(request, "_network_id_token", "")
    if sociallogin is not None and id_token:
        request.session[ID_TOKEN_SESSION_KEY] = id_token


class NetworkAccountAdapter(AccountAdapter):
    def get_logout_redirect_url(self, request):
        """Out of a territory, then out of the account host (RP-initiated logout), then back."""
        id_token = request.session.get(ID_TOKEN_SESSION_KEY)
        site = territory_site(request)
        if not id_token or site is None:
            return super().get_logout_redirect_url(request)
        query = urlencode({
            "id_token_hint": id_token,
            "client_id": client_id_for(site),
            "post_logout_redirect_uri": site_origin(site) + "/",
        })
        return f"{settings.NETWORK_ACCOUNT_URL}{reverse('idp:oidc:logout')}?{query}"


# --- Routing ------------------------------------------------------------------------------

PROVIDER_PATHS = ("/.well-known/openid-configuration", "/.well-known/jwks.json", "/identity/")


class NetworkLoginMiddleware:
    """The provider answers on the account host only; a territory's login and signup pages
    send the visitor to the account host (through allauth's OpenID Connect login view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PROVIDER_PATHS):
            if not settings.NETWORK_ACCOUNT_URL or request_hostname(request) != account_hostname():
                raise Http404
        elif path in (reverse("account_login"), reverse("account_signup")) and territory_site(request):
            login = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
            query = {"process": "login"}
            if request.GET.get("next"):
                query["next"] = request.GET["next"]
            return HttpResponseRedirect(f"{login}?{urlencode(query)}")
        response = self.get_response(request)
        self.allow_login_redirects(request, response)
        if path.startswith("/identity/") and response.status_code == 200 and not response.streaming \
                and b"data-login-refused" in response.content:
            # allauth renders a refused request (unknown client, foreign redirect URI) with 200.
            response.status_code = 400
        return response

    @staticmethod
    def allow_login_redirects(request, response):
        """The Content Security Policy's form-action also covers the redirects after a form:
        the account host's login form ends on a territory (its callback), a territory's
        logout form goes through the account host."""
        if not settings.NETWORK_ACCOUNT_URL or "text/html" not in response.get("Content-Type", ""):
            return
        if request_hostname(request) == account_hostname():
            origins = sorted({
                "{0.scheme}://{0.netloc}".format(urlsplit(uri))
                for uris in Client.objects.values_list("redirect_uris", flat=True) for uri in uris.split()
            })
        else:
            origins = ["{0.scheme}://{0.netloc}".format(urlsplit(settings.NETWORK_ACCOUNT_URL))]
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = [*update.get("form-action", []), *origins]
        response._csp_update = update
