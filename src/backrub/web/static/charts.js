// Charts: read a point's value with the keyboard or the pointer.
// Only the first point of a chart is in the Tab order; the arrow keys (and Home,
// End) move between its points. The focused or hovered point's value (its
// <title>, which is also its accessible name) is shown under the chart.
// Loaded by the progress page (no inline scripts: the CSP forbids them).
(function () {
  "use strict";

  function show(figure, point) {
    var out = figure.querySelector(".chart-value");
    var title = point.querySelector("title");
    if (out) out.textContent = title ? title.textContent : "";
  }

  function move(figure, from, key) {
    var points = Array.prototype.slice.call(figure.querySelectorAll(".chart-point"));
    var at = points.indexOf(from);
    var to = at;
    if (key === "ArrowRight" || key === "ArrowDown") to = Math.min(points.length - 1, at + 1);
    else if (key === "ArrowLeft" || key === "ArrowUp") to = Math.max(0, at - 1);
    else if (key === "Home") to = 0;
    else if (key === "End") to = points.length - 1;
    else return false;
    points.forEach(function (p) { p.setAttribute("tabindex", "-1"); });
    points[to].setAttribute("tabindex", "0");
    points[to].focus();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.chart").forEach(function (figure) {
      figure.addEventListener("focusin", function (event) {
        var point = event.target.closest && event.target.closest(".chart-point");
        if (point) show(figure, point);
      });
      figure.addEventListener("mouseover", function (event) {
        var point = event.target.closest && event.target.closest(".chart-point");
        if (point) show(figure, point);
      });
      figure.addEventListener("keydown", function (event) {
        var point = event.target.closest && event.target.closest(".chart-point");
        if (point && move(figure, point, event.key)) event.preventDefault();
      });
    });
  });
})();
