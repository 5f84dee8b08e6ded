// backrub guided self-massage timer. Enhances the form on /guided/run: a countdown per
// zone fills in the seconds actually done; the server caps them at the plan anyway.
// No inline script or style (the page's CSP forbids both); no sound files (WebAudio).
(function () {
  "use strict";
  var form = document.getElementById("guided");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("li.step"));
  if (!steps.length) { return; }
  var el = function (id) { return document.getElementById(id); };
  var timer = el("timer"), stepsBox = el("steps"), after = el("after");
  var buttons = { start: el("timer-start"), pause: el("timer-pause"), skip: el("timer-skip"), stop: el("timer-stop") };
  var index = -1, elapsed = 0, last = 0, paused = false, ticking = null, audio = null;

  timer.hidden = false;
  stepsBox.hidden = true;
  after.hidden = true;

  function input(step) { return form.querySelector("#f-seconds_" + step.dataset.zone); }
  function planned(step) { return parseInt(step.dataset.seconds, 10); }
  function say(text) { el("timer-status").textContent = text; }

  function beep() {
    if (!el("timer-beep").checked) { return; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.08;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.15);
    } catch (e) { /* no sound on this browser: the visual cue is enough */ }
  }

  function cue() {
    timer.classList.add("cue");
    window.setTimeout(function () { timer.classList.remove("cue"); }, 700);
    beep();
  }

  function record() {
    if (index < 0 || index >= steps.length) { return; }
    var step = steps[index];
    input(step).value = String(Math.min(Math.floor(elapsed), planned(step)));
  }

  function show() {
    var step = steps[index], total = planned(step);
    el("timer-step").textContent = "Zone " + (index + 1) + " of " + steps.length;
    el("timer-label").textContent = step.dataset.label;
    el("timer-level").textContent = step.dataset.level ? ", speed level " + step.dataset.level : "";
    el("timer-position").textContent = step.dataset.position;
    el("timer-feel").textContent = step.dataset.feel;
    el("timer-left").textContent = String(Math.max(0, Math.ceil(total - elapsed)));
    var bar = el("timer-bar");
    bar.max = total;
    bar.value = Math.min(elapsed, total);
    var next = steps[index + 1];
    el("timer-next").textContent = next ? next.dataset.label : "the end";
  }

  function begin(n) {
    index = n;
    elapsed = 0;
    if (index >= steps.length) { finish("All zones done."); return; }
    show();
    cue();
    say("Now: " + steps[index].dataset.label + ".");
  }

  function tick() {
    var now = performance.now();
    if (!paused) { elapsed += (now - last) / 1000; }
    last = now;
    record();
    if (elapsed >= planned(steps[index])) { begin(index + 1); return; }
    show();
  }

  function finish(text) {
    record();
    window.clearInterval(ticking);
    ticking = null;
    Object.keys(buttons).forEach(function (k) { buttons[k].disabled = true; });
    stepsBox.hidden = false;
    after.hidden = false;
    say(text + " Rate your pain and save what you did.");
    el("f-pain_during").focus();
  }

  buttons.start.addEventListener("click", function () {
    steps.forEach(function (step) { input(step).value = "0"; });
    buttons.start.disabled = true;
    buttons.pause.disabled = buttons.skip.disabled = buttons.stop.disabled = false;
    last = performance.now();
    begin(0);
    ticking = window.setInterval(tick, 200);
  });
  buttons.pause.addEventListener("click", function () {
    paused = !paused;
    buttons.pause.textContent = paused ? "Resume" : "Pause";
    say(paused ? "Paused." : "Going on.");
  });
  buttons.skip.addEventListener("click", function () {
    record();
    begin(index + 1);
  });
  buttons.stop.addEventListener("click", function () { finish("Stopped."); });
})();
