"""The widget's demo page, /api/v3/map/demo/: the embed snippet and live examples.

It sits on the map router, next to the endpoint it demonstrates, so the page an
integrator reads and the API it documents are served and versioned together.
"""

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

WIDGET_SNIPPET = (
    '<div data-echo-map data-api="{api_url}"\n'
    '     data-type="event" data-tags="astronomie"></div>\n'
    '<script src="{script_url}" defer></script>'
)


def widget_demo(request):
    api_url = request.build_absolute_uri(reverse("wagtailapi_v3:map_features"))
    script_url = request.build_absolute_uri(static("map-widget/echo-map.js"))
    context = {
        "api_url": api_url,
        "script_url": script_url,
        "docs_url": reverse("wagtailapi_v3:openapi-view"),
        "snippet": WIDGET_SNIPPET.format(api_url=api_url, script_url=script_url),
    }
    return render(request, "map_widget/demo.html", context)
