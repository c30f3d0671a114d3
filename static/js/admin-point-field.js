/* The admin's map point (events and places), built on wagtailgeowidget's LeafletField:
 * - an empty point looks empty: no pin, nothing in the coordinates field (the map is only
 *   centred on the default location);
 * - a click on the map places the point (the pin can still be dragged);
 * - coordinates are rounded to 6 decimals (about 10 cm);
 * - emptying the coordinates field removes the point.
 * Messages come from the server, in French (content_types/core/geo.py). */
(function () {
  "use strict";

  var DECIMALS = 6;

  function round(value) {
    return parseFloat(Number(value).toFixed(DECIMALS));
  }

  function rounded(latLng) {
    latLng = window.L.latLng(latLng);
    return window.L.latLng(round(latLng.lat), round(latLng.lng));
  }

  function PointField(options) {
    this.empty = Boolean(options.empty);
    window.LeafletField.call(this, options);
  }

  PointField.prototype = Object.create(window.LeafletField.prototype);
  PointField.prototype.constructor = PointField;

  PointField.prototype.setup = function () {
    if (this.hasSetup) return;
    var self = this;
    this.initMap(this.mapEl, this.defaultLocation);
    this.initEvents();
    this.latLngField.attr("placeholder", this.translations.latlng_placeholder);
    if (this.empty) {
      this.map.removeLayer(this.marker);
      this.latLngField.val("");
    } else {
      this.setMapPosition(this.defaultLocation);
      this.updateLatLng(this.defaultLocation);
    }

    this.map.on("click", function (event) { self.placePoint(event.latlng); });

    // Typing coordinates moves the point; an emptied field removes it.
    this.latLngField.off("input").on("input", function () {
      var value = self.latLngField.val().trim();
      if (!value) {
        self.clearFieldMessage({ field: self.latLngField });
        self.removePoint();
        return;
      }
      var latLng = self.parseStrToLatLng(value);
      if (latLng === null) {
        self.displayWarning(self.translations.error_message_invalid_location, { field: self.latLngField });
        return;
      }
      self.clearFieldMessage({ field: self.latLngField });
      self.setMapPosition(latLng);
      self.writeLocation(latLng);
    });

    // The map may start hidden (a collapsed panel): size it once it shows.
    this.checkVisibility(function () { self.map.invalidateSize(); });
    // ... and whenever its box changes (it can show at zero size while the editor lays out).
    if ("ResizeObserver" in window) {
      var node = this.mapEl && this.mapEl.jquery ? this.mapEl[0] : this.mapEl;
      new ResizeObserver(function () { self.map.invalidateSize(); }).observe(node);
    }
    this.hasSetup = true;
  };

  PointField.prototype.placePoint = function (latLng) {
    latLng = rounded(latLng);
    this.clearFieldMessage({ field: this.latLngField });
    this.setMapPosition(latLng);
    this.updateLatLng(latLng);
    this.writeLocation(latLng);
  };

  PointField.prototype.removePoint = function () {
    this.empty = true;
    this.map.removeLayer(this.marker);
    this.setState("");
  };

  PointField.prototype.setMapPosition = function (latLng) {
    latLng = rounded(latLng);
    if (!this.map.hasLayer(this.marker)) this.marker.addTo(this.map);
    this.empty = false;
    this.marker.setLatLng(latLng);
    this.map.panTo(latLng);
  };

  PointField.prototype.updateLatLng = function (latLng) {
    latLng = rounded(latLng);
    this.latLngField.val(latLng.lat + "," + latLng.lng);
  };

  PointField.prototype.writeLocation = function (latLng) {
    latLng = rounded(latLng);
    this.setState(window.LeafletField.buildLocationString(this.srid, latLng.lng, latLng.lat));
  };

  /* The same options as the library's controller, under our own name. */
  class MapPointFieldController extends window.StimulusModule.Controller {
    static values = { options: Object };

    connect() {
      var options = this.optionsValue;
      var id = this.element.id;
      var namespace = id.indexOf("-") !== -1 ? id.split("-").slice(0, -1).join("-") + "-" : "id_";
      this.field = new PointField(Object.assign({}, options, {
        id: id,
        addressSelector: options.addressField ? "#" + namespace + options.addressField : null,
        zoomSelector: options.zoomField ? "#" + namespace + options.zoomField : null,
      }));
      this.element.mapPointField = this.field;
    }
  }

  window.wagtail.app.register("map-point-field", MapPointFieldController);
})();
