// Quick choices beside a date-and-time field ("Now", "Earlier today, 08:00", ...):
// a button fills the field with its value (empty = now) and says what it chose.
// The group is hidden until this runs, so without scripts only the picker shows.
(function () {
  "use strict";
  function wire(group) {
    if (group.dataset.wired) return;
    group.dataset.wired = "1";
    var field = document.getElementById(group.dataset.for);
    if (!field) return;
    group.hidden = false;
    group.querySelectorAll("button.quick-time").forEach(function (button) {
      button.addEventListener("click", function () {
        field.value = button.dataset.value;
        group.querySelectorAll("button.quick-time").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
      });
    });
  }
  function wireAll(root) {
    root.querySelectorAll(".quick-times[data-for]").forEach(wire);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wireAll(document); });
  } else {
    wireAll(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { wireAll(event.target); });
})();
