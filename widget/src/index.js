// Innbyggerdialog chat widget: one script tag on any kommune page.
//
//   <script src="https://…/widget/innbyggerdialog.js" defer
//     data-socket-url="https://bot.example.no" data-api-url="https://api.example.no"
//     data-privacy-url="https://…/personvern" data-retention-days="21"
//     data-contact-name="Servicetorget" data-contact-phone="…" data-contact-email="…"></script>
//
// Talks to Rasa's socket.io channel (session_persistence: true), keeps the
// transcript in sessionStorage, and never puts bot or resident text into HTML.

import { io } from "socket.io-client";
import { LOCALES, STRINGS, TIME_OPTIONS, format, pickLanguage } from "./i18n.js";
import { emptyState, loadState, saveState } from "./store.js";
import { appendRichText, safeUrl } from "./text.js";

/* global __WIDGET_VERSION__ */
const VERSION = typeof __WIDGET_VERSION__ === "string" ? __WIDGET_VERSION__ : "dev"; // set by build.mjs
const OFFLINE_GRACE_MS = 1500; // a quick reconnect shows nothing
const REPLY_TIMEOUT_MS = 25000; // no answer at all after this: say so

function readConfig(script) {
  const d = script.dataset;
  const days = parseInt(d.retentionDays || "", 10);
  let origin = "";
  try {
    origin = new URL(script.src, document.baseURI).origin;
  } catch (_) {
    // inline script: no default API origin
  }
  return {
    socketUrl: d.socketUrl || "",
    socketPath: d.socketPath || "/socket.io",
    // The widget is served by the intake API, so its origin is the API by default.
    apiUrl: (d.apiUrl || origin).replace(/\/+$/, ""),
    privacyUrl: d.privacyUrl ? safeUrl(d.privacyUrl, document.baseURI) : null,
    retentionDays: Number.isFinite(days) && days > 0 ? days : null,
    contactName: d.contactName || "",
    contactPhone: d.contactPhone || "",
    contactEmail: d.contactEmail || "",
    lang: pickLanguage(d.lang || document.documentElement.lang),
    stylesheet: d.stylesheet !== undefined ? d.stylesheet : (script.src || "").replace(/\.js(\?.*)?$/, ".css$1"),
  };
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
function icon(d) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "idlg-icon");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  svg.appendChild(path);
  return svg;
}
const CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
const CLOSE_ICON = "M6 6l12 12M18 6L6 18";

