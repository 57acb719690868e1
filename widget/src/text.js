// Bot text → DOM nodes. Everything is a text node except links: a Markdown link
// [title](url) or a bare http(s) URL becomes <a>, and only when the address is
// http or https. Nothing is ever parsed as HTML.

const LINK = /\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)|\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?»”"'’]+$/;

/**
 * The http(s) address, or null for anything else (javascript:, data:, mailto: …).
 * Without `base` only absolute addresses count.
 */
export function safeUrl(raw, base) {
  let url;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch (_) {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/** Bare URLs often end with the sentence's punctuation or a closing bracket. */
function trimUrl(raw) {
  let url = raw.replace(TRAILING, "");
  while (url.endsWith(")") && count(url, "(") < count(url, ")")) url = url.slice(0, -1).replace(TRAILING, "");
  return url;
}

function count(s, ch) {
  return s.split(ch).length - 1;
}

/**
 * Split text into parts: {text} or {text, href}. Exported for tests and for the
 * widget; the widget turns the parts into text nodes and <a> elements.
 */
export function parseLinks(text) {
  const parts = [];
  let last = 0;
  LINK.lastIndex = 0;
  for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
    let start = m.index;
    let whole = m[0];
    let label;
    let href;
    if (m[1] !== undefined) {
      label = m[1];
      href = safeUrl(m[2]);
    } else {
      whole = trimUrl(whole);
      label = whole;
      href = safeUrl(whole);
      LINK.lastIndex = start + whole.length;
    }
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push(href ? { text: label, href } : { text: label });
    last = start + whole.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

// Codes such as a reference "SKA-F37J76" must not break at the hyphen.
const CODE = /\b[A-ZÆØÅ]{2,5}-[0-9A-Z]{4,10}\b/g;

function appendText(parent, text) {
  let last = 0;
  CODE.lastIndex = 0;
  for (let m = CODE.exec(text); m; m = CODE.exec(text)) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    const code = document.createElement("span");
    code.className = "idlg-nowrap";
    code.textContent = m[0];
    parent.appendChild(code);
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/** Append the text to `parent`, links made safe and marked as opening in a new tab. */
export function appendRichText(parent, text, newTabNote) {
  for (const part of parseLinks(text)) {
    if (!part.href) {
      appendText(parent, part.text);
      continue;
    }
    const a = document.createElement("a");
    a.href = part.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = part.text;
    const note = document.createElement("span");
    note.className = "idlg-vh";
    note.textContent = " " + newTabNote;
    a.appendChild(note);
    parent.appendChild(a);
  }
}
