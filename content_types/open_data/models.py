"""« Données ouvertes »: a territory's agenda and places to download, under an open licence."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from content_types.core.base import IndexPage
from content_types.events import ics

from . import exports

DATASETS = {
    "evenements": _("Agenda : événements à venir"),
    "lieux": _("Lieux à visiter"),
}


class OpenDataPage(RoutablePageMixin, IndexPage):
    """The territory's open data: each data set as CSV, GeoJSON (and iCalendar for the agenda).

    Files are routes of the page (`evenements/csv/`…), so they belong to the territory's
    site like the page itself; they download under their usual names (`evenements.csv`).
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = IndexPage.content_panels

    class Meta:
        verbose_name = _("page des données ouvertes")
        verbose_name_plural = _("pages des données ouvertes")

    licence_name = exports.LICENCE_NAME
    licence_url = exports.LICENCE_URL

    def home(self):
        return self.get_parent()

    def links(self, request):
        site = self.get_site()
        root_url = site.root_url if site else request.build_absolute_uri("/")
        return exports.PageLinks(self.home(), root_url)

    def site_name(self):
        site = self.get_site()
        return (site.site_name if site else "") or self.home().title

    def file_url(self, request, route, **kwargs):
        return self.get_url(request) + self.reverse_subpage(route, kwargs=kwargs)

    def dataset_rows(self, request, dataset):
        links = self.links(request)
        if dataset == "evenements":
            return exports.event_rows(self.home(), links)
        return exports.place_rows(self.home(), links)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["datasets"] = [
            {
                "title": title,
                "csv": self.file_url(request, "csv", dataset=key),
                "metadata": self.file_url(request, "csv_metadata", dataset=key),
                "geojson": self.file_url(request, "geojson", dataset=key),
                "ical": self.file_url(request, "ical") if key == "evenements" else "",
            }
            for key, title in DATASETS.items()
        ]
        context["columns"] = exports.COLUMNS
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("<slug:dataset>/csv/", name="csv")
    def csv(self, request, dataset):
        self.check_dataset(dataset)
        response = StreamingHttpResponse(
            exports.csv_lines(self.dataset_rows(request, dataset)), content_type="text/csv; charset=utf-8",
        )
        return self.file_headers(response, request, f"{dataset}.csv", self.file_url(request, "csv_metadata", dataset=dataset))

    @path("<slug:dataset>/csv-metadata/", name="csv_metadata")
    def csv_metadata(self, request, dataset):
        self.check_dataset(dataset)
        metadata = exports.csvw_metadata(
            request.build_absolute_uri(self.file_url(request, "csv", dataset=dataset)),
            f"{DATASETS[dataset]} — {self.site_name()}",
        )
        response = JsonResponse(metadata, json_dumps_params={"ensure_ascii": False}, content_type="application/csvm+json")
        return self.file_headers(response, request, f"{dataset}.csv-metadata.json", None)

    @path("<slug:dataset>/geojson/", name="geojson")
    def geojson(self, request, dataset):
        self.check_dataset(dataset)
        name = f"{DATASETS[dataset]} — {self.site_name()}"
        response = StreamingHttpResponse(
            exports.geojson_chunks(self.dataset_rows(request, dataset), name), content_type="application/geo+json",
        )
        return self.file_headers(response, request, f"{dataset}.geojson", None)

    @path("evenements/ical/", name="ical")
    def ical(self, request):
        calendar = exports.events_calendar(self.home(), request, self.site_name())
        return self.file_headers(ics.calendar_response(calendar, "evenements.ics"), request, "evenements.ics", None)

    def check_dataset(self, dataset):
        if dataset not in DATASETS:
            raise Http404

    def file_headers(self, response, request, filename, describedby):
        links = [f'<{exports.LICENCE_URL}>; rel="license"']
        if describedby:
            links.append(f'<{request.build_absolute_uri(describedby)}>; rel="describedby"; type="application/csvm+json"')
        response["Link"] = ", ".join(links)
        response["Access-Control-Allow-Origin"] = "*"
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
