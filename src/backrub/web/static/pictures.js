// backrub guided timer pictures: show the drawings of the zone the timer is on.
// The timer (/static/guided.js) writes the current zone's name into #timer-label; each
// step's pictures carry that name in data-label. No inline script or style (strict CSP).
(function () {
  "use strict";
  var box = document.getElementById("step-pictures");
  var label = document.getElementById("timer-label");
  if (!box || !label) { return; }
  var pictures = Array.prototype.slice.call(box.querySelectorAll(".step-picture"));

  function sync() {
    var name = label.textContent.trim();
    var current = pictures.filter(function (p) { return p.dataset.label === name; })[0];
    if (!current) { return; }
    pictures.forEach(function (p) { p.classList.toggle("is-hidden", p !== current); });
  }

  new MutationObserver(sync).observe(label, { childList: true, characterData: true, subtree: true });
  sync();
})();
