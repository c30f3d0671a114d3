"""Pages for people next to the map API: the widget's demo, /api/v3/map/demo/, and the
API's documentation in French, /api/v3/map/docs/.

They sit on the map router, next to the endpoint they describe, so the pages an
integrator reads and the API they document are served and versioned together. The
generic Swagger page documents the whole read-write API for developers, in English; these
pages speak to the territory's partners.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WIDGET_SNIPPET = (
    '<div data-echo-map data-api="{api_url}"\n'
    '     data-type="event" data-tags="astronomie"></div>\n'
    '<script src="{script_url}" defer></script>'
)


def map_api_url(request):
    return request.build_absolute_uri(reverse("wagtailapi_v3:map_features"))


def widget_demo(request):
    api_url = map_api_url(request)
    script_url = request.build_absolute_uri(static("map-widget/echo-map.js"))
    snippet = WIDGET_SNIPPET.format(api_url=api_url, script_url=script_url)
    context = {
        "api_url": api_url,
        "script_url": script_url,
        "docs_url": reverse("wagtailapi_v3:map_api_docs"),
        "snippet": snippet,
        "snippet_lines": len(snippet.splitlines()),
    }
    return render(request, "map_widget/demo.html", context)


def examples(today):
    """(description, query parameters) of the examples the documentation links to, live."""
    month = {"start": today.isoformat(), "end": (today + timedelta(days=30)).isoformat()}
    return [
        (_("Tout ce que le territoire qui sert la demande montre sur sa carte"), {}),
        (_("Les seuls événements d’astronomie"), {"type": "event", "tags": "astronomie"}),
        (_("Les lieux à visiter autour d’Orléans"), {"type": "place", "bbox": "1.75,47.8,2.1,48.0"}),
        (_("Les événements des 30 prochains jours, tous territoires"), {"type": "event", **month, "site": "all"}),
        (_("Une recherche plein texte, 20 résultats par page"), {"q": "étoiles", "limit": "20"}),
    ]


RESPONSE_EXAMPLE = """{
  "type": "FeatureCollection",
  "numberMatched": 1234,
  "numberReturned": 500,
  "links": [{"rel": "next", "href": "%(api_url)s?offset=500"}],
  "features": [
    {
      "type": "Feature",
      "id": "event-42",
      "geometry": {"type": "Point", "coordinates": [1.9093, 47.9029]},
      "properties": {
        "type": "event",
        "title": "Nuit des étoiles",
        "summary": "…",
        "url": "https://…/agenda/nuit-des-etoiles/",
        "image": "https://…/media/images/….width-400.jpg",
        "tags": ["astronomie"],
        "city": "Orléans",
        "address": "…",
        "start": "2026-08-08T21:00:00+02:00",
        "end": "2026-08-09T01:00:00+02:00",
        "place": "Observatoire …"
      }
    }
  ]
}"""

JS_EXAMPLE = """fetch("%(url)s")
  .then((response) => response.json())
  .then((collection) => {
    for (const feature of collection.features) {
      const [longitude, latitude] = feature.geometry.coordinates;
      console.log(feature.properties.title, latitude, longitude);
    }
  });"""

# (status, when, example body) of the answers other than 200.
ERRORS = [
    (
        "400",
        _(
            "Un paramètre n’est pas valide : « detail » le nomme, avant les deux-points "
            "(en anglais, pour les développeurs)."
        ),
        '{"type": "about:blank", "title": "Bad Request", "status": 400,\n'
        ' "detail": "start: start is after end (the window [start, end) is empty)"}',
    ),
    (
        "304",
        _("Rien n’a changé depuis la réponse dont vous renvoyez l’ETag dans If-None-Match : pas de corps."),
        "",
    ),
    (
        "503",
        _(
            "La recherche plein texte (q) est momentanément indisponible : réessayez plus tard ; "
            "sans q, la carte répond."
        ),
        '{"type": "about:blank", "title": "Service Unavailable", "status": 503,\n'
        ' "detail": "q: full-text search is unavailable, retry later"}',
    ),
]


def map_api_docs(request):
    api_url = map_api_url(request)
    links = [
        (description, api_url + ("?" + urlencode(params) if params else ""))
        for description, params in examples(timezone.localdate())
    ]
    context = {
        "api_url": api_url,
        "demo_url": reverse("wagtailapi_v3:map_widget_demo"),
        "openapi_url": reverse("wagtailapi_v3:openapi-json"),
        "examples": links,
        "curl_example": f"curl -H 'Accept: application/geo+json' '{links[1][1]}'",
        "js_example": JS_EXAMPLE % {"url": links[1][1]},
        "response_example": RESPONSE_EXAMPLE % {"api_url": api_url},
        "errors": ERRORS,
    }
    return render(request, "map_widget/docs.html", context)

