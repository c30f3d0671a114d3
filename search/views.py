"""/recherche/: the search page and the autocomplete JSON of the search box."""

import logging

from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from . import french
from .backends import search_unavailable_errors
from .forms import SearchForm
from .query import SEARCH_TYPES, PageSearch, searchable_pages, site_tags, type_for_content_type_id

logger = logging.getLogger("search")

RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MAX_LENGTH = 100


def current_site(request):
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


def unavailable(request, context=None, json=False):
    """503 with a French explanation: the page was not lost, the search server is down."""
    message = _(
        "La recherche est momentanément indisponible. Vos contenus ne sont pas perdus : "
        "réessayez dans quelques minutes."
    )
    if json:
        return JsonResponse({"detail": message}, status=503)
    context = dict(context or {}, message=message)
    response = TemplateResponse(request, "search/unavailable.html", context, status=503)
    response["Retry-After"] = "60"
    return response


def for_search_engines(request, site, query=""):
    """The canonical address and description of a page of /recherche/ worth indexing.

    The form, and the first page of results for words alone, are pages people look for
    (« astronomie » on a territory's site lists its astronomy content): robots.txt lets
    crawlers read them, and each names one address, the words alone (whatever else the
    query string holds). The rest is kept out of search engines' indexes by the template
    (`noindex, follow`, no canonical): refinements by type, theme or dates and further
    pages (an endless space of near-duplicates), no result, invalid input.
    """
    url = reverse("search:search")
    if query:
        url += "?" + urlencode({"q": " ".join(query.split())})
        description = _("Résultats de la recherche « %(q)s » sur %(site)s : articles, événements, "
                        "lieux à visiter, dossiers et plus.") % {"q": query, "site": site.site_name}
    else:
        description = _("Rechercher dans les articles, événements, lieux à visiter, dossiers et "
                        "annonces de %(site)s.") % {"site": site.site_name}
    return {"search_canonical": request.build_absolute_uri(url), "route_description": description}


@require_GET
def search(request):
    site = current_site(request)
    form = SearchForm(request.GET or None, tag_choices=site_tags(site))
    context = {"form": form, "search_query": request.GET.get("q", "")[:200], "search_types": SEARCH_TYPES}
    if not form.is_bound or not form.is_valid() or not form.has_criteria:
        if not form.is_bound or form.is_valid():
            context.update(for_search_engines(request, site))
        return TemplateResponse(request, "search/search.html", context)

    data = form.cleaned_data
    context["search_query"] = data["q"]
    page_search = PageSearch(
        site, query=data["q"], type_key=data["type"], tag=data["tag"], start=data["start"], end=data["end"]
    )
    try:
        found = page_search.page(request.GET.get("page"), RESULTS_PER_PAGE)
    except search_unavailable_errors():
        logger.exception("Search backend unavailable for %r", data["q"])
        return unavailable(request, context)

    context.update(
        searched=True,
        results=found.results,
        results_page=found.current,
        paginator=found.paginator,
        facets=found.facets,
        active_type=page_search.search_type,
    )
    refined = any(data[name] for name in ("type", "tag", "start", "end"))
    if found.total and found.current.number == 1 and not refined:
        context.update(for_search_engines(request, site, data["q"]))
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    if "q" not in request.GET:
        return JsonResponse({"detail": _("Le paramètre « q » est requis.")}, status=400)
    query = request.GET["q"].strip()
    if len(query) > AUTOCOMPLETE_MAX_LENGTH:
        return JsonResponse(
            {"detail": _("Le paramètre « q » dépasse %(max)d caractères.") % {"max": AUTOCOMPLETE_MAX_LENGTH}},
            status=400,
        )
    # The autocomplete field's query analyser is a plain one: folded words go to it.
    folded = " ".join(french.autocomplete_terms(query))
    if len(folded) < 2:
        return JsonResponse({"results": []})
    site = current_site(request)
    try:
        pages = list(searchable_pages(site).autocomplete(folded, operator="and")[:AUTOCOMPLETE_LIMIT])
    except search_unavailable_errors():
        logger.exception("Search backend unavailable for autocomplete %r", query)
        return unavailable(request, json=True)
    results = []
    for page in pages:
        search_type = type_for_content_type_id(page.content_type_id)
        results.append(
            {
                "title": page.title,
                "url": page.get_url(request),
                "type": search_type.key if search_type else "",
                "type_label": str(search_type.label) if search_type else "",
            }
        )
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "public, max-age=60"
    return response
