// While a training runs, refresh its status every five seconds; when it has ended, load the page
// once more so the buttons and counts fit the new model (the page works without this script).
(function () {
  "use strict";
  var region = document.getElementById("treningsstatus");
  if (!region || !window.fetch) { return; }
  function running() {
    var jobs = document.getElementById("treninger");
    return jobs && jobs.getAttribute("data-running") === "yes";
  }
  function poll() {
    if (!running()) { return; }
    fetch("/staff/editor/model/status", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) { region.innerHTML = html; }
        if (!running()) { window.location.reload(); }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 5000);
})();
