"""Map points: the geo widget's value, and the indexed numbers queries use."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtailgeowidget.helpers import geosgeometry_str_to_struct
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField


class LocalLeafletField(LeafletField):
    """The geo widget, with Leaflet served from our own static files instead of a CDN."""

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", "vendor/leaflet/leaflet.css")},
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
                "vendor/leaflet/leaflet.js",
            ),
        )


class MapPointPanel(LeafletPanel):
    def widget_overrides(self):
        return {
            self.field_name: LocalLeafletField(
                address_field=self.address_field,
                zoom_field=self.zoom_field,
                hide_latlng=self.hide_latlng,
                zoom=self.zoom,
                srid=4326,
                id_prefix="id_",
            )
        }


def parse_point(value):
    """Return (latitude, longitude) from the widget's 'SRID=4326;POINT(lng lat)', or None."""
    if not value:
        return None
    struct = geosgeometry_str_to_struct(value.strip())
    if not struct:
        raise ValidationError(
            {"location": _("Point géographique illisible : « %(value)s ».") % {"value": value}}
        )
    return float(struct["y"]), float(struct["x"])


def format_point(latitude, longitude):
    return f"SRID=4326;POINT({longitude} {latitude})"


def validate_coordinates(latitude, longitude, field="location"):
    if latitude is None or longitude is None:
        return
    if not -90 <= latitude <= 90:
        raise ValidationError({field: _("La latitude doit être comprise entre -90 et 90.")})
    if not -180 <= longitude <= 180:
        raise ValidationError({field: _("La longitude doit être comprise entre -180 et 180.")})


class MapPointMixin(models.Model):
    """An address and a map point, stored twice: the widget's text, and indexed numbers.

    `latitude`/`longitude` are derived on save so bounding-box queries hit a plain
    B-tree index rather than parsing text.
    """

    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True, db_index=True)
    location = models.CharField(_("point sur la carte"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)

    api_fields = [
        APIField("address"),
        APIField("postcode"),
        APIField("city"),
        APIField("latitude"),
        APIField("longitude"),
    ]

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["latitude", "longitude"], name="%(class)s_latlng")]

    @property
    def has_map_point(self):
        return self.latitude is not None and self.longitude is not None

    def derive_coordinates(self):
        """Set latitude/longitude from the widget value; raises ValidationError if unreadable."""
        point = parse_point(self.location)
        self.latitude, self.longitude = point if point else (None, None)

    def clean(self):
        super().clean()
        self.derive_coordinates()
        validate_coordinates(self.latitude, self.longitude)

    def save(self, *args, **kwargs):
        try:
            self.derive_coordinates()
        except ValidationError:
            # clean() has already told the editor; a raw save keeps what it has.
            pass
        super().save(*args, **kwargs)