function start(cfg, api) {
  const t = STRINGS[cfg.lang];
  const timeFormat = new Intl.DateTimeFormat(LOCALES[cfg.lang], TIME_OPTIONS[cfg.lang]);
  const dateFormat = new Intl.DateTimeFormat(LOCALES[cfg.lang], { day: "numeric", month: "short" });
  let state = loadState();
  let socket = null;
  let confirmed = false;
  let offlineShown = false;
  let offlineTimer = null;
  let typingTimer = null;

  // -- the DOM ------------------------------------------------------------
  const launcher = h(
    "button",
    { type: "button", class: "idlg-launcher", "aria-haspopup": "dialog", "aria-controls": "idlg-panel" },
    icon(CHAT_ICON),
    h("span", { text: t.launcher }),
  );
  const closeButton = h(
    "button",
    { type: "button", class: "idlg-close" },
    icon(CLOSE_ICON),
    h("span", { class: "idlg-vh", text: t.close }),
  );
  const privacy = h("p", { class: "idlg-privacy" }, cfg.retentionDays ? format(t.privacy, { days: cfg.retentionDays }) : t.privacyNoDays);
  if (cfg.privacyUrl) privacy.append(" ", link(cfg.privacyUrl, t.privacyLink));
  const intro = h("div", { class: "idlg-intro" }, h("p", { class: "idlg-greeting", text: t.greeting }), privacy);
  const list = h("ol", { class: "idlg-messages" });
  const typing = h(
    "div",
    { class: "idlg-typing", hidden: true },
    h("span", { class: "idlg-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
    h("span", { text: t.typing }),
  );
  // The conversation is a chat log (WCAG technique ARIA23): screen readers read each new message
  // as it is added. Bot messages are therefore not announced again through the live region below.
  const log = h(
    "div",
    { class: "idlg-log", tabindex: "0", role: "log", "aria-live": "polite", "aria-label": t.log },
    intro,
    list,
    typing,
  );
  const notice = h("div", { class: "idlg-notice", hidden: true });
  const input = h("input", {
    id: "idlg-input",
    class: "idlg-input",
    type: "text",
    autocomplete: "off",
    enterkeyhint: "send",
    maxlength: "2000",
    placeholder: t.input,
  });
  const form = h(
    "form",
    { class: "idlg-form" },
    h("label", { for: "idlg-input", class: "idlg-vh", text: t.input }),
    input,
    h("button", { type: "submit", class: "idlg-send", text: t.send }),
  );
  const deleteButton = h("button", { type: "button", class: "idlg-delete", text: t.del });
  const confirmYes = h("button", { type: "button", class: "idlg-confirm-yes", text: t.delYes });
  const confirmNo = h("button", { type: "button", class: "idlg-confirm-no", text: t.delNo });
  const confirmBox = h(
    "div",
    { class: "idlg-confirm", role: "group", "aria-labelledby": "idlg-delete-question", hidden: true },
    h("p", { id: "idlg-delete-question", text: t.delAsk }),
    h("div", { class: "idlg-confirm-buttons" }, confirmYes, confirmNo),
  );
  const footer = h("div", { class: "idlg-footer" }, deleteButton, confirmBox);
  const panel = h(
    "section",
    { id: "idlg-panel", class: "idlg-panel", role: "dialog", "aria-labelledby": "idlg-title", hidden: true },
    h("div", { class: "idlg-header" }, h("h2", { id: "idlg-title", class: "idlg-title", text: t.title }), closeButton),
    log,
    notice,
    form,
    footer,
  );
  // Announcements for screen readers of what is not in the log: connection changes, no reply, deletion.
  const live = h("div", { class: "idlg-vh idlg-live", "aria-live": "polite" });
  const root = h("div", { class: "idlg-root", lang: cfg.lang, hidden: true }, launcher, panel, live);

  // Show the widget once its stylesheet is there (no flash of unstyled buttons).
  if (cfg.stylesheet) {
    const css = h("link", { rel: "stylesheet", href: cfg.stylesheet });
    const show = () => {
      root.removeAttribute("hidden");
      isFullScreen();
    };
    css.addEventListener("load", show);
    css.addEventListener("error", show);
    setTimeout(show, 3000);
    document.head.appendChild(css);
  } else {
    root.removeAttribute("hidden");
  }
  document.body.appendChild(root);

  // -- events -------------------------------------------------------------
  launcher.addEventListener("click", () => open(true));
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Tab") keepFocusInFullScreenPanel(event);
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelDelete();
    else close();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = "";
    send(text, text);
  });
  deleteButton.addEventListener("click", askDelete);
  confirmNo.addEventListener("click", cancelDelete);
  confirmYes.addEventListener("click", deleteConversation);
  window.addEventListener("offline", () => {
    // The browser knows the network is gone: stop now instead of waiting for a ping timeout.
    if (socket) socket.disconnect();
    confirmed = false;
    showOffline();
  });
  window.addEventListener("resize", () => isFullScreen());
  window.addEventListener("online", () => {
    if (socket && !socket.connected) socket.connect();
  });

  api.open = () => open(true);
  api.close = close;

  renderAll();
  if (state.open) open(false); // continue the conversation on the next page, without moving focus
  else if (state.outbox.length) connect();

  // -- panel ----------------------------------------------------------------
  function open(moveFocus) {
    if (panel.hidden) {
      panel.hidden = false;
      launcher.hidden = true;
      state.open = true;
      save();
      isFullScreen();
      scrollToEnd();
    }
    connect();
    if (moveFocus) input.focus();
  }

  function close() {
    if (panel.hidden) return;
    if (!confirmBox.hidden) cancelDelete(false);
    panel.hidden = true;
    launcher.hidden = false;
    state.open = false;
    save();
    launcher.focus();
  }

  // On a phone (or at high zoom) the panel covers the page: Tab then cycles inside it,
  // so focus never lands on page links hidden underneath.
  function isFullScreen() {
    const full = !panel.hidden && panel.offsetWidth >= window.innerWidth - 1;
    panel.setAttribute("aria-modal", full ? "true" : "false");
    return full;
  }

  function keepFocusInFullScreenPanel(event) {
    if (!isFullScreen()) return;
    const focusable = [...panel.querySelectorAll("a[href], button, input, [tabindex='0']")].filter(
      (el) => !el.disabled && el.getClientRects().length > 0,
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // -- the conversation -----------------------------------------------------
  function send(payload, shown) {
    hideNotice("deleted", "delete-failed");
    const message = { id: nextId(), who: "user", text: shown, ts: Date.now() };
    state.messages.push(message);
    state.outbox.push({ id: message.id, payload });
    save();
    list.querySelectorAll(".idlg-replies").forEach((el) => el.remove());
    list.append(renderMessage(message, false));
    markPending();
    scrollToEnd();
    connect();
    flush();
  }

  // Each queued message is emitted once, only on a confirmed session, and taken
  // off the queue (persisted) as it is emitted.
  function flush() {
    if (!socket || !socket.connected || !confirmed || !state.sessionId) return;
    while (state.outbox.length) {
      const item = state.outbox.shift();
      save();
      socket.emit("user_uttered", {
        message: item.payload,
        session_id: state.sessionId,
        metadata: { language: cfg.lang },
      });
      showTyping();
    }
    markPending();
  }

  function receive(data) {
    if (!data || typeof data !== "object") return;
    let text = typeof data.text === "string" ? data.text : "";
    const attachment = data.attachment && data.attachment.payload;
    if (!text && attachment && typeof attachment.src === "string" && safeUrl(attachment.src)) {
      text = `[${t.image}](${attachment.src})`;
    }
    const raw = Array.isArray(data.quick_replies) ? data.quick_replies : Array.isArray(data.buttons) ? data.buttons : [];
    const buttons = raw
      .filter((b) => b && typeof b.title === "string" && (typeof b.payload === "string" || typeof b.payload === "number"))
      .map((b) => ({ title: b.title, payload: String(b.payload) }));
    if (!text && !buttons.length) return;
    const message = { id: nextId(), who: "bot", text, ts: Date.now() };
    if (buttons.length) message.buttons = buttons;
    state.messages.push(message);
    save();
    hideTyping();
    hideNotice("noreply");
    list.append(renderMessage(message, true)); // the log (role="log") reads it out
    scrollToMessage(list.lastElementChild);
  }

  function renderAll() {
    list.textContent = "";
    let lastUser = -1;
    state.messages.forEach((m, i) => {
      if (m.who === "user") lastUser = i;
    });
    state.messages.forEach((m, i) => list.append(renderMessage(m, i > lastUser)));
    markPending();
  }

  function renderMessage(m, withButtons) {
    const when = new Date(m.ts);
    const sameDay = when.toDateString() === new Date().toDateString();
    const stamp = (sameDay ? "" : dateFormat.format(when) + " ") + `${t.at} ${timeFormat.format(when)}`;
    const bubble = h("p", { class: "idlg-bubble" });
    if (m.who === "bot") appendRichText(bubble, m.text, t.newTab);
    else bubble.textContent = m.text;
    const item = h(
      "li",
      { class: `idlg-msg idlg-${m.who}`, "data-id": m.id },
      h(
        "p",
        { class: "idlg-meta" },
        h("span", { class: "idlg-who", text: m.who === "bot" ? t.bot : t.you }),
        " ",
        h("time", { datetime: when.toISOString(), text: stamp }),
      ),
      bubble,
    );
    if (!m.text) bubble.remove();
    if (withButtons && m.buttons && m.buttons.length) {
      const group = h("div", { class: "idlg-replies", role: "group", "aria-label": t.replies });
      for (const b of m.buttons) {
        group.append(
          h("button", {
            type: "button",
            class: "idlg-reply",
            text: b.title,
            onclick: () => {
              send(b.payload, b.title);
              input.focus(); // the buttons are gone; keep the keyboard in the conversation
            },
          }),
        );
      }
      item.append(group);
    }
    return item;
  }

  // "Sendes når forbindelsen er tilbake" under each message still in the queue.
  function markPending() {
    const pending = new Set(state.outbox.map((o) => o.id));
    list.querySelectorAll(".idlg-user").forEach((item) => {
      const note = item.querySelector(".idlg-queued");
      const waiting = pending.has(item.getAttribute("data-id"));
      if (waiting && !note) item.append(h("p", { class: "idlg-queued", text: t.queued }));
      if (!waiting && note) note.remove();
    });
  }

  // -- the connection -------------------------------------------------------
  function connect() {
    if (socket) {
      if (!socket.connected && !socket.active && navigator.onLine !== false) socket.connect();
      return;
    }
    if (!cfg.socketUrl) {
      showOffline();
      return;
    }
    socket = io(cfg.socketUrl, {
      path: cfg.socketPath,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      timeout: 10000,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
    });
    socket.on("connect", () => {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", (data) => {
      const id = typeof data === "string" ? data : data && data.session_id;
      if (typeof id !== "string" || !id) return;
      if (state.sessionId !== id) {
        state.sessionId = id;
        save();
      }
      confirmed = true;
      showOnline();
      flush();
    });
    socket.on("bot_uttered", receive);
    socket.on("disconnect", (reason) => {
      confirmed = false;
      hideTyping();
      if (reason === "io client disconnect") return; // we closed it ourselves
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => {
        if (!confirmed) showOffline();
      }, OFFLINE_GRACE_MS);
    });
    socket.on("connect_error", () => {
      confirmed = false;
      showOffline();
    });
  }

  function showOffline() {
    markPending();
    if (offlineShown) return;
    offlineShown = true;
    hideTyping();
    showNotice("offline", t.offline, true);
    announce(`${t.offline} ${contactText()}`);
  }

  function showOnline() {
    clearTimeout(offlineTimer);
    if (!offlineShown) return;
    offlineShown = false;
    hideNotice("offline");
    announce(t.reconnected);
  }

  function showTyping() {
    typing.hidden = false;
    scrollToEnd();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      hideTyping();
      if (!offlineShown) {
        showNotice("noreply", t.noReply, true);
        announce(`${t.noReply} ${contactText()}`);
      }
    }, REPLY_TIMEOUT_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    typing.hidden = true;
  }

  // -- notices: offline, noreply, deleted, delete-failed ---------------------------
  function showNotice(kind, text, withContact) {
    notice.textContent = "";
    notice.setAttribute("data-kind", kind);
    notice.append(h("p", { text }));
    if (withContact) notice.append(contactParagraph());
    notice.hidden = false;
  }

  function hideNotice(...kinds) {
    if (kinds.includes(notice.getAttribute("data-kind"))) {
      notice.hidden = true;
      notice.removeAttribute("data-kind");
    }
  }

  function contactName() {
    return cfg.contactName || t.contactFallbackName;
  }

  function contactParagraph() {
    const p = h("p", { class: "idlg-contact" }, format(t.contact, { name: contactName() }));
    if (cfg.contactPhone) {
      p.append(" ", `${t.phone} `, h("a", { href: `tel:${cfg.contactPhone.replace(/[^\d+]/g, "")}`, text: cfg.contactPhone }));
    }
    if (cfg.contactEmail) {
      p.append(cfg.contactPhone ? ", " : " ", `${t.email} `, h("a", { href: `mailto:${cfg.contactEmail}`, text: cfg.contactEmail }));
    }
    if (!cfg.contactPhone && !cfg.contactEmail) return p;
    p.append(".");
    return p;
  }

  function contactText() {
    return contactParagraph().textContent;
  }

  // -- deleting the conversation ------------------------------------------------
  function askDelete() {
    deleteButton.hidden = true;
    confirmBox.hidden = false;
    confirmYes.focus();
  }

  function cancelDelete(moveFocus = true) {
    confirmBox.hidden = true;
    deleteButton.hidden = false;
    if (moveFocus) deleteButton.focus();
  }

  async function deleteConversation() {
    const id = state.sessionId;
    // Stop the old session first so nothing more arrives for it, and forget it here.
    if (socket) socket.disconnect();
    confirmed = false;
    hideTyping();
    state = emptyState();
    state.open = !panel.hidden;
    save();
    renderAll();
    confirmBox.hidden = true;
    deleteButton.hidden = false;
    input.focus();
    let ok = true;
    if (id) {
      try {
        // The id goes in the body, never in the address: holding it is the permission to delete,
        // and addresses end up in access logs (the API's, proxies').
        const response = await fetch(`${cfg.apiUrl}/api/v1/conversations/delete`, {
          method: "POST",
          credentials: "omit",
          headers: { Accept: "application/json", "Content-Type": "application/json" },
          body: JSON.stringify({ conversation_id: id }),
        });
        ok = response.ok;
      } catch (_) {
        ok = false;
      }
    }
    const failed = cfg.retentionDays
      ? format(t.delFailed, { days: cfg.retentionDays, name: contactName() })
      : format(t.delFailedNoDays, { name: contactName() });
    const text = ok ? t.deleted : failed;
    showNotice(ok ? "deleted" : "delete-failed", text, false);
    announce(text);
    connect(); // a new session id
  }

  // -- helpers ------------------------------------------------------------------
  function link(href, text) {
    return h(
      "a",
      { href, target: "_blank", rel: "noopener noreferrer" },
      text,
      h("span", { class: "idlg-vh", text: ` ${t.newTab}` }),
    );
  }

  function announce(text) {
    const p = h("p", { text });
    live.append(p);
    while (live.childElementCount > 3) live.firstElementChild.remove();
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // A long answer is shown from its start, a short one by scrolling to the end.
  function scrollToMessage(item) {
    if (item && item.offsetHeight > log.clientHeight - 16) log.scrollTop = item.offsetTop - 8;
    else scrollToEnd();
  }

  function nextId() {
    state.seq += 1;
    return `m${state.seq}`;
  }

  function save() {
    saveState(state);
  }
}

// Boot last, once every constant above is defined.
(function () {
  if (window.Innbyggerdialog) return; // the snippet was included twice
  const script = document.currentScript || document.querySelector("script[data-socket-url]");
  if (!script) return;
  const cfg = readConfig(script);
  const api = { version: VERSION, open: () => {}, close: () => {} };
  window.Innbyggerdialog = api;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start(cfg, api));
  else start(cfg, api);
})();
