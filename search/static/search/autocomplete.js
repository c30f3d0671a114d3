// Suggestions for the search boxes: titles from /recherche/autocomplete/ offered through the
// input's native <datalist> (keyboard and screen-reader support come with the browser).
// Without JavaScript the boxes are plain search forms.
(function () {
  "use strict";
  function bind(input) {
    if (input.dataset.autocompleteBound) return;
    input.dataset.autocompleteBound = "1";
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, controller = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2 || q === last) return;
      timer = setTimeout(function () {
        last = q;
        if (controller) controller.abort();
        controller = new AbortController();
        var url = input.dataset.searchAutocomplete + "?q=" + encodeURIComponent(q);
        fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.type_label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* offline or aborted: no suggestions, the form still works */ });
      }, 200);
    });
  }
  function init() {
    document.querySelectorAll("input[data-search-autocomplete]").forEach(bind);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
