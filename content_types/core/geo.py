"""Map points: the geo widget's value, and the indexed numbers queries use."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtailgeowidget.helpers import geosgeometry_str_to_struct
from wagtailgeowidget.panels import GeoAddressPanel, LeafletPanel
from wagtailgeowidget.widgets import GeocoderField, LeafletField


# The geo widgets' own messages are English strings translated once at import time: the
# admin speaks French, so the fields below pass these instead.
POINT_FIELD_MESSAGES = {
    "error_message_invalid_location": _(
        "Coordonnées illisibles : saisissez la latitude puis la longitude, séparées par une "
        "virgule (exemple : 47.90289,1.90921)."
    ),
    "success_address_geocoded": _("Adresse trouvée : le point est placé sur la carte."),
    "error_could_not_geocode_address": _(
        "Adresse « %s » introuvable : vérifiez-la, ou cliquez sur la carte pour placer le point."
    ),
    "error_geocoder_unreachable": _(
        "La recherche d’adresse ne répond pas : cliquez sur la carte pour placer le point."
    ),
    "enter_location": _("Saisissez une adresse"),
    "initialize_map": _("Cliquez ici pour afficher la carte"),
    "latlng_placeholder": _("Aucun point : cliquez sur la carte ou saisissez une adresse"),
}


def point_field_messages():
    return {key: str(message) for key, message in POINT_FIELD_MESSAGES.items()}


class LocalLeafletField(LeafletField):
    """The geo widget, with Leaflet from our own static files instead of a CDN, and our
    controller (static/js/admin-point-field.js): an empty point shows no pin, a click on
    the map places the point, coordinates are rounded to 6 decimals (10 cm), messages are
    French."""

    controller = "map-point-field"

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        options = attrs.pop("data-leaflet-field-options-value", None)
        if options is None:  # inside a StreamField, Telepath starts the library's own field
            return attrs
        options = json.loads(options)
        options["translations"] = point_field_messages()
        options["empty"] = not (isinstance(self.value_data, str) and geosgeometry_str_to_struct(self.value_data))
        attrs["data-controller"] = self.controller
        attrs[f"data-{self.controller}-options-value"] = json.dumps(options)
        return attrs

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", "vendor/leaflet/leaflet.css")},
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "vendor/leaflet/leaflet.js",
                "js/admin-point-field.js",
            ),
        )


class AddressField(GeocoderField):
    """The address input that places the point (OpenStreetMap's Nominatim), in French."""

    controller = "address-field"

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        options = json.loads(attrs.pop("data-geocoder-field-options-value"))
        options["translations"] = point_field_messages()
        attrs.pop("data-geocoder-field-geocoder-value", None)
        attrs["data-controller"] = self.controller
        attrs[f"data-{self.controller}-options-value"] = json.dumps(options)
        return attrs

    @property
    def media(self):
        return forms.Media(js=("wagtailgeowidget/js/geocoder-field.js", "js/admin-address-field.js"))


class AddressPanel(GeoAddressPanel):
    def widget_overrides(self):
        return {self.field_name: AddressField(geocoder=self.geocoder)}


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


def point_feature(feature_type, pk, latitude, longitude, title, summary, tags, /, **properties):
    """A page as a GeoJSON Point feature of the map API (shared/design/map-api.md): the
    members every type has, then the type's own `properties` (a place's `kind`…)."""
    return {
        "type": "Feature",
        "id": f"{feature_type}-{pk}",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {"type": feature_type, "title": title, "summary": summary, "tags": tags, **properties},
    }


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
