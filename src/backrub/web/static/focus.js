// Where focus goes, so a keyboard or screen-reader user lands on what matters:
// - a stop that must be seen before anything else (data-focus-first, tabindex=-1:
//   Welcome's "so far" stop banner, above the questions still open; review 10, M8);
// - a form that comes back with errors: the first field marked invalid;
// - else a refusal box that says what would do instead (role=alert, tabindex=-1);
// - History after a correction: the corrected row (#r-<kind>-<id>, highlighted in CSS);
// - a save (a page or an htmx answer with a "saved" status): that status line,
//   so the person hears what was saved and goes on from there;
// - a button with data-fill puts its data-value in that field and focuses it;
// - the "More" menu of the navigation closes with Escape (focus back on its
//   button) and when focus or a click goes elsewhere.
// Loaded by every page (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]), select, textarea";
  var SAVED = '[role="status"].saved';

  function focusFirstError(root) {
    var marked = root.querySelector('[aria-invalid="true"]');
    if (!marked) return false;
    var target = marked.matches(FIELDS) ? marked : marked.querySelector(FIELDS);
    if (!target) return false;
    target.focus();
    return true;
  }

  // A stop that comes before the form's errors (data-focus-first, tabindex=-1).
  function focusFirst(root) {
    var box = root.querySelector('[data-focus-first][tabindex="-1"]');
    if (!box) return false;
    // From its top: a stop taller than a phone's screen (several kinds of answers,
    // each with its signs of getting worse) is read from its title, not its end.
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "start" });
    return true;
  }

  // A refusal that says what to do instead (role=alert, tabindex=-1).
  function focusRefusal(root) {
    var box = root.querySelector('[role="alert"][tabindex="-1"]');
    if (!box) return false;
    box.focus();
    return true;
  }

  function focusSaved(root) {
    var saved = root.matches && root.matches(SAVED) ? root : root.querySelector(SAVED);
    if (!saved) return false;
    if (!saved.hasAttribute("tabindex")) saved.setAttribute("tabindex", "-1");
    saved.focus();
    return true;
  }

  // A corrected record's row (History after a correction: #r-<kind>-<id>).
  function focusRow() {
    if (location.hash.indexOf("#r-") !== 0) return false;
    var row = document.getElementById(location.hash.slice(1));
    if (!row) return false;
    row.setAttribute("tabindex", "-1");
    row.focus();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.activeElement || document.activeElement === document.body) {
      focusFirst(document) ||
        focusFirstError(document) ||
        focusRefusal(document) ||
        focusRow() ||
        focusSaved(document);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.target) || focusRefusal(event.target) || focusSaved(event.target);
  });

  // A button that fills a field (the time zones a refused name may mean).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-fill]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-fill"));
    if (!field) return;
    field.value = button.getAttribute("data-value");
    field.focus();
  });

  function more() {
    return document.getElementById("nav-more");
  }
  document.addEventListener("keydown", function (event) {
    var menu = more();
    if (event.key !== "Escape" || !menu || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("focusin", function (event) {
    var menu = more();
    if (menu && menu.open && !menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener("click", function (event) {
    var menu = more();
    if (menu && menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
