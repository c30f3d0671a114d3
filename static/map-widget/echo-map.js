/*
 * Echosciences embeddable map — one script tag on any site:
 *
 *   <div data-echo-map data-api="https://…/api/v3/map/features"
 *        data-type="event" data-tags="astronomie"></div>
 *   <script src="https://…/static/map-widget/echo-map.js" defer></script>
 *
 * Options (data attributes, all optional): data-api, data-type ("event", "place" or
 * both), data-tags (comma-separated slugs), data-start / data-end (ISO dates), data-site,
 * data-limit, data-tiles (a tile URL template, or "none"), data-attribution (the tile
 * provider's credit, HTML; OpenStreetMap's by default), data-heading-level (level of the
 * list's heading, default 2).
 *
 * Leaflet and Leaflet.markercluster come from the same static root as this script
 * (installed from npm by `make setup`), so the host page needs nothing else. The map is
 * never the only way in: the same features are listed beside it as headings and links.
 * Each [data-echo-map] element is independent; window.EchoMap.init(element) starts one
 * added later, and element.echoMap is its instance.
 */
(function () {
  "use strict";

  if (window.EchoMap && window.EchoMap.version) {
    window.EchoMap.initAll();
    return;
  }

  var script = document.currentScript;
  var scriptURL = new URL(script ? script.src : "/static/map-widget/echo-map.js", document.baseURI);
  var staticRoot = new URL("../", scriptURL); // …/static/
  var defaultAPI = new URL("/api/v3/map/features", scriptURL).href;
  var DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var DEFAULT_ATTRIBUTION = '&copy; les contributeurs d’<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  // Visible strings, in French: the widget is served as a static file to any site, so
  // its strings live here rather than in a Django translation catalogue.
  var T = {
    region: "Carte des événements et lieux Echosciences",
    map: "Carte interactive : déplacez-la ou zoomez pour charger les résultats de la zone",
    filters: "Filtrer la carte",
    type: "Afficher",
    typeAll: "Événements et lieux",
    typeEvent: "Événements",
    typePlace: "Lieux à visiter",
    typeProject: "Projets",
    from: "Du",
    to: "Au",
    apply: "Filtrer",
    list: "Résultats sur la carte",
    loading: "Chargement…",
    error: "Impossible de charger les résultats de la carte.",
    // The API explains errors to developers, in English; people read one of these.
    errors: {
      dates: "Les dates ne conviennent pas : la date de début doit précéder la date de fin.",
      bbox: "La zone affichée n’est pas valide : recentrez la carte.",
      type: "Ce type de contenu n’existe pas : choisissez événements, lieux ou les deux.",
      request: "Les critères de recherche ne sont pas valides.",
      busy: "Trop de demandes en peu de temps : réessayez dans un instant.",
      server: "Le service de la carte est momentanément indisponible : réessayez plus tard.",
      network: "Le serveur de la carte ne répond pas : vérifiez votre connexion et réessayez.",
      assets: "La carte n’a pas pu être chargée : réessayez plus tard.",
    },
    none: "Aucun résultat dans cette zone.",
    count: function (shown, total) {
      if (shown === total) return total + (total > 1 ? " résultats" : " résultat");
      return shown + " résultats affichés sur " + total + " : zoomez pour voir les autres.";
    },
    showOnMap: "Voir sur la carte",
    event: "Événement",
    place: "Lieu à visiter",
    project: "Projet",
    more: "Voir la page",
  };

  var WEEKDAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"];

  /* « samedi 5 décembre 2026, 19 h 00 », as the site's pages write it: the event's local
     time, as the API states it (an ISO date with the territory's offset). Read from the
     string rather than through Intl.DateTimeFormat, whose first formatter blocks the page
     while it loads its locale and time-zone data (45 ms measured in Chromium on a desktop,
     several times that on a phone). */
  function formatDate(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
    if (!parts) return "";
    var year = +parts[1], month = +parts[2], day = +parts[3];
    var weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return WEEKDAYS[weekday] + " " + day + " " + MONTHS[month - 1] + " " + year + ", "
      + (+parts[4]) + "\u00a0h\u00a0" + parts[5];
  }

  // The next task: long work split in two lets the browser answer the reader in between.
  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  /* ---- Loading Leaflet once for every widget on the page ---- */

  var vendorReady = null;

  function loadCSS(href) {
    var exists = Array.prototype.some.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      return link.href === href;
    });
    if (exists) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("Cannot load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function loadVendor() {
    if (vendorReady) return vendorReady;
    var asset = function (path) { return new URL(path, staticRoot).href; };
    loadCSS(asset("vendor/leaflet/leaflet.css"));
    loadCSS(asset("vendor/leaflet.markercluster/MarkerCluster.css"));
    loadCSS(asset("vendor/leaflet.markercluster/MarkerCluster.Default.css"));
    loadCSS(asset("map-widget/echo-map.css"));
    var leaflet = window.L ? Promise.resolve() : loadScript(asset("vendor/leaflet/leaflet.js"));
    vendorReady = leaflet.then(function () {
      return window.L.MarkerClusterGroup ? null : loadScript(asset("vendor/leaflet.markercluster/leaflet.markercluster.js"));
    });
    return vendorReady;
  }

  /* ---- Small DOM helpers (text only: nothing from the API is parsed as HTML) ---- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function safeURL(value) {
    try {
      var url = new URL(value, document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function kindOf(props) {
    if (props.type === "project") return T.project;
    return props.type === "event" ? T.event : T.place;
  }

  function describe(props) {
    if (props.type === "event") {
      var when = props.start ? formatDate(props.start) : "";
      var where = [props.place, props.city].filter(Boolean).join(", ");
      return [when, where].filter(Boolean).join(" — ");
    }
    if (props.type === "project") return [props.status_label, props.city].filter(Boolean).join(" — ");
    return [props.kind_label || T.place, props.city].filter(Boolean).join(" — ");
  }

  /* What a person reads when a request fails: French, whatever the API said. The
     API's own text names the parameter ("start: …"), which picks the message. */
  function errorMessage(status, detail) {
    var parameter = (/^\s*([a-z_]+)\s*:/.exec(detail || "") || [])[1] || "";
    if (status === 400) {
      if (parameter === "start" || parameter === "end") return T.errors.dates;
      if (parameter === "bbox") return T.errors.bbox;
      if (parameter === "type") return T.errors.type;
      return T.errors.request;
    }
    if (status === 429) return T.errors.busy;
    if (status >= 500) return T.errors.server;
    return T.errors.network;
  }

  function RequestError(status, detail) {
    this.name = "RequestError";
    this.status = status;
    this.detail = detail;
  }

  var counter = 0;

  /* ---- One widget ---- */

  function EchoMapWidget(element, options) {
    this.element = element;
    var data = element.dataset;
    options = options || {};
    this.options = {
      api: options.api || data.api || defaultAPI,
      type: options.type || data.type || "",
      tags: options.tags || data.tags || "",
      start: options.start || data.start || "",
      end: options.end || data.end || "",
      site: options.site || data.site || "",
      limit: options.limit || data.limit || "",
      tiles: options.tiles || data.tiles || DEFAULT_TILES,
      // Every map credits its tiles: OpenStreetMap's data unless the page says otherwise.
      attribution: options.attribution || data.attribution || DEFAULT_ATTRIBUTION,
      headingLevel: Math.min(6, Math.max(2, parseInt(options.headingLevel || data.headingLevel || "2", 10) || 2)),
      // "off" when the host page offers its own filters (the « Carte » page does).
      filters: (options.filters || data.filters || "on") !== "off",
    };
    this.id = "echo-map-" + (++counter);
    this.markers = {};
    this.features = [];
    this.request = null;
    this.loads = 0;
    this.silent = false;
    this.quietUntil = 0;
    this.userMoved = false;
    this.autoPanning = false;
    this.listeners = [];
    this.build();
  }

  EchoMapWidget.prototype.build = function () {
    var id = this.id;
    var options = this.options;
    this.element.classList.add("echo-map");
    this.element.setAttribute("role", "region");
    this.element.setAttribute("aria-label", T.region);

    this.typeSelect = el("select", { id: id + "-type", name: "type" }, [
      el("option", { value: "", text: T.typeAll }),
      el("option", { value: "event", text: T.typeEvent }),
      el("option", { value: "place", text: T.typePlace }),
      el("option", { value: "project", text: T.typeProject }),
    ]);
    this.typeSelect.value = ["event", "place", "project"].indexOf(options.type) >= 0 ? options.type : "";
    this.startInput = el("input", { id: id + "-start", name: "start", type: "date" });
    this.endInput = el("input", { id: id + "-end", name: "end", type: "date" });
    this.startInput.value = options.start.slice(0, 10);
    this.endInput.value = options.end.slice(0, 10);
    this.form = el("form", { class: "echo-map__filters", "aria-label": T.filters }, [
      el("div", { class: "echo-map__field" }, [el("label", { for: id + "-type", text: T.type }), this.typeSelect]),
      el("div", { class: "echo-map__field" }, [el("label", { for: id + "-start", text: T.from }), this.startInput]),
      el("div", { class: "echo-map__field" }, [el("label", { for: id + "-end", text: T.to }), this.endInput]),
      el("button", { type: "submit", class: "echo-map__apply", text: T.apply }),
    ]);
    this.status = el("p", { class: "echo-map__status", role: "status", "aria-live": "polite" });
    this.mapNode = el("div", { class: "echo-map__map", id: id + "-map", "aria-label": T.map });
    this.listHeading = el("h" + options.headingLevel, { class: "echo-map__list-title", id: id + "-list-title", text: T.list });
    this.list = el("ul", { class: "echo-map__items", "aria-labelledby": id + "-list-title" });
    var listBox = el("div", { class: "echo-map__list" }, [this.listHeading, this.list]);

    this.element.textContent = "";
    this.form.hidden = !options.filters;
    this.element.appendChild(this.form);
    this.element.appendChild(this.status);
    this.element.appendChild(el("div", { class: "echo-map__body" }, [this.mapNode, listBox]));

    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.load(self.userMoved);
    });
  };

  EchoMapWidget.prototype.start = function () {
    var L = window.L;
    var self = this;
    // No view yet: the first results set it (fitted to them), so the clusters are computed
    // and the tiles asked for once, at that view, not first for the whole of France.
    this.map = L.map(this.mapNode, { keyboard: true, worldCopyJump: false });
    if (this.options.tiles !== "none") {
      L.tileLayer(this.options.tiles, { maxZoom: 18, attribution: this.options.attribution }).addTo(this.map);
    }
    this.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: clusterIcon,
    });
    // A spiderfied cluster is dimmed by the library: its count goes with it (see the CSS),
    // so no text is ever drawn at reduced contrast.
    this.cluster.on("spiderfied", function (event) { toggleDimmed(event.cluster, true); });
    this.cluster.on("unspiderfied", function (event) { toggleDimmed(event.cluster, false); });
    this.map.addLayer(this.cluster);
    // Opening a popup near the edge pans the map to show it: that pan is not the user's
    // and must not reload (a reload would close the popup and narrow the list).
    this.map.on("autopanstart", function () { self.autoPanning = true; });
    this.map.on("moveend", function () {
      if (self.autoPanning) {
        self.autoPanning = false;
        return;
      }
      if (self.silent || Date.now() < self.quietUntil) return;
      self.userMoved = true;
      clearTimeout(self.moveTimer);
      self.moveTimer = setTimeout(function () { self.load(true); }, 250);
    });
    return this.load(false);
  };

  /* Moves the code makes itself (fitting the results, opening a popup from the list)
     must not trigger a reload that would replace the markers under the open popup.
     An unanimated move ends synchronously, so a flag covers it. */
  EchoMapWidget.prototype.quietly = function (move) {
    this.silent = true;
    try {
      move();
    } finally {
      this.silent = false;
    }
  };

  EchoMapWidget.prototype.currentBBox = function () {
    var b = this.map.getBounds();
    var clamp = function (value, limit) { return Math.max(-limit, Math.min(limit, value)); };
    return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
      .map(function (value) { return value.toFixed(5); }).join(",");
  };

  EchoMapWidget.prototype.url = function (withBBox) {
    var url = new URL(this.options.api, document.baseURI);
    var params = {
      type: this.typeSelect.value,
      tags: this.options.tags,
      start: this.startInput.value,
      end: this.endInput.value,
      site: this.options.site,
      limit: this.options.limit,
    };
    if (withBBox) params.bbox = this.currentBBox();
    Object.keys(params).forEach(function (name) {
      if (params[name]) url.searchParams.set(name, params[name]);
    });
    return url.href;
  };

  EchoMapWidget.prototype.load = function (withBBox) {
    var self = this;
    if (this.request) this.request.abort();
    var controller = new AbortController();
    this.request = controller;
    this.element.setAttribute("aria-busy", "true");
    this.status.textContent = T.loading;
    var url = this.url(withBBox);
    this.lastURL = url;
    return fetch(url, { signal: controller.signal, headers: { Accept: "application/geo+json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          return response.json().catch(function () { return {}; }).then(function (problem) {
            throw new RequestError(response.status, problem.detail || response.statusText);
          });
        }
        return response.json();
      })
      .then(function (collection) {
        self.element.removeAttribute("data-error");
        self.render(collection, !withBBox);
        // The list in a task of its own (see nextTask), unless a newer request replaced this one.
        return nextTask().then(function () {
          if (self.request !== controller) return;
          self.renderList(collection);
          self.loads += 1;
          self.emit(collection);
        });
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        var status = error instanceof RequestError ? error.status : 0;
        self.showDefaultView();
        // Developers find the API's own words in the console.
        if (window.console) window.console.warn("EchoMap:", status || "", error.detail || error.message);
        self.status.textContent = T.error + " " + errorMessage(status, error.detail);
        self.element.setAttribute("data-error", String(status));
      })
      .finally(function () {
        if (self.request === controller) {
          self.request = null;
          self.element.removeAttribute("aria-busy");
        }
      });
  };

  /* The view the map opens on when there is nothing to fit (no results, an error). */
  EchoMapWidget.prototype.showDefaultView = function () {
    if (this.hasView) return;
    var map = this.map;
    this.quietly(function () { map.setView([46.6, 2.4], 5, { animate: false }); });
    this.hasView = true;
  };

  EchoMapWidget.prototype.popupContent = function (props) {
    var href = safeURL(props.url);
    var title = el("p", { class: "echo-map__popup-title" }, [
      href ? el("a", { href: href, text: props.title }) : el("span", { text: props.title }),
    ]);
    return el("div", { class: "echo-map__popup" }, [
      el("p", { class: "echo-map__popup-kind", text: kindOf(props) }),
      title,
      el("p", { class: "echo-map__popup-meta", text: describe(props) }),
    ]);
  };

  /* The markers: fitted first (when asked), then clustered once at that view. */
  EchoMapWidget.prototype.render = function (collection, fit) {
    var L = window.L;
    var self = this;
    var features = (collection.features || []).filter(function (feature) {
      return feature && feature.geometry && feature.geometry.type === "Point";
    });
    this.features = features;
    // A popup the user opened stays open when its feature is still there after a reload.
    var popup = this.map._popup;
    var openId = popup && this.map.hasLayer(popup) && popup._source ? popup._source.featureId : null;
    this.map.closePopup();
    this.cluster.clearLayers();
    this.markers = {};

    var markers = features.map(function (feature) {
      var props = feature.properties || {};
      var coords = feature.geometry.coordinates;
      var marker = L.marker([coords[1], coords[0]], {
        title: props.title,
        alt: props.title,
        icon: L.divIcon({
          className: "echo-map__marker echo-map__marker--" + (props.type === "event" || props.type === "project" ? props.type : "place"),
          html: "<span></span>",
          iconSize: [22, 22],
          iconAnchor: [11, 11],
          popupAnchor: [0, -10],
        }),
      });
      // Built when opened: most popups never are.
      marker.bindPopup(function () { return self.popupContent(props); });
      marker.featureId = feature.id;
      self.markers[feature.id] = marker;
      return marker;
    });

    if (fit && markers.length) {
      var bounds = L.latLngBounds(markers.map(function (marker) { return marker.getLatLng(); }));
      this.quietly(function () { self.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13, animate: false }); });
      this.hasView = true;
    }
    this.showDefaultView();
    this.cluster.addLayers(markers);
    var reopen = openId && this.markers[openId];
    if (reopen && this.cluster.getVisibleParent(reopen) === reopen) reopen.openPopup();
  };

  /* The list beside the map (the same features as headings and links) and the count. */
  EchoMapWidget.prototype.renderList = function (collection) {
    var self = this;
    var features = this.features;
    var items = document.createDocumentFragment();
    features.forEach(function (feature) { items.appendChild(self.listItem(feature)); });
    this.list.textContent = "";
    this.list.appendChild(items);
    var total = collection.numberMatched != null ? collection.numberMatched : features.length;
    this.status.textContent = features.length ? T.count(features.length, total) : T.none;
    this.element.setAttribute("data-number-returned", String(features.length));
    this.element.setAttribute("data-number-matched", String(total));
  };

  EchoMapWidget.prototype.listItem = function (feature) {
    var self = this;
    var props = feature.properties || {};
    var href = safeURL(props.url);
    var level = Math.min(6, this.options.headingLevel + 1);
    var button = el("button", { type: "button", class: "echo-map__locate", text: T.showOnMap });
    var titleLabel = el("span", { class: "echo-map__sr", text: " : " + props.title });
    button.appendChild(titleLabel);
    button.addEventListener("click", function () { self.openFeature(feature.id); });
    return el("li", { class: "echo-map__item echo-map__item--" + props.type, "data-feature-id": feature.id }, [
      el("h" + level, { class: "echo-map__item-title" }, [
        href ? el("a", { href: href, text: props.title }) : el("span", { text: props.title }),
      ]),
      el("p", { class: "echo-map__item-meta", text: (kindOf(props)) + " · " + describe(props) }),
      button,
    ]);
  };

  EchoMapWidget.prototype.openFeature = function (featureId) {
    var marker = this.markers[featureId];
    if (!marker) return;
    var self = this;
    // zoomToShowLayer may animate: stay quiet until the popup is open and any
    // auto-pan that opening it causes has ended.
    this.quietUntil = Infinity;
    this.cluster.zoomToShowLayer(marker, function () {
      marker.openPopup();
      self.quietUntil = Date.now() + 700;
    });
  };

  EchoMapWidget.prototype.onLoad = function (listener) { this.listeners.push(listener); };

  EchoMapWidget.prototype.emit = function (collection) {
    var self = this;
    this.listeners.forEach(function (listener) { listener(collection, self); });
    this.element.dispatchEvent(new CustomEvent("echo-map:loaded", { detail: { collection: collection, url: this.lastURL } }));
  };

  EchoMapWidget.prototype.reload = function () { return this.load(this.userMoved); };

  /* ---- Clusters: the count in white on a solid dark disc (contrast above 8:1) ---- */

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var label = el("span", { class: "echo-map__cluster-count", text: String(count) });
    return window.L.divIcon({
      html: label.outerHTML,
      className: "marker-cluster echo-map__cluster echo-map__cluster--" + size,
      iconSize: window.L.point(40, 40),
    });
  }

  function toggleDimmed(cluster, dimmed) {
    var icon = cluster && cluster._icon;
    if (icon) icon.classList.toggle("echo-map__cluster--dimmed", dimmed);
  }

  /* ---- Public API ---- */

  var instances = [];

  function init(element, options) {
    if (element.echoMap) return element.echoMap;
    var widget = new EchoMapWidget(element, options);
    element.echoMap = widget;
    instances.push(widget);
    widget.ready = loadVendor().then(function () { return widget.start(); }).catch(function (error) {
      if (window.console) window.console.warn("EchoMap:", error);
      widget.status.textContent = T.error + " " + T.errors.assets;
    });
    return widget;
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-echo-map]"), function (element) { init(element); });
  }

  window.EchoMap = { version: "1", init: init, initAll: initAll, instances: instances, strings: T };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
