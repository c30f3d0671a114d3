/* Folds regions behind a button on small screens: the site menu, listing filters.
 *
 * Progressive enhancement: without JavaScript the button stays hidden and every region
 * shows. With it, a `<button data-fold-below="(media query)" aria-controls="id id…">`
 * appears while the query matches, folds its regions (aria-expanded="false") unless it
 * says `data-open`, and toggles them on click or Enter/Space (it is a real button).
 * Escape closes an open region and gives the focus back to its button.
 */
(function () {
  "use strict";

  function setup(button) {
    var query = window.matchMedia(button.getAttribute("data-fold-below"));
    var regions = button.getAttribute("aria-controls").split(/\s+/)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);

    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      regions.forEach(function (region) { region.classList.toggle("is-folded", !open); });
    }

    function sync() {
      if (query.matches) {
        button.hidden = false;
        show(button.hasAttribute("data-open"));
      } else {
        button.hidden = true;
        show(true);
      }
    }

    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    regions.forEach(function (region) {
      region.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && query.matches && button.getAttribute("aria-expanded") === "true") {
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
