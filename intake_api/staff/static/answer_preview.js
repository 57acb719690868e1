// Live preview of an answer while the editor writes: the server fills the placeholders exactly as
// the bot will (the page works without this script; "Forhåndsvis" does the same on request).
(function () {
  "use strict";
  var form = document.getElementById("svarskjema");
  var target = document.getElementById("forhandsvisning-innhold");
  if (!form || !target || !window.fetch) { return; }
  var timer = null;
  var latest = 0;
  function refresh() {
    var asked = ++latest;
    fetch(form.getAttribute("data-preview"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && asked === latest) { target.innerHTML = html; }
      })
      .catch(function () { /* the saved preview stays; saving checks everything again */ });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
})();
