// The conversation in sessionStorage: it survives reloads and navigation within
// the site (same tab), and is gone when the tab closes. When storage is blocked
// (some privacy modes) the widget still works, just without persistence.

const KEY = "innbyggerdialog:v1";
const MAX_MESSAGES = 200;

export function emptyState() {
  return { sessionId: null, messages: [], outbox: [], open: false, seq: 0 };
}

export function loadState() {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return emptyState();
    const data = JSON.parse(raw);
    const state = emptyState();
    if (typeof data.sessionId === "string" && /^[\w-]{1,128}$/.test(data.sessionId)) state.sessionId = data.sessionId;
    if (Array.isArray(data.messages)) state.messages = data.messages.filter(validMessage);
    if (Array.isArray(data.outbox)) state.outbox = data.outbox.filter((o) => o && typeof o.payload === "string");
    state.open = data.open === true;
    state.seq = Number.isInteger(data.seq) ? data.seq : state.messages.length;
    return state;
  } catch (_) {
    return emptyState();
  }
}

export function saveState(state) {
  if (state.messages.length > MAX_MESSAGES) state.messages.splice(0, state.messages.length - MAX_MESSAGES);
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch (_) {
    // Storage full or blocked: keep going in memory.
  }
}

function validMessage(m) {
  return (
    m &&
    (m.who === "bot" || m.who === "user") &&
    typeof m.text === "string" &&
    typeof m.ts === "number" &&
    (m.buttons === undefined || Array.isArray(m.buttons))
  );
}
