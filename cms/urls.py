from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import api
from network import login as network_login
from home.views import favicon_ico, favicon_svg, robots_txt

urlpatterns = [
    # One way in for everyone (members, editors): allauth's login, with its rate limits.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    # allauth's OpenID Connect callback, keeping the ID token for the logout (network/login.py).
    path("compte/oidc/reseau/login/callback/", network_login.callback),
    path("compte/", include("allauth.urls")),
    path("", include("allauth.idp.urls")),  # the network's OpenID Connect provider (network/login.py)
    path("", include("members.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls()),
    path("recherche/", include("search.urls")),
    path("commentaires/", include("social.urls")),
    path("", include("social.member_urls")),
    # Per site: Wagtail's sitemap lists the pages of the site serving the request.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    path("favicon.svg", favicon_svg, name="favicon_svg"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # The demo serves its uploads itself; in production the web server or storage does.
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]

# A database outage outside a view, and allauth's rate limits (cache outage included).
handler500 = "cms.views.server_error"
handler429 = "cms.views.too_many_requests"
