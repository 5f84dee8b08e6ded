// Copy buttons (the trial's seed and hash): <button data-copy="ID" hidden> copies the
// text of #ID and says so in #ID-status. Without this script the buttons stay hidden
// and the text is still there to select. No inline script: the pages' CSP allows none.
"use strict";
(function () {
  function select(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const chosen = window.getSelection();
    chosen.removeAllRanges();
    chosen.addRange(range);
  }
  function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copy + "-status");
    if (!source || !status) return;
    const failed = function () {
      select(source);
      status.textContent = button.dataset.failed;
    };
    if (!navigator.clipboard) {
      failed();
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      status.textContent = button.dataset.done;
    }, failed);
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
