// backrub guided self-massage timer. Enhances the form on /guided/run: a countdown per
// zone fills in the seconds actually done; the server decides what counts anyway (each
// zone capped at the plan, and counted only after its least time, data-least per step).
// Stop offers Resume, Start this zone again (earlier zones keep their time) and Save. The beep is on by default (someone lying on
// a roller cannot watch the screen); turning it off is remembered in this browser.
// No inline script or style (the page's CSP forbids both); no sound files (WebAudio).
(function () {
  "use strict";
  var form = document.getElementById("guided");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("li.step"));
  if (!steps.length) { return; }
  var el = function (id) { return document.getElementById(id); };
  var timer = el("timer"), stepsBox = el("steps"), after = el("after"), beepBox = el("timer-beep");
  var buttons = {
    start: el("timer-start"), pause: el("timer-pause"), skip: el("timer-skip"),
    stop: el("timer-stop"), resume: el("timer-resume"), restart: el("timer-restart")
  };
  var BEEP_KEY = "backrub.guided.beep";
  // Every word the timer says comes from the page (data-words, in the person's language).
  var WORDS = {};
  try { WORDS = JSON.parse(timer.dataset.words || "{}"); } catch (e) { WORDS = {}; }
  function words(key, values) {
    var text = WORDS[key] || "";
    if (typeof text !== "string") { text = values && values.count === 1 ? text.one : text.other; }
    return String(text).replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }
  var index = -1, elapsed = 0, last = 0, paused = false, ticking = null, audio = null;

  timer.hidden = false;
  stepsBox.hidden = true;
  after.hidden = true;

  try {
    if (window.localStorage.getItem(BEEP_KEY) === "off") { beepBox.checked = false; }
  } catch (e) { /* storage blocked: the beep stays on */ }
  beepBox.addEventListener("change", function () {
    try { window.localStorage.setItem(BEEP_KEY, beepBox.checked ? "on" : "off"); } catch (e) { /* not remembered */ }
    if (beepBox.checked) { sound(); beep(); }
  });

  function input(step) { return form.querySelector("#f-seconds_" + step.dataset.zone); }
  function planned(step) { return parseInt(step.dataset.seconds, 10); }
  function least(step) { return parseInt(step.dataset.least, 10); }
  function done(step) { return parseInt(input(step).value, 10) || 0; }
  function say(text) { el("timer-status").textContent = text; }
  function secs(n) { return words("seconds", { sec: n }) || n + " s"; }

  // The AudioContext is made on a click (browsers allow sound only after one).
  function sound() {
    if (audio) { return; }
    try {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    } catch (e) { audio = null; }
  }

  function beep() {
    if (!beepBox.checked || !audio) { return; }
    try {
      if (audio.state === "suspended") { audio.resume(); }
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.12;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.2);
      // How many beeps played: lets a browser test hear the beep without a speaker.
      timer.dataset.beeps = String((parseInt(timer.dataset.beeps, 10) || 0) + 1);
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

  function showPicture(step) {
    var boxes = el("timer-picture").querySelectorAll(".step-picture");
    Array.prototype.forEach.call(boxes, function (box) {
      box.hidden = box.dataset.zone !== step.dataset.zone;
    });
  }

  function showNext() {
    var next = steps[index + 1];
    el("timer-next").textContent = next ? next.dataset.label : words("end");
    el("timer-next-time").textContent = next ? ", " + secs(planned(next)) : "";
    el("timer-next-position").textContent = next ? next.dataset.position : "";
  }

  function show() {
    var step = steps[index], total = planned(step), need = least(step);
    el("timer-step").textContent = words("zone_of", { num: index + 1, total: steps.length });
    el("timer-label").textContent = step.dataset.label;
    el("timer-level").textContent = step.dataset.level ? words("level", { level: step.dataset.level }) : "";
    el("timer-position").textContent = step.dataset.position;
    el("timer-feel").textContent = step.dataset.feel;
    el("timer-left").textContent = String(Math.max(0, Math.ceil(total - elapsed)));
    el("timer-unit").textContent = words("left");
    el("timer-counts").textContent = elapsed >= need
      ? words("counts_now")
      : words("counts_after", { need: secs(need), left: secs(Math.ceil(need - elapsed)) });
    var bar = el("timer-bar");
    bar.max = total;
    bar.value = Math.min(elapsed, total);
    showPicture(step);
    showNext();
  }

  function begin(n, at) {
    index = n;
    elapsed = at || 0;
    if (index >= steps.length) { end(); return; }
    show();
    cue();
    say(words("now", { label: steps[index].dataset.label }));
  }

  function tick() {
    var now = performance.now();
    if (!paused) { elapsed += (now - last) / 1000; }
    last = now;
    record();
    if (elapsed >= planned(steps[index])) { begin(index + 1); return; }
    show();
  }

  function run() {
    paused = false;
    buttons.pause.textContent = words("pause");
    last = performance.now();
    ticking = window.setInterval(tick, 200);
  }

  function halt() {
    record();
    window.clearInterval(ticking);
    ticking = null;
  }

  function running(on) {
    buttons.start.hidden = true;
    buttons.pause.hidden = buttons.skip.hidden = buttons.stop.hidden = !on;
    buttons.pause.disabled = buttons.skip.disabled = buttons.stop.disabled = !on;
    buttons.resume.hidden = buttons.restart.hidden = on;
    stepsBox.hidden = after.hidden = on;
  }

  // What the ending says depends on what was really done.
  function summary() {
    var counted = [], short = [];
    steps.forEach(function (step) {
      var s = done(step);
      if (s >= least(step)) { counted.push(step); } else if (s > 0) { short.push(step); }
    });
    var said = [];
    if (counted.length === steps.length && counted.every(function (s) { return done(s) >= planned(s); })) {
      said.push(words("whole_plan"));
    } else if (counted.length) {
      said.push(words("so_far", { count: counted.length, total: steps.length }));
    }
    short.forEach(function (step) {
      said.push(words("short", { label: step.dataset.label, done: secs(done(step)), need: secs(least(step)) }));
    });
    if (!counted.length && !short.length) {
      said.push(words("nothing"));
    }
    return said.join(" ");
  }

  function stop() {
    halt();
    running(false);
    var more = index < steps.length;
    buttons.resume.hidden = buttons.restart.hidden = !more;
    // The same early-stop words as the saved page and the CLI (from the server).
    var early = el("timer-status").dataset.stoppedEarly || "";
    say(words("stopped") + " " + summary() + " " + early + (more ? " " + words("can_resume") : ""));
    (more ? buttons.resume : el("f-pain_during")).focus();
  }

  function end() {
    halt();
    running(false);
    buttons.resume.hidden = buttons.restart.hidden = true;
    cue();
    el("timer-left").textContent = words("done");
    el("timer-unit").textContent = "";
    say(words("all_done") + " " + summary() + " " + words("rate"));
    el("f-pain_during").focus();
  }

  function startFrom(n, at) {
    sound();
    running(true);
    begin(n, at);
    run();
  }

  buttons.start.addEventListener("click", function () {
    steps.forEach(function (step) { input(step).value = "0"; });
    startFrom(0, 0);
    buttons.pause.focus();
  });
  buttons.pause.addEventListener("click", function () {
    paused = !paused;
    buttons.pause.textContent = paused ? words("resume") : words("pause");
    say(paused ? words("paused") : words("going_on"));
  });
  buttons.skip.addEventListener("click", function () {
    record();
    last = performance.now();
    begin(index + 1);
  });
  buttons.stop.addEventListener("click", stop);
  buttons.resume.addEventListener("click", function () {
    running(true);
    show();
    say(words("going_on_with", { label: steps[index].dataset.label }));
    run();
    buttons.pause.focus();
  });
  // Start again restarts the current zone only: earlier zones keep their recorded time, and
  // this zone goes on from what it has, so no zone (and no day) gets more than its plan.
  buttons.restart.addEventListener("click", function () {
    var n = Math.min(index, steps.length - 1);
    startFrom(n, done(steps[n]));
    buttons.pause.focus();
  });
})();
