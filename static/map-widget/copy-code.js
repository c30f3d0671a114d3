/* The copy buttons of the map API's pages: copy the code block they name, and say so. */
(function () {
  "use strict";
  var COPIED = "Code copié dans le presse-papiers.";
  var FAILED = "La copie a échoué : sélectionnez le code et copiez-le (Ctrl+C).";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function init(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".code-block__status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent;
      var copy = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
        : fallbackCopy(text);
      copy.then(function () {
        status.textContent = COPIED;
        button.classList.add("code-block__copy--done");
      }, function () {
        status.textContent = FAILED;
      });
    });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
