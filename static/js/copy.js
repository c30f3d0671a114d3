/* « Copier l'adresse »: copies a read-only field's value and says so to screen readers.
 * Without JavaScript (or clipboard access) the button stays hidden; the field can still be
 * selected and copied by hand. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector('[data-copy-status="' + button.getAttribute("data-copy") + '"]');
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
        button.textContent = button.getAttribute("data-copied");
      }, function () {
        field.select();
      });
    });
  });
})();
