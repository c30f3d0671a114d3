/* Folds regions behind a button on small screens: the site menu, listing filters.
 *
 * Progressive enhancement: static/js/enhance.js marks <html class="js"> before the first
 * paint and the CSS then shows the button and folds its regions while its media query
 * matches (see "Folding" in site.css); without JavaScript the button stays hidden and every
 * region shows. This script keeps aria-expanded true to what is shown, toggles the regions
 * (class "is-open") on click or Enter/Space (a real button), and on Escape folds them and
 * gives the focus back to the button.
 */
(function () {
  "use strict";

  function setup(button) {
    var query = window.matchMedia(button.getAttribute("data-fold-below"));
    var regions = button.getAttribute("aria-controls").split(/\s+/)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);

    function isOpen() {
      return regions.length > 0 && regions[0].classList.contains("is-open");
    }

    function show(open) {
      regions.forEach(function (region) { region.classList.toggle("is-open", open); });
      sync();
    }

    function sync() {
      button.setAttribute("aria-expanded", (!query.matches || isOpen()) ? "true" : "false");
    }

    button.addEventListener("click", function () { show(!isOpen()); });
    regions.forEach(function (region) {
      region.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && query.matches && isOpen()) {
          show(false);
          button.focus();
        }
      });
    });
    if (query.addEventListener) {
      query.addEventListener("change", sync);
    } else {
      query.addListener(sync);
    }
    sync();
  }

  document.querySelectorAll("button[data-fold-below]").forEach(setup);
})();
