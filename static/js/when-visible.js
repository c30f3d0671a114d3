/* Loads a script only when the element that needs it comes near the screen:
 *   <div data-load-when-visible="/static/map-widget/echo-map.js">…</div>
 * Maps below the fold then cost nothing to a reader who never scrolls to them (and do not
 * block the page while it loads). Without IntersectionObserver the script loads at once. */
(function () {
  "use strict";
  var loaded = {};

  function load(src) {
    if (loaded[src]) { return; }
    loaded[src] = true;
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    document.head.appendChild(tag);
  }

  var elements = document.querySelectorAll("[data-load-when-visible]");
  if (!("IntersectionObserver" in window)) {
    elements.forEach(function (element) { load(element.getAttribute("data-load-when-visible")); });
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        load(entry.target.getAttribute("data-load-when-visible"));
      }
    });
  }, { rootMargin: "300px 0px" });
  elements.forEach(function (element) { observer.observe(element); });
})();
