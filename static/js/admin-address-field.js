/* The admin's address input that places the map point: wagtailgeowidget's Nominatim field,
 * with French messages for an address not found and for a search that fails (the library
 * shows "Nominatim Error: …" in English). The address typed is shown as text, never HTML. */
(function () {
  "use strict";

  var NOMINATIM = "https://nominatim.openstreetmap.org/search";

  function escapeHTML(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML;
  }

  function AddressField(options) {
    window.NominatimGeocoderField.call(this, options);
  }

  AddressField.prototype = Object.create(window.NominatimGeocoderField.prototype);
  AddressField.prototype.constructor = AddressField;

  AddressField.prototype.geocodeSearch = function (query) {
    var self = this;
    var url = NOMINATIM + "?" + new URLSearchParams({ q: query, format: "json", limit: "1", "accept-language": "fr" });
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (results) {
        if (!results.length) {
          self.displayWarning(
            self.translations.error_could_not_geocode_address.replace("%s", escapeHTML(query)),
            { field: self.field }
          );
          return;
        }
        self.displaySuccess(self.translations.success_address_geocoded, { field: self.field });
        self.field.trigger("searchGeocoded", [{ lat: results[0].lat, lng: results[0].lon }]);
      })
      .catch(function (error) {
        if (window.console) window.console.warn("Recherche d’adresse :", error);
        self.displayWarning(self.translations.error_geocoder_unreachable, { field: self.field });
      });
  };

  class AddressFieldController extends window.StimulusModule.Controller {
    static values = { options: Object };

    connect() {
      this.field = new AddressField(Object.assign({}, this.optionsValue, { id: this.element.id }));
    }
  }

  window.wagtail.app.register("address-field", AddressFieldController);
})();
