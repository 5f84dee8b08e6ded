// backrub guided timer pictures: show the pictures of the zone the timer is on.
// The timer writes the current zone's name into #timer-label; the step with that name
// (li.step[data-label]) gives its zone, and the picture box with that data-zone is shown,
// the others hidden. No inline script or style (strict CSP).
(function () {
  "use strict";
  var box = document.getElementById("timer-picture");
  var label = document.getElementById("timer-label");
  if (!box || !label) { return; }
  var steps = Array.prototype.slice.call(document.querySelectorAll("li.step"));
  var pictures = Array.prototype.slice.call(box.querySelectorAll(".step-picture"));

  function sync() {
    var name = label.textContent.trim();
    var step = steps.filter(function (s) { return s.dataset.label === name; })[0];
    if (!step) { return; }
    pictures.forEach(function (p) { p.hidden = p.dataset.zone !== step.dataset.zone; });
  }

  new MutationObserver(sync).observe(label, { childList: true, characterData: true, subtree: true });
  sync();
})();
