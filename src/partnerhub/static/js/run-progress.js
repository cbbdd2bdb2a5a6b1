/* Progress of a background run (workshop assignment, participant selection), progressive
   enhancement only: without JavaScript the page offers a reload link.

   `[data-run-progress]` carries `data-status-url`, a small JSON document
   {status_label, stage_label, progress, finished}. Every two seconds the page asks it, shows
   the stage in the `[data-run-stage]` live region and the percentage in the <progress>
   element, and reloads once the run has finished (the page then shows the result). */
(function () {
  "use strict";

  var INTERVAL_MS = 2000;

  function start(box) {
    var url = box.getAttribute("data-status-url");
    var stage = box.querySelector("[data-run-stage]");
    var bar = box.querySelector("progress");
    if (!url || !window.fetch) {
      return;
    }
    function poll() {
      window
        .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (data.finished) {
            window.location.reload();
            return;
          }
          if (bar) {
            bar.value = data.progress;
            bar.textContent = data.progress + " %";
          }
          if (stage) {
            stage.textContent = data.status_label + " – " + data.stage_label + " (" + data.progress + " %)";
          }
          window.setTimeout(poll, INTERVAL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, INTERVAL_MS * 3);
        });
    }
    window.setTimeout(poll, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("[data-run-progress]");
    for (var i = 0; i < boxes.length; i += 1) {
      start(boxes[i]);
    }
  });
})();
