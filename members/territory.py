"""A member's home territory (« territoire de rattachement ») and the network login's client ids.

Every territory's site signs in through the network's account host (network/login.py), as an
OpenID Connect client named after its Wagtail Site. The name lives here, below both the
members' signup (which reads it back to know where a signup started) and the network.
"""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from wagtail.models import Site
from cms.ids import parse_id

CLIENT_PREFIX = "territoire-"


def client_id_for(site):
    return f"{CLIENT_PREFIX}{site.pk}"


def site_for_client_id(client_id):
    """The Site a client id names, or None (unknown, malformed)."""
    number = parse_id((client_id or "").removeprefix(CLIENT_PREFIX))
    if not client_id or not client_id.startswith(CLIENT_PREFIX) or number is None:
        return None
    return Site.objects.filter(pk=number).first()


def account_hostname():
    """The account host's name (`reseau.localhost`), or "" when the network login is off."""
    return (urlsplit(settings.NETWORK_ACCOUNT_URL).hostname or "") if settings.NETWORK_ACCOUNT_URL else ""


def territory_sites():
    """The Sites serving a territory: those rooted at a home page (not the portal, not
    Wagtail's welcome page), with their root page, by name."""
    return (
        Site.objects.filter(root_page__content_type__app_label="home", root_page__content_type__model="homepage")
        .select_related("root_page").order_by("site_name", "hostname")
    )


def territories():
    """The territories a member may call home: those whose home page is live."""
    return territory_sites().filter(root_page__live=True)


def home_territory_for_signup(request):
    """Where a signup started: the territory whose login sent the visitor to the account host
    (the `client_id` of the authorisation request waiting in `next`), else the site serving
    the request when its host name is the request's own; None when neither says."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    client_ids = parse_qs(urlsplit(next_url).query).get("client_id", [])
    site = site_for_client_id(client_ids[0]) if client_ids else None
    if site is not None:
        return site if territories().filter(pk=site.pk).exists() else None
    site = Site.find_for_request(request)
    if site is not None and site.hostname == request.get_host().rsplit(":", 1)[0].lower():
        return site if territories().filter(pk=site.pk).exists() else None
    return None
