// After a form comes back with an error, move focus to the first field marked
// invalid, so a keyboard or screen-reader user lands on what to correct.
// Loaded by every page (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]), select, textarea";

  function focusFirstError(root) {
    var marked = root.querySelector('[aria-invalid="true"]');
    if (!marked) return;
    var target = marked.matches(FIELDS) ? marked : marked.querySelector(FIELDS);
    if (target) target.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.activeElement || document.activeElement === document.body) {
      focusFirstError(document);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.target);
  });
})();
