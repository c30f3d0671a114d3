/* Small one-point maps on event and place pages. The address beside the map carries the
   information; the map is an enhancement (Leaflet from node_modules, tiles configurable). */
(function () {
  "use strict";
  var DEFAULT_ATTRIBUTION = "© les contributeurs d’<a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>";
  function init() {
    if (!window.L) { return; }
    document.querySelectorAll("[data-point-map]").forEach(function (element) {
      var lat = parseFloat(element.dataset.lat);
      var lng = parseFloat(element.dataset.lng);
      if (isNaN(lat) || isNaN(lng)) { return; }
      var map = window.L.map(element, { scrollWheelZoom: false, keyboard: false, zoomControl: true, attributionControl: true })
        .setView([lat, lng], 15);
      if (element.dataset.tiles) {
        // The tile provider's credit, from the settings (OpenStreetMap's by default).
        window.L.tileLayer(element.dataset.tiles, {
          maxZoom: 19,
          attribution: element.dataset.attribution || DEFAULT_ATTRIBUTION
        }).addTo(map);
      }
      window.L.marker([lat, lng], { alt: element.dataset.label || "", keyboard: false }).addTo(map);
      // The figure is described by role="img": keep Leaflet's inner controls out of the tab order.
      element.querySelectorAll("a, [tabindex]").forEach(function (node) { node.setAttribute("tabindex", "-1"); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
