/* Loaded in <head>, before the first paint: tells the CSS that JavaScript runs, so regions
 * that static/js/fold.js folds on small screens are folded from the start (no layout shift),
 * while without JavaScript they simply show. */
document.documentElement.classList.add("js");
