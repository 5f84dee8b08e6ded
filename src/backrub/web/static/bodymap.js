// backrub body map: makes the picture's regions clickable and keyboard-focusable and keeps
// them in step with the labelled selects (the real form). Click or Enter/Space: one more
// (after 10 comes "not marked"); a digit sets 0-9; arrows up/down change by one.
(function () {
  "use strict";
  var figure = document.getElementById("bodymap-figure");
  if (!figure) { return; }
  var regions = Array.prototype.slice.call(figure.querySelectorAll("g.region"));

  function select(region) { return document.getElementById(region.dataset.field); }

  function paint(region) {
    var value = select(region).value;
    region.dataset.level = value;
    region.querySelector("text").textContent = value;
    // The words come from the page, in the person's language.
    region.setAttribute("aria-label", region.dataset.label + ": " +
      (value === "" ? figure.dataset.unmarked : figure.dataset.outOf.replace("{level}", value)));
  }

  function set(region, value) {
    var box = select(region);
    box.value = value === null ? "" : String(Math.max(0, Math.min(10, value)));
    paint(region);
  }

  function current(region) {
    var value = select(region).value;
    return value === "" ? null : parseInt(value, 10);
  }

  regions.forEach(function (region) {
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "button");
    paint(region);
    region.addEventListener("click", function () {
      var now = current(region);
      set(region, now === null ? 1 : (now >= 10 ? null : now + 1));
    });
    region.addEventListener("keydown", function (event) {
      var now = current(region);
      if (event.key === "Enter" || event.key === " ") {
        set(region, now === null ? 1 : (now >= 10 ? null : now + 1));
      } else if (/^[0-9]$/.test(event.key)) {
        set(region, parseInt(event.key, 10));
      } else if (event.key === "ArrowUp" || event.key === "ArrowRight") {
        set(region, now === null ? 0 : now + 1);
      } else if (event.key === "ArrowDown" || event.key === "ArrowLeft") {
        set(region, now === null || now === 0 ? null : now - 1);
      } else {
        return;
      }
      event.preventDefault();
    });
    select(region).addEventListener("change", function () { paint(region); });
  });
})();
