// Minimal chat widget for the demo page: talks to Rasa's socket.io channel.
// The full accessible widget is its own piece of work; this one already keeps
// text as text (never innerHTML) and announces new messages to screen readers.
(function () {
  "use strict";
  var script = document.currentScript;
  var socketUrl = script.getAttribute("data-socket-url");
  var storageKey = "innbyggerdialog-session";

  var launcher = el("button", { class: "chat-launcher", type: "button", "aria-expanded": "false", "aria-controls": "chat-panel" }, "Chat med oss");
  var panel = el("section", { class: "chat-panel", id: "chat-panel", "aria-label": "Chat med kommunen", hidden: "" });
  var heading = el("h2", { tabindex: "-1" }, "Chat med kommunen");
  var log = el("div", { class: "chat-log", role: "log", "aria-live": "polite" });
  var form = el("form", { class: "chat-form" });
  var label = el("label", { for: "chat-input", class: "visually-hidden" }, "Skriv meldingen din");
  var input = el("input", { id: "chat-input", type: "text", autocomplete: "off" });
  var send = el("button", { type: "submit" }, "Send");
  form.append(label, input, send);
  panel.append(heading, log, form);
  document.body.append(launcher, panel);

  var socket = io(socketUrl, { transports: ["websocket", "polling"] });
  var sessionId = sessionStorage.getItem(storageKey);
  socket.on("connect", function () { socket.emit("session_request", { session_id: sessionId }); });
  socket.on("session_confirm", function (data) {
    sessionId = (data && data.session_id) || data;
    sessionStorage.setItem(storageKey, sessionId);
  });
  socket.on("bot_uttered", function (msg) {
    if (msg.text) { add("bot", msg.text); }
    var buttons = msg.quick_replies || msg.buttons;
    if (buttons && buttons.length) {
      var box = el("div", { class: "quick-replies" });
      buttons.forEach(function (b) {
        var button = el("button", { type: "button" }, b.title);
        button.addEventListener("click", function () { sendMessage(b.payload, b.title); box.remove(); });
        box.append(button);
      });
      log.append(box);
    }
  });

  launcher.addEventListener("click", function () {
    var open = panel.hasAttribute("hidden");
    if (open) { panel.removeAttribute("hidden"); input.focus(); } else { panel.setAttribute("hidden", ""); }
    launcher.setAttribute("aria-expanded", String(open));
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { sendMessage(text, text); input.value = ""; }
  });

  function sendMessage(payload, shown) {
    add("user", shown);
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
  }
  function add(who, text) {
    var p = el("p", { class: "msg " + who }, text);
    log.append(p);
    log.scrollTop = log.scrollHeight;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }
})();
