/* Small one-point maps on event and place pages. The address beside the map carries the
   information; the map is an enhancement (Leaflet from node_modules, tiles configurable).
   Leaflet (script and style) loads only when a map comes near the screen. */
(function () {
  "use strict";
  var DEFAULT_ATTRIBUTION = "© les contributeurs d’<a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>";

  var leaflet = null;

  function loadLeaflet(element) {
    if (window.L) { return Promise.resolve(); }
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = element.dataset.leafletCss;
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.src = element.dataset.leafletJs;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  function draw(element) {
    var lat = parseFloat(element.dataset.lat);
    var lng = parseFloat(element.dataset.lng);
    if (isNaN(lat) || isNaN(lng) || !window.L) { return; }
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
    // The map is hidden from assistive technology: keep Leaflet's inner controls out of the tab order.
    element.querySelectorAll("a, [tabindex]").forEach(function (node) { node.setAttribute("tabindex", "-1"); });
  }

  function start(element) {
    loadLeaflet(element).then(function () { draw(element); }, function () { /* the address and link remain */ });
  }

  function init() {
    var elements = document.querySelectorAll("[data-point-map]");
    if (!("IntersectionObserver" in window)) { elements.forEach(start); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); start(entry.target); }
      });
    }, { rootMargin: "300px 0px" });
    elements.forEach(function (element) { observer.observe(element); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
