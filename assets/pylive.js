// @ts-check
/**
 * pylive client runtime.
 *
 * Connects the page's WebSocket, applies the server's messages to the DOM and forwards DOM events,
 * as docs/protocol.md defines them. It never diffs: the server owns the tree and sends the exact
 * operations to apply. Reads top to bottom: constants, state, connect, receive, apply, send, hooks,
 * start.
 */

// --- constants --------------------------------------------------------------------------------
// Shared with the server (pylive/live/protocol.py); tests/live/test_client_constants.py reads the
// `const NAME = value;` lines of this block and checks them against it, so keep one a line.

// Patch op codes (docs/protocol.md, "Patch message").
const OP_TEXT = 0;
const OP_SET_ATTR = 1;
const OP_REMOVE_ATTR = 2;
const OP_SET_PROP = 3;
const OP_INSERT = 4;
const OP_REMOVE = 5;
const OP_MOVE = 6;
const OP_REPLACE = 7;
const OP_INSERT_ITEMS = 8;
// Close codes (docs/protocol.md, "Close codes"). The first two need a fresh page; on any other
// close the runtime reconnects, so it never compares against the next two.
const CLOSE_BAD_TOKEN = 4401;
const CLOSE_REPLACED = 4409;
const CLOSE_OVERLOADED = 1013;
const CLOSE_RESTARTING = 1012;
const CLOSE_ABNORMAL = 1006; // no close frame: how the runtime also drops a socket it gives up on
// Names shared with the server's HTML, pylive.css and the tests.
const NODE_ID_ATTR = "data-pl";
const BINDINGS_ATTR = "data-pl-on";
const HOLES_ATTR = "data-pl-h";
const HOOK_ATTR = "hook";
const LOADING_CLASS = "pl-loading";
const VIEWPORT_ENTER = "viewport_enter";
const VIEWPORT_LEAVE = "viewport_leave";
const CLICK_AWAY = "click_away";
const LEAVE_ATTR = "data-pl-leave"; // pl.ConfirmLeave: ask before the page is left
const CONNECTED_CLASS = "pl-connected";
const DISCONNECTED_CLASS = "pl-disconnected";
const ROOT_ID = "pl-root";
const OVERLAY_ID = "pl-error-overlay";
const FAILED_ID = "pl-failed"; // "Something went wrong", after a failure of the server's code
const FAILED_MS = 6000;
// Uploads (docs/protocol.md, "Uploads"): a chunk frame is [CHUNK_FRAME][entry: u32][bytes].
const CHUNK_FRAME = 1;
const CHUNK_HEADER_BYTES = 5;
const UPLOAD_WINDOW = 4;
const READ_AHEAD = 1048576; // bytes of a file read at once (one read per block, not per chunk)
const UPLOAD_ATTR = "data-pl-upload";
const DROP_ATTR = "data-pl-drop";
const DROP_ACTIVE_CLASS = "pl-drop-active";
const SCROLL_KEY = "pl_y";
const RELOAD_PARAM = "pl_t";
const WINDOW_PREFIX = "window_";

const SVG_NS = "http://www.w3.org/2000/svg";
const MATH_NS = "http://www.w3.org/1998/Math/MathML";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
// Input types whose value property is the user's once set (the attribute only gives its default).
const VALUE_MODE = new Set(
  "text search tel url email password date month week time datetime-local number range color".split(" "),
);
const HEARTBEAT_MS = 30000;
const PONG_TIMEOUT_MS = 10000;
const MAX_UNSENT = 1000;
// Event types that do not bubble: caught in the capture phase, and only on their own target.
const NO_BUBBLE = new Set([
  "focus", "blur", "mouseenter", "mouseleave", "pointerenter", "pointerleave", "scroll", "scrollend",
  "load", "error", "toggle", "play", "pause", "ended", "timeupdate", "volumechange", "invalid",
  "viewport_enter", "viewport_leave",
]);
/** Control messages that change the page: numbered in the patches' sequence, sent again on a resume. */
const NUMBERED = new Set(["title", "nav", "push", "download", "cookie"]);
/** Milliseconds an event may wait for its reply before its element shows as loading (one frame). */
const LOADING_DELAY = 16;
/** Event types of which only the newest matters while they wait for room (see `pace`). */
const CONTINUOUS = new Set([
  "pointermove", "mousemove", "touchmove", "input", "scroll", "wheel", "drag", "dragover", "window_pointermove",
  "window_mousemove", "window_scroll", "window_resize",
]);

// --- state ------------------------------------------------------------------------------------

/**
 * @typedef {{p?: boolean, s?: boolean, d?: number, t?: number, k?: string[], l?: boolean, j?: string[][]}} Modifiers
 *   A binding's modifiers: preventDefault, stopPropagation, debounce ms, throttle ms, keys, local (the
 *   browser keeps the event), client commands to run.
 * @typedef {{shown?: boolean, classes: Map<string, boolean>, attrs: Map<string, string | null>}} Owned
 *   What client commands set on an element, which wins over the server's patches.
 * @typedef {{el: Element, target: Element | null, loading: boolean, sent: boolean, marked: boolean, frame: string}} Pending
 *   An event waiting for the message that answers it (`marked`: its element shows as loading).
 * @typedef {{el: Element, pushEvent: (event: string, payload?: any, options?: {latest?: boolean}) => void,
 *   handleEvent: (event: string, callback: (payload: any) => void) => void}} HookContext
 * @typedef {{mounted?: Function, updated?: Function, destroyed?: Function}} Hook
 */

const doc = document;
const htmlEl = doc.documentElement;
const root = /** @type {HTMLElement} */ (doc.getElementById(ROOT_ID));
const script = /** @type {HTMLScriptElement} */ (doc.querySelector("script[data-token]"));

/** The page's public handle: register hooks on `pylive.hooks` before the page goes live. */
const pylive = /** @type {any} */ (window).pylive || {};
pylive.hooks = pylive.hooks || {};
/** Milliseconds the last patch message took to apply (for benchmarks). */
pylive.lastApplyMs = 0;
/** Cookie session writes done for this page (tests wait on it). */
pylive.cookieWrites = 0;
/** @type {any} */ (window).pylive = pylive;

/** @type {Map<number, Element>} node id -> element */
const nodes = new Map();
// Where an element cloned from a template (op 8) keeps its node id: a property, not a `data-pl`
// attribute, since setting that attribute was half the cost of building the items.
const NODE_ID = Symbol("pylive node id");
let pruning = false; // a prune of the index is scheduled (after a bulk clear)
/** @type {Map<number, {html: string, parsed: Map<string, Source>}>} template number -> its HTML, prepared per namespace */
const templates = new Map();
/** @type {Map<number, Pending>} client event seq -> event waiting for its answer */
const pending = new Map();
/** @type {WeakMap<Element, string | null>} an element's own aria-busy while it shows as loading */
const busyBefore = new WeakMap();
/** @type {Set<string>} event types listened to on the document */
const listening = new Set();
/** @type {Map<string, Map<string, Modifiers>>} data-pl-on value -> type -> modifiers */
const parsedBindings = new Map();
/** @type {Map<Element, Map<string, [any, Function]>>} debounce timers and their events, by element and type */
const timers = new Map();
/** @type {WeakMap<Element, Map<string, {next: Function | null}>>} throttle windows */
const gates = new WeakMap();
/** @type {Map<Element, {hook: Hook, ctx: HookContext, handlers: Map<string, Function[]>}>} */
const hooks = new Map();
/** @type {IntersectionObserver | null} watches the elements bound to viewport events */
let viewport = null;
/** @type {WeakMap<Element, boolean>} whether a watched element was in view when last seen */
const inView = new WeakMap();
/** @type {Set<string>} DOM event types listened to on the window (for `window_*` bindings) */
const windowListening = new Set();
/** @type {Map<Element, Owned>} what client commands set, by element (pruned when they leave the page) */
const owned = new Map();
/** @type {Element | null} the element of the drag going on (its data-* go with drag events) */
let dragged = null;
/** @type {string[]} control frames written while the socket was down, sent on resume */
let outbox = [];
let lastSeq = 0; // the last server message applied
let eventSeq = 0; // the last client event numbered (never reset, so an old ack cannot match a new event)
/** @type {WebSocket | null} */
let ws = null;
let live = false; // the current socket's mount or resume has been applied
let retries = 0;
let leaving = false;
let reloading = false; // the runtime reloads the page itself: no "Leave site?" prompt
/** Events a second the page sends at most: a tenth under the server's limit, for clock drift. */
const RATE = Math.max(1, Number(script.dataset.rate || 100) * 0.9);
let tokens = RATE;
let tokensAt = performance.now();
/**
 * @typedef {{el: Element, type: string, data: Record<string, any>, target: Element | null, loading: boolean, latest: boolean, marked?: boolean}} Paced
 *   An event waiting for room under the rate, or for the socket (`latest`: only the newest of its
 *   element and type matters while it waits; `marked`: its element shows as loading).
 */
/** @type {Paced[]} */
const paced = [];
/** @type {any} */
let paceTimer = 0;
/** @type {any} */
let failedTimer = 0;
/** @type {any} */
let retryTimer = 0;
/** @type {any} */
let pongTimer = 0;
/** @type {number | null} scroll position to restore after the next message (back/forward) */
let restoreY = null;
const startPath = here();
let shownPath = startPath; // the location the page shows, to tell a real back/forward from a #fragment

// --- connect ----------------------------------------------------------------------------------

function connect() {
  clearTimeout(retryTimer);
  const url = new URL("ws", import.meta.url);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const sock = new WebSocket(url);
  ws = sock;
  // The token goes in the first frame, never in the URL (which proxies and access logs keep).
  const join = JSON.stringify({ t: "join", token: script.dataset.token || "", last: lastSeq });
  sock.onopen = () => sock.send(join);
  sock.onmessage = (e) => receive(sock, e.data);
  sock.onclose = (e) => dropped(sock, e.code);
}

/**
 * The socket is gone (closed, or found dead): mark the page disconnected and retry.
 * @param {WebSocket} sock
 * @param {number} code
 */
function dropped(sock, code) {
  if (ws !== sock) return;
  ws = null;
  live = false;
  sock.onopen = sock.onmessage = sock.onclose = null;
  if (sock.readyState < 2) sock.close();
  clearTimeout(pongTimer);
  htmlEl.classList.remove(CONNECTED_CLASS);
  htmlEl.classList.add(DISCONNECTED_CLASS);
  // Events sent on the dead socket may not have been handled: they go again, first, on resume, to
  // whichever node resumes the session (which handles each event number once), and stay pending.
  /** @type {string[]} */
  const again = [];
  for (const p of pending.values()) {
    if (p.sent) again.push(p.frame);
    p.sent = false;
  }
  outbox = again.concat(outbox);
  stopUploads(); // the server failed them: their bytes cannot come back
  if (leaving) return;
  if (code === CLOSE_BAD_TOKEN || code === CLOSE_REPLACED) {
    // The page's token expired or is not valid any more, or another tab holds this page's session
    // (a duplicated tab). Only a fresh page gets a token and a session of its own.
    retryTimer = setTimeout(reload, backoff());
    return;
  }
  retryTimer = setTimeout(connect, backoff());
}

/** Load the page again, as the runtime's own recovery: a `pl.ConfirmLeave` does not hold it up. */
function reload() {
  reloading = true;
  location.reload();
}

/** Exponential backoff with jitter: the first retry within 100 ms, then up to 5 s. */
function backoff() {
  retries++;
  if (retries === 1) return Math.random() * 100;
  return Math.min(5000, 100 * 2 ** retries) * (0.5 + Math.random() / 2);
}

// A socket can die without a close event (a cut cable, a sleeping laptop): ping, and give up on
// it if nothing comes back.
function heartbeat() {
  if (!ws || !live) return;
  const sock = ws;
  post(JSON.stringify({ t: "ping" }));
  clearTimeout(pongTimer);
  pongTimer = setTimeout(() => dropped(sock, CLOSE_ABNORMAL), PONG_TIMEOUT_MS);
}

// --- receive ----------------------------------------------------------------------------------

/**
 * @param {WebSocket} sock
 * @param {string} text
 */
function receive(sock, text) {
  if (sock !== ws) return;
  clearTimeout(pongTimer);
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    console.warn("pylive: a message that is not JSON", text);
    return;
  }
  if (Array.isArray(msg)) patch(msg);
  else control(msg);
}

/** @param {any} m a control message */
function control(m) {
  if (NUMBERED.has(m.t)) {
    if (!next(m.seq)) return;
    lastSeq = m.seq;
  }
  switch (m.t) {
    case "mount":
      mount(m);
      break;
    case "ping":
      post(JSON.stringify({ t: "pong" })); // the server asks whether this page is still here
      break;
    case "resumed":
      wentLive();
      for (const frame of outbox) /** @type {WebSocket} */ (ws).send(frame);
      outbox = [];
      for (const p of pending.values()) p.sent = true;
      drain(); // what the user did while the socket was down, under the rate
      break;
    case "error":
      console.warn("pylive:", m.message);
      if (m.failed) failed();
      if (m.ack) answered(m.ack);
      break;
    case "title":
      doc.title = m.title;
      break;
    case "nav":
      navigated(m.path, m.replace);
      break;
    case "push":
      pushed(m.id, m.event, m.payload);
      break;
    case "reload":
    case "fault":
      overlay(m.error, m.t);
      break;
    case "css":
      swapStyles();
      break;
    case "upload_ok":
      uploadOk(m);
      break;
    case "upload_ack":
      uploadAck(m.id, m.n);
      break;
    case "upload_stop":
      transfers.delete(m.id);
      break;
    case "download":
      download(m.token, m.name);
      break;
    case "cookie":
      writeCookie(m.token);
      break;
  }
}

/**
 * The server's code failed on what the user did: say so for a while, in a live region (in
 * development the overlay also shows the traceback). `--pl-failed-text` words it; `#pl-failed`
 * styles (or hides) it.
 */
function failed() {
  let note = doc.getElementById(FAILED_ID);
  if (!note) {
    note = doc.createElement("div");
    note.id = FAILED_ID;
    note.setAttribute("role", "alert");
    doc.body.append(note);
  }
  const text = cssText(getComputedStyle(htmlEl).getPropertyValue("--pl-failed-text").trim());
  note.textContent = text || "Something went wrong. Please try again.";
  note.hidden = false;
  clearTimeout(failedTimer);
  failedTimer = setTimeout(() => void (/** @type {HTMLElement} */ (note).hidden = true), FAILED_MS);
}

/**
 * The text a CSS string value holds (`"Saving failed\2026"`: quotes off, escapes read), as `content:`
 * would show it; a value without quotes is taken as it is.
 * @param {string} value
 */
function cssText(value) {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(value);
  if (!quoted) return value;
  return quoted[2].replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|\n|([\s\S]))/g, (_, hex, char) => {
    if (hex === undefined) return char ?? ""; // an escaped character, or a line continued
    const code = parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
  });
}

/**
 * Whether numbered message `seq` is the one to apply now.
 * @param {number} seq
 */
function next(seq) {
  if (seq <= lastSeq) return false; // sent again on a resume, already applied
  if (seq === lastSeq + 1) return true;
  // A gap cannot happen on one socket; resuming from the last applied message closes it.
  if (ws) dropped(ws, CLOSE_ABNORMAL);
  return false;
}

/** @param {any[]} msg a patch message: [seq, ack, op, ...] */
function patch(msg) {
  const seq = msg[0];
  const ack = msg[1];
  if (!next(seq)) return;
  const t0 = performance.now();
  /** @type {Set<Element> | null} */
  const touched = hooks.size ? new Set() : null;
  // Unlock first, so that what the answer itself sets (aria-busy of a loading button) stays.
  answered(ack);
  try {
    for (let i = 2; i < msg.length; i++) apply(msg[i], ack, touched);
  } catch (err) {
    // The page no longer matches the server's tree; a fresh page is the only safe state.
    console.error("pylive: could not apply message", seq, err);
    reload();
    return;
  }
  lastSeq = seq;
  if (touched) updateHooks(touched);
  pylive.lastApplyMs = performance.now() - t0;
  if (restoreY !== null) {
    scrollTo(0, restoreY);
    restoreY = null;
  }
}

/**
 * The session was (re)mounted: put its HTML in place, then replay the forms the user had filled.
 * @param {{seq: number, html: string, title?: string, path?: string, token?: string}} m
 */
function mount(m) {
  // Another page holds the session this one named (a duplicated tab): this is its own now.
  if (m.token) script.dataset.token = m.token;
  const forms = saveForms();
  const kept = keepOwned();
  const focusId = doc.activeElement && root.contains(doc.activeElement) ? doc.activeElement.id : "";
  for (const seq of [...pending.keys()]) forget(seq);
  outbox = [];
  paced.length = 0; // events of the elements this mount replaces
  stopUploads();
  destroyHooks(root);
  nodes.clear();
  templates.clear(); // a mount starts the page's templates afresh, as the server does
  nodes.set(0, root);
  root.replaceChildren(parse(root, m.html));
  lastSeq = m.seq;
  if (m.title) doc.title = m.title;
  if (focusId) /** @type {HTMLElement | null} */ (doc.getElementById(focusId))?.focus();
  for (const [id, o] of kept) {
    const el = doc.getElementById(id);
    if (el && root.contains(el)) reown(el, o);
  }
  wentLive();
  if (m.path) {
    // The server kept the session (or redirected): its address is the page's.
    if (m.path !== here()) history.replaceState(history.state, "", m.path);
    shownPath = here();
  } else if (here() !== startPath) {
    // The token names the page first loaded; after in-app navigation, go back to where the user is.
    post(JSON.stringify({ t: "nav", path: here() }));
  }
  recoverForms(forms);
}

function wentLive() {
  live = true;
  retries = 0;
  htmlEl.classList.remove(DISCONNECTED_CLASS);
  htmlEl.classList.add(CONNECTED_CLASS);
  mountHooks(root);
  // Once live, after the hooks and the stylesheets (a log scrolled to its end shows its end, not its top).
  if (doc.readyState === "complete") watch(watched(root));
  else addEventListener("load", () => watch(watched(root)), { once: true });
}

// --- apply ------------------------------------------------------------------------------------

/**
 * @param {number} id
 * @returns {Element}
 */
function node(id) {
  const el = nodes.get(id);
  if (!el) throw new Error(`no node ${id}`);
  return el;
}

/**
 * The node id of an element the server numbered, or null: from the `data-pl` attribute of
 * elements that came as HTML, or the property of those cloned from a template.
 * @param {Element} el
 * @returns {number | null}
 */
function idOf(el) {
  const id = /** @type {any} */ (el)[NODE_ID];
  if (id !== undefined) return id;
  const attr = el.getAttribute(NODE_ID_ATTR);
  return attr === null ? null : +attr;
}

/**
 * @param {Element} parent
 * @param {number} index
 * @returns {ChildNode}
 */
function child(parent, index) {
  const n = parent.childNodes[index];
  if (!n) throw new Error(`no child ${index} in node ${idOf(parent)}`);
  return n;
}

/**
 * Apply one operation (docs/protocol.md, "Patch message").
 * @param {any[]} op
 * @param {number} ack the message's ack
 * @param {Set<Element> | null} touched elements changed, for hooks' `updated`
 */
function apply(op, ack, touched) {
  const el = node(op[1]);
  if (touched) touched.add(el);
  switch (op[0]) {
    case OP_TEXT:
      /** @type {CharacterData} */ (child(el, op[2])).data = op[3];
      break;
    case OP_SET_ATTR:
      if (op[2] === "aria-busy" && busyBefore.has(el)) busyBefore.set(el, op[3]); // shown once unlocked
      if (op[2] === "disabled" && el === doc.activeElement) disabledFocus = new WeakRef(el);
      setAttr(el, op[2], op[3]);
      if (op[2] === BINDINGS_ATTR) {
        listen(op[3]);
        if (op[3].includes("viewport_")) watch([el]);
      }
      if (owned.size) restick(el, op[2]);
      break;
    case OP_REMOVE_ATTR:
      if (op[2] === "aria-busy" && busyBefore.has(el)) busyBefore.set(el, null);
      else removeAttr(/** @type {any} */ (el), op[2]);
      if (op[2] === "disabled") refocus(el);
      if (owned.size) restick(el, op[2]);
      break;
    case OP_SET_PROP:
      setProperty(/** @type {any} */ (el), op[2], op[3], ack);
      break;
    case OP_INSERT:
      insert(el, parse(el, op[3]), el.childNodes[op[2]] || null);
      break;
    case OP_REMOVE:
      if (op[2] === 0 && op[3] === el.childNodes.length) clear(el);
      else for (let k = 0; k < op[3]; k++) discard(child(el, op[2]));
      break;
    case OP_MOVE:
      move(el, op[2], op[3]);
      break;
    case OP_INSERT_ITEMS: {
      const built = items(el, op);
      const seen = built.watched ? watched(built.frag) : [];
      el.insertBefore(built.frag, el.childNodes[op[2]] || null); // templates carry no hooks
      watch(seen);
      break;
    }
    case OP_REPLACE: {
      const old = child(el, op[2]);
      insert(el, parse(el, op[3]), old);
      discard(old);
      break;
    }
    default:
      throw new Error(`unknown op ${op[0]}`);
  }
}

/**
 * The namespace of a prefixed attribute name on an SVG or MathML element (`xlink:href`), or null.
 * @param {Element} el
 * @param {string} name
 */
function attrNs(el, name) {
  if (el.namespaceURI === doc.documentElement.namespaceURI) return null; // HTML keeps names as written
  const prefix = name.slice(0, name.indexOf(":"));
  if (name === "xmlns" || prefix === "xmlns") return XMLNS_NS;
  return prefix === "xlink" ? XLINK_NS : prefix === "xml" ? XML_NS : null;
}

/**
 * The element that had the focus when the server disabled it (a Button while it is `loading`):
 * the browser drops the focus to <body> then, so a keyboard user would start again from the top.
 * @type {WeakRef<Element> | null}
 */
let disabledFocus = null;

/**
 * Give the focus back to `el`, enabled again, if it lost it by being disabled and nothing took it since.
 * @param {Element} el
 */
function refocus(el) {
  if (disabledFocus?.deref() !== el) return;
  disabledFocus = null;
  const active = doc.activeElement;
  if (el.isConnected && (!active || active === doc.body)) /** @type {HTMLElement} */ (el).focus({ preventScroll: true });
}

/**
 * @param {Element} el
 * @param {string} name
 * @param {string} value
 */
function setAttr(el, name, value) {
  const ns = attrNs(el, name);
  if (ns) el.setAttributeNS(ns, name, value);
  else el.setAttribute(name, value);
}

/**
 * Remove an attribute; `value`, `checked` and `selected` go back to what a fresh page would show.
 * @param {any} el
 * @param {string} name
 */
function removeAttr(el, name) {
  const ns = attrNs(el, name);
  if (ns) el.removeAttributeNS(ns, name.slice(name.indexOf(":") + 1));
  else el.removeAttribute(name);
  if (name === "checked" && "defaultChecked" in el) el.checked = el.defaultChecked;
  else if (name === "selected" && "defaultSelected" in el) el.selected = el.defaultSelected;
  else if (name === "value" && (el.localName === "textarea" || (el.localName === "input" && VALUE_MODE.has(el.type))))
    el.value = "";
}

/**
 * Set what the user sees (`value`, `checked`, `selected`), without fighting the user's typing.
 * @param {any} el
 * @param {string} name
 * @param {any} value
 * @param {number} ack
 */
function setProperty(el, name, value, ack) {
  const focused = el === doc.activeElement;
  // The server has not seen the latest keystrokes yet: its value is stale, the user's is newer.
  if (focused && stale(el, ack)) return;
  if (el[name] === value) return; // unchanged: leave the caret and selection alone
  if (focused && name === "value") {
    const { selectionStart: a, selectionEnd: b, selectionDirection: dir } = el;
    el.value = value;
    if (a !== null) {
      try {
        el.setSelectionRange(a, b, dir || undefined);
      } catch {
        // input types without a selection (number, email): nothing to keep
      }
    }
    return;
  }
  el[name] = value;
}

/**
 * Whether `el` has events in flight newer than `ack`, or waiting in a debounce or a throttle window.
 * @param {Element} el
 * @param {number} ack
 */
function stale(el, ack) {
  for (const [seq, p] of pending) if (seq > ack && (p.el === el || p.target === el)) return true;
  for (const p of paced) if (p.el === el || p.target === el) return true;
  const form = /** @type {any} */ (el).form;
  return timers.has(el) || (!!form && timers.has(form)) || held(el) || (!!form && held(form));
}

/**
 * Whether a throttle window of `el` holds an event not sent yet: while a slider is dragged, the
 * answer to the window's first move would pull the thumb back behind the pointer.
 * @param {Element} el
 */
function held(el) {
  const m = gates.get(el);
  if (m) for (const gate of m.values()) if (gate.next) return true;
  return false;
}

/**
 * Parse server HTML into nodes in the namespace of the parent they go into, indexed and cleaned.
 * @param {Element} parent
 * @param {string} html
 * @param {boolean} [indexed] index its node ids (not for a template, which has none)
 * @returns {DocumentFragment}
 */
function parse(parent, html, indexed = true) {
  const t = doc.createElement("template");
  const ns = parent.namespaceURI;
  /** @type {DocumentFragment} */
  let frag;
  if ((ns === SVG_NS && parent.localName !== "foreignObject") || ns === MATH_NS) {
    const tag = ns === SVG_NS ? "svg" : "math";
    t.innerHTML = `<${tag}>${html}</${tag}>`;
    frag = doc.createDocumentFragment();
    frag.append(.../** @type {Element} */ (t.content.firstChild).childNodes);
  } else {
    t.innerHTML = html;
    frag = t.content;
  }
  if (html.includes("<!---->")) stripSeparators(frag);
  const bound = html.includes(` ${BINDINGS_ATTR}=`);
  if (indexed) index(frag, bound);
  else if (bound) for (const el of frag.querySelectorAll(`[${BINDINGS_ATTR}]`)) listen(/** @type {string} */ (el.getAttribute(BINDINGS_ATTR)));
  return frag;
}

/**
 * @typedef {{frag: DocumentFragment, holes: (string[] | null)[], watched: boolean}} Source
 *   A template made ready to clone: its text holes are empty text nodes, and `holes` lists, per
 *   element in document order, the attributes each item fills (taken off the elements once here,
 *   not off every clone).
 */

/**
 * A template's HTML parsed in `parent`'s namespace, ready to clone.
 * @param {Element} parent
 * @param {string} html
 * @returns {Source}
 */
function prepare(parent, html) {
  const frag = parse(parent, html, false);
  const walker = doc.createTreeWalker(frag, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  /** @type {(string[] | null)[]} */
  const holes = [];
  /** @type {ChildNode[]} */
  const marks = [];
  while (walker.nextNode()) {
    const n = /** @type {any} */ (walker.currentNode);
    if (n.nodeType === 8) {
      marks.push(n);
      continue;
    }
    const names = n.getAttribute(HOLES_ATTR);
    if (names) n.removeAttribute(HOLES_ATTR);
    holes.push(names ? names.split(" ") : null);
  }
  for (const m of marks) m.replaceWith(doc.createTextNode("")); // cloned as they are, filled in place
  return { frag, holes, watched: html.includes("viewport_") };
}

/**
 * Build the items of an op 8 (docs/protocol.md, "Insert items"): clones of a template with their
 * holes filled, numbered from the op's first node id in document order. No HTML is parsed but a
 * template's, once per page, and the DOM is not queried.
 * @param {Element} parent
 * @param {any[]} op
 * @returns {{frag: DocumentFragment, watched: boolean}}
 */
function items(parent, op) {
  let t = op[4];
  if (Array.isArray(t)) {
    templates.set(t[0], { html: t[1], parsed: new Map() });
    t = t[0];
  }
  const template = templates.get(t);
  if (!template) throw new Error(`no template ${t}`);
  const ns = parent.namespaceURI || "";
  let source = template.parsed.get(ns);
  if (!source) {
    source = prepare(parent, template.html);
    template.parsed.set(ns, source);
  }
  const holes = source.holes;
  const out = doc.createDocumentFragment();
  let id = op[3];
  let v = 6;
  for (let count = op[5]; count > 0; count--) {
    const clone = /** @type {DocumentFragment} */ (source.frag.cloneNode(true));
    const walker = doc.createTreeWalker(clone, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    // Document order: an element's hole attributes, then what is inside it.
    for (let e = 0; walker.nextNode(); ) {
      const n = /** @type {any} */ (walker.currentNode);
      if (n.nodeType === 3) {
        n.data = op[v++];
        continue;
      }
      n[NODE_ID] = id;
      nodes.set(id++, n);
      const names = holes[e++];
      if (names) for (const name of names) setAttr(n, name, op[v++]);
    }
    out.append(clone);
  }
  return { frag: out, watched: source.watched };
}

/**
 * Remove the empty comments that keep adjacent server texts apart in HTML.
 * @param {Node} container
 */
function stripSeparators(container) {
  const walker = doc.createTreeWalker(container, NodeFilter.SHOW_COMMENT);
  const empty = [];
  while (walker.nextNode()) if (!(/** @type {Comment} */ (walker.currentNode).data)) empty.push(walker.currentNode);
  for (const c of empty) /** @type {Comment} */ (c).remove();
}

/**
 * Index every element with a node id inside `container`, and listen to the events it binds.
 * @param {ParentNode} container
 * @param {boolean} bound whether any element in it may carry bindings
 */
function index(container, bound) {
  for (const el of container.querySelectorAll(`[${NODE_ID_ATTR}]`)) {
    nodes.set(+(/** @type {string} */ (el.getAttribute(NODE_ID_ATTR))), el);
    if (bound) {
      const on = el.getAttribute(BINDINGS_ATTR);
      if (on) listen(on);
    }
  }
}

/**
 * @param {Element} parent
 * @param {DocumentFragment} frag
 * @param {Node | null} before
 */
function insert(parent, frag, before) {
  const hooked = live ? [...frag.querySelectorAll(`[${HOOK_ATTR}]`)] : [];
  const seen = watched(frag);
  parent.insertBefore(frag, before);
  if (live) for (const el of hooked) mountHook(el);
  watch(seen);
}

/**
 * The elements in `container` bound to a viewport event.
 * @param {ParentNode} container
 * @returns {Element[]}
 */
function watched(container) {
  return [...container.querySelectorAll(`[${BINDINGS_ATTR}*="viewport_"]`)];
}

/**
 * Watch elements bound to viewport events: each sends `viewport_enter` when it scrolls into view
 * (within its scrolling ancestors and the window) and `viewport_leave` when it scrolls out.
 * @param {Element[]} els
 */
function watch(els) {
  if (!els.length || typeof IntersectionObserver === "undefined") return;
  if (!viewport) viewport = new IntersectionObserver(sawViewport);
  for (const el of els) viewport.observe(el);
}

/** @param {IntersectionObserverEntry[]} entries */
function sawViewport(entries) {
  for (const entry of entries) {
    const el = entry.target;
    if (!el.isConnected) {
      /** @type {IntersectionObserver} */ (viewport).unobserve(el);
      continue;
    }
    const now = entry.isIntersecting;
    const was = inView.get(el);
    inView.set(el, now);
    // The first report of an element out of view is no change: it was never in.
    if (was === now || (was === undefined && !now)) continue;
    el.dispatchEvent(new CustomEvent(now ? VIEWPORT_ENTER : VIEWPORT_LEAVE));
  }
}

/**
 * Remove a node: forget its ids, destroy its hooks.
 * @param {ChildNode} n
 */
function discard(n) {
  if (n instanceof Element) {
    const id = idOf(n);
    if (id !== null) nodes.delete(id);
    for (const el of n.getElementsByTagName("*")) {
      const inner = idOf(el);
      if (inner !== null) nodes.delete(inner);
    }
    if (hooks.size) destroyHooks(n);
  }
  n.remove();
}

/**
 * Remove every child of `parent` at once (clearing a list): one query and one DOM operation
 * instead of one of each per child.
 * @param {Element} parent
 */
function clear(parent) {
  if (hooks.size) for (const n of parent.children) destroyHooks(n); // the parent's own hook stays
  parent.textContent = "";
  // The removed nodes' ids leave the index once the page has painted: no patch names them again
  // (ids are never reused), and reading every id before the paint cost a 1,000-row clear 2-3 times
  // the removal itself.
  if (!pruning) {
    pruning = true;
    requestAnimationFrame(() => setTimeout(prune, 0));
  }
}

/** Drop the index entries of nodes no longer in the page (after a bulk clear). */
function prune() {
  pruning = false;
  for (const [id, el] of nodes) if (!el.isConnected) nodes.delete(id);
}

/**
 * Keyed reorder (docs/protocol.md, "Move"). The targets say where each moved node ends up, so the
 * final order is known up front; each node is then placed right before its final successor, last
 * first, which moves only the listed nodes and never detaches the others.
 * @param {Element} parent
 * @param {number[]} from indexes of the nodes to move, in the current DOM
 * @param {number[]} to delta-encoded target indexes
 */
function move(parent, from, to) {
  const kids = [...parent.childNodes];
  const moved = from.map((i) => {
    if (!kids[i]) throw new Error(`no child ${i} to move`);
    return kids[i];
  });
  const movedSet = new Set(moved);
  const stay = kids.filter((n) => !movedSet.has(n));
  /** @type {number[]} */
  const targets = [];
  let t = 0;
  for (const d of to) targets.push((t += d));
  /** @type {ChildNode[]} */
  const final = [];
  for (let pos = 0, k = 0, s = 0; pos < kids.length; pos++) {
    final.push(targets[k] === pos ? moved[k++] : stay[s++]);
  }
  if (final.includes(/** @type {any} */ (undefined))) throw new Error("move targets out of range");
  const active = /** @type {any} */ (doc.activeElement);
  const selection = active && active.selectionStart != null ? [active.selectionStart, active.selectionEnd, active.selectionDirection] : null;
  const p = /** @type {any} */ (parent);
  for (let k = moved.length - 1; k >= 0; k--) {
    const ref = final[targets[k] + 1] || null;
    if (moved[k].nextSibling === ref) continue;
    if (p.moveBefore) {
      try {
        p.moveBefore(moved[k], ref);
        continue;
      } catch {
        // fall through: insertBefore always works, at the price of focus
      }
    }
    parent.insertBefore(moved[k], ref);
  }
  if (active && active !== doc.activeElement && active.isConnected) {
    active.focus({ preventScroll: true });
    if (selection) active.setSelectionRange(...selection);
  }
}

// --- send -------------------------------------------------------------------------------------

/**
 * Parse a `data-pl-on` value, e.g. `click keydown|k=Enter,Escape input|d300`.
 * @param {string} attr
 * @returns {Map<string, Modifiers>}
 */
function bindings(attr) {
  let parsed = parsedBindings.get(attr);
  if (!parsed) {
    parsed = new Map();
    for (const part of attr.split(" ")) {
      if (!part) continue;
      const [type, ...mods] = part.split("|");
      /** @type {any} */
      const m = {};
      for (const mod of mods) {
        const c = mod[0];
        if (c === "k") m.k = mod.slice(2).split(",").map(decodeURIComponent);
        else if (c === "j") m.j = mod.slice(2).split(";").map((op) => op.split(",").map(decodeURIComponent));
        else if (c === "d" || c === "t") m[c] = +mod.slice(1);
        else m[c] = true;
      }
      parsed.set(type, m);
    }
    parsedBindings.set(attr, parsed);
  }
  return parsed;
}

/**
 * Listen on the document, once per type, for every event type a binding names.
 * @param {string} attr a data-pl-on value
 */
function listen(attr) {
  for (const type of bindings(attr).keys()) {
    if (listening.has(type)) continue;
    listening.add(type);
    if (type === CLICK_AWAY) {
      // Captured: a click's `click_away`s go before its own `click` (a menu closes, then the item opens).
      doc.addEventListener("click", onClickAway, true);
      continue;
    }
    if (type.startsWith(WINDOW_PREFIX)) {
      const dom = type.slice(WINDOW_PREFIX.length);
      if (!windowListening.has(dom)) addEventListener(dom, onWindowEvent);
      windowListening.add(dom);
      continue;
    }
    doc.addEventListener(type, onEvent, NO_BUBBLE.has(type));
    // A drop target must say so on every dragover, or the browser never fires drop.
    if (type === "drop") doc.addEventListener("dragover", allowDrop);
  }
}

/** @param {Event} e */
function onEvent(e) {
  const type = e.type;
  const target = /** @type {any} */ (e.target);
  if (!(target instanceof Element) || !root.contains(target)) return;
  /** @type {Element | null} */
  let el = target;
  /** @type {Modifiers | undefined} */
  let mods;
  // The nearest element from the target outwards bound to this type; non-bubbling types only
  // count on their own target (mouseenter reaches the document once per element entered).
  for (; el && el !== root; el = NO_BUBBLE.has(type) ? null : el.parentElement) {
    const on = el.getAttribute(BINDINGS_ATTR);
    if (on && (mods = bindings(on).get(type))) break;
  }
  if (!el || el === root || !mods) return;
  fire(e, type, el, mods, target);
  // A form bound to input/change hears every field of it, as a DOM listener on the form would,
  // even one with a binding of its own (a stock Form validating a field the app also watches).
  if ((type === "input" || type === "change") && el.localName !== "form" && !mods.s) {
    const form = target.form || el.closest("form");
    const on = form && form !== el && root.contains(form) && form.getAttribute(BINDINGS_ATTR);
    const formMods = on && bindings(on).get(type);
    if (formMods) fire(e, type, form, formMods, target);
  }
}

/**
 * A click outside an element bound to `click_away` (a menu, a popover) and shown: its event, with
 * the element itself as the target.
 * @param {Event} e
 */
function onClickAway(e) {
  const t = e.target;
  if (!(t instanceof Node) || !t.isConnected) return;
  for (const el of root.querySelectorAll(`[${BINDINGS_ATTR}*="${CLICK_AWAY}"]`)) {
    if (el.contains(t) || !el.getClientRects().length) continue; // inside, or not shown
    const mods = bindings(/** @type {string} */ (el.getAttribute(BINDINGS_ATTR))).get(CLICK_AWAY);
    // Not `prevent`/`stop`: the click is another element's, which must still get it.
    if (mods) fire(e, CLICK_AWAY, el, mods.p || mods.s ? { ...mods, p: false, s: false } : mods, el);
  }
}

/**
 * A window event (`keydown`, `focus`, ...) for every element bound to `window_<type>`.
 * @param {Event} e
 */
function onWindowEvent(e) {
  if ((e.type === "focus" || e.type === "blur") && e.target !== window) return; // an element's, captured
  const type = WINDOW_PREFIX + e.type;
  const t = e.target;
  const target = t instanceof Element && root.contains(t) ? t : null;
  for (const el of root.querySelectorAll(`[${BINDINGS_ATTR}*="${type}"]`)) {
    const mods = bindings(/** @type {string} */ (el.getAttribute(BINDINGS_ATTR))).get(type);
    if (mods) fire(e, type, el, mods, target || el);
  }
}

/** Key names a `keys` filter may prefix with `+` (`Control+k`), by the event flag they need. */
const KEY_FLAGS = /** @type {Record<string, string>} */ ({
  control: "ctrlKey", ctrl: "ctrlKey", alt: "altKey", shift: "shiftKey", meta: "metaKey", cmd: "metaKey",
});

/**
 * Whether a key event matches a `keys` name: `Enter`, or with modifiers `Control+k` (any case).
 * @param {string} name
 * @param {KeyboardEvent} e
 */
function keyMatches(name, e) {
  const plus = name.lastIndexOf("+", name.length - 2);
  if (plus < 1) return name === e.key;
  const want = name.slice(0, plus).toLowerCase().split("+");
  for (const flag of new Set(Object.values(KEY_FLAGS))) {
    const needed = want.some((w) => KEY_FLAGS[w] === flag);
    if (needed !== !!(/** @type {any} */ (e)[flag])) return false;
  }
  return name.slice(plus + 1).toLowerCase() === (e.key || "").toLowerCase();
}

/**
 * Handle an event for element `el` bound to it: filters, client commands, then the frame.
 * @param {Event} e
 * @param {string} type the binding's type
 * @param {Element} el the bound element
 * @param {Modifiers} mods
 * @param {Element} target
 */
function fire(e, type, el, mods, target) {
  const ke = /** @type {KeyboardEvent & MouseEvent} */ (e);
  if (mods.k && !mods.k.some((k) => keyMatches(k, ke))) return;
  // Open-in-new-tab and friends stay the browser's.
  if (type === "click" && el.localName === "a" && el.hasAttribute("href") && (ke.ctrlKey || ke.metaKey || ke.shiftKey || ke.button)) return;
  if (type === "click" && el.localName === "a" && leavesPage(el) && !mayLeave()) {
    e.preventDefault(); // the user chose to stay
    return;
  }
  if (mods.p || type === "submit") e.preventDefault();
  if (type === "submit") flushDebounced(el); // what was typed goes first, then the submit
  if (mods.s) e.stopPropagation();
  if (type === "dragstart") {
    const dt = /** @type {DragEvent} */ (e).dataTransfer;
    if (dt && !dt.types.length) dt.setData("text/plain", ""); // some browsers start no drag without data
  }
  if (mods.j) commands(mods.j, el);
  if (mods.l) return; // client commands only: nothing for the server
  const data = eventData(e, el, target);
  const bound = el;
  const fire = () => {
    if (bound.isConnected) send(bound, type, data, target, true);
  };
  if (mods.d) debounce(bound, type, mods.d, fire);
  else if (mods.t) throttle(bound, type, mods.t, fire);
  else fire();
}

/**
 * What the server's `pl.Event` needs from a DOM event.
 * @param {Event} e
 * @param {Element} el the bound element
 * @param {Element} target
 */
function eventData(e, el, target) {
  const ev = /** @type {any} */ (e);
  /** @type {Record<string, any>} */
  const data = {};
  const t = /** @type {any} */ (target);
  if (/^(input|select|textarea)$/.test(t.localName)) {
    data.value = t.value;
    if (t.type === "checkbox" || t.type === "radio") data.checked = t.checked;
    else if (t.multiple && t.selectedOptions) data.values = Array.from(t.selectedOptions, (o) => /** @type {any} */ (o).value);
  }
  if (typeof ev.key === "string") data.key = ev.key;
  if (typeof ev.altKey === "boolean") {
    data.alt = ev.altKey;
    data.ctrl = ev.ctrlKey;
    data.shift = ev.shiftKey;
    data.meta = ev.metaKey;
  }
  if (t.id) data.target_id = t.id;
  if (e.type.startsWith("drag") || e.type === "drop") data.data = dataAttrs(dragged || t);
  // Where the pointer is on the bound element (a jog pad, a right-click menu), and its size. Not
  // for a click, the commonest event, which keeps its frame small and reads no layout: a click's
  // place is its pointerdown's or pointerup's.
  const at = typeof ev.clientX === "number" ? ev : ev.touches?.[0] || ev.changedTouches?.[0];
  if (at && typeof at.clientX === "number" && el !== root && e.type !== "click") {
    const box = el.getBoundingClientRect();
    data.x = round1(at.clientX - box.left);
    data.y = round1(at.clientY - box.top);
    data.width = round1(box.width);
    data.height = round1(box.height);
  }
  const isForm = el.localName === "form";
  if (e.type === "submit" || (isForm && (e.type === "change" || e.type === "input"))) {
    const form = isForm ? el : t.localName === "form" ? t : t.form;
    if (form) data.form = formFields(form, ev.submitter);
  }
  return data;
}

/** @param {number} n */
function round1(n) {
  return Math.round(n * 10) / 10;
}

/**
 * A form's fields as FormData gives them; repeated names become lists.
 * @param {HTMLFormElement} form
 * @param {HTMLElement | null} [submitter]
 */
function formFields(form, submitter) {
  let fd;
  try {
    fd = new FormData(form, submitter);
  } catch {
    fd = new FormData(form);
  }
  /** @type {Record<string, any>} */
  const out = Object.create(null);
  for (const [name, v] of fd) {
    const s = typeof v === "string" ? v : v.name;
    const old = out[name];
    out[name] = old === undefined ? s : Array.isArray(old) ? [...old, s] : [old, s];
  }
  return out;
}

/**
 * Send now the debounced events waiting in `form` (on it or its fields), before its submit: each
 * carries what was typed when it fired, and sent after the submit it would bring back what a reset
 * emptied; never sent, the app's own field handlers would miss the last keystrokes.
 * @param {Element} form
 */
function flushDebounced(form) {
  for (const [el, m] of [...timers]) {
    if (el !== form && !form.contains(el)) continue;
    timers.delete(el);
    for (const [id, fire] of m.values()) {
      clearTimeout(id);
      fire();
    }
  }
}

/**
 * @param {Element} el
 * @param {string} type
 * @param {number} ms
 * @param {Function} fire
 */
function debounce(el, type, ms, fire) {
  let m = timers.get(el);
  if (!m) timers.set(el, (m = new Map()));
  const mine = m;
  clearTimeout(mine.get(type)?.[0]);
  mine.set(type, [
    setTimeout(() => {
      mine.delete(type);
      if (!mine.size) timers.delete(el);
      fire();
    }, ms),
    fire,
  ]);
}

/**
 * Fire now, then at most once per `ms`, the last event of a window firing at its end.
 * @param {Element} el
 * @param {string} type
 * @param {number} ms
 * @param {Function} fire
 */
function throttle(el, type, ms, fire) {
  let m = gates.get(el);
  if (!m) gates.set(el, (m = new Map()));
  const open = m.get(type);
  if (open) {
    open.next = fire;
    return;
  }
  const gate = { next: /** @type {Function | null} */ (null) };
  const mine = m;
  mine.set(type, gate);
  fire();
  const tick = () => {
    if (!gate.next) return void mine.delete(type);
    const f = gate.next;
    gate.next = null;
    f();
    setTimeout(tick, ms);
  };
  setTimeout(tick, ms);
}

/**
 * Send an event frame `[seq, id, type, data]`; the element shows as loading until it is answered.
 * @param {Element} el the bound element
 * @param {string} type
 * @param {Record<string, any>} data
 * @param {Element | null} target
 * @param {boolean} loading
 * @param {boolean} [latest] while it waits for room, a newer one of its element and type replaces it
 */
function send(el, type, data, target, loading, latest = false) {
  // While the socket is down events wait here, not in the outbox, which the resume sends at once:
  // past the server's burst it would refuse them (a drag's pointerup among them).
  if (paced.length || !(live && ws) || !takeToken()) {
    return pace({ el, type, data, target, loading, latest: latest || CONTINUOUS.has(type) });
  }
  transmit(el, type, data, target, loading);
}

/**
 * Send an event frame now (or keep it for the resume while the socket is down), as pending.
 * @param {Element} el
 * @param {string} type
 * @param {Record<string, any>} data
 * @param {Element | null} target
 * @param {boolean} loading
 * @param {boolean} [marked] it shows as loading already (it waited in `paced`)
 */
function transmit(el, type, data, target, loading, marked = false) {
  const seq = ++eventSeq;
  const frame = JSON.stringify([seq, idOf(el), type, data]);
  const sent = live && !!ws;
  if (sent) /** @type {WebSocket} */ (ws).send(frame);
  else if (outbox.length < MAX_UNSENT) outbox.push(frame);
  else return;
  pending.set(seq, { el, target, loading, sent, marked, frame });
  // A reply within a frame shows no loading state at all: no style change, no layout.
  if (loading && !marked) setTimeout(markLoading, LOADING_DELAY, seq);
}

/**
 * Whether the page may send one more event now: a token bucket a little under the server's
 * `max_events_per_second` (which refuses what passes it), holding one second of events.
 */
function takeToken() {
  const now = performance.now();
  tokens = Math.min(RATE, tokens + ((now - tokensAt) / 1000) * RATE);
  tokensAt = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

/**
 * Hold an event until the bucket has room, in order. A continuous event (a pointer or mouse move,
 * an input, a scroll, a hook's `latest` push) replaces the one of its element and type in the run
 * of continuous events at the end of the queue: while a 120 Hz pad or a slider outruns the rate,
 * the newest position wins and the pointerup that ends the drag still goes, instead of the server
 * refusing events at random.
 * @param {Paced} p
 */
function pace(p) {
  const at = p.latest ? merged(p) : -1;
  if (at >= 0) {
    p.marked = paced[at].marked; // its element shows as loading already
    paced[at] = p;
  } else if (paced.length < MAX_UNSENT) {
    paced.push(p);
    if (p.loading) setTimeout(markHeld, LOADING_DELAY, p);
  } else console.warn(`pylive: ${p.type} dropped: the page sends more events than the server takes`);
  if (!paceTimer && live && ws) paceTimer = setTimeout(drain, 1000 / RATE);
}

/**
 * Where in the trailing run of held continuous events one of `p`'s element and type waits, or -1.
 * The run, not only the last: a field's input and its form's alternate (each keystroke reaches
 * both), and only the last would merge none of them. A pointerup or a click ends the run.
 * @param {Paced} p
 */
function merged(p) {
  for (let i = paced.length - 1; i >= 0 && paced[i].latest; i--) {
    if (paced[i].el === p.el && paced[i].type === p.type) return i;
  }
  return -1;
}

/**
 * A held event still waits a frame on: show its element as loading, as a pending one is.
 * @param {Paced} p
 */
function markHeld(p) {
  if (p.marked || !paced.includes(p)) return;
  p.marked = true;
  showLoading(p.el);
}

/** Send the held events the bucket has room for; come back for the rest (or on resume). */
function drain() {
  clearTimeout(paceTimer);
  paceTimer = 0;
  while (paced.length && live && ws && takeToken()) {
    const p = /** @type {Paced} */ (paced.shift());
    if (p.el.isConnected) transmit(p.el, p.type, p.data, p.target, p.loading, !!p.marked);
  }
  if (paced.length && live && ws) paceTimer = setTimeout(drain, 1000 / RATE);
}

/**
 * The event `seq` is still waiting: show its element as loading.
 * @param {number} seq
 */
function markLoading(seq) {
  const p = pending.get(seq);
  if (!p) return;
  p.marked = true;
  showLoading(p.el);
}

/**
 * Show `el` as loading (once for all its waiting events).
 * @param {Element} el
 */
function showLoading(el) {
  if (busyBefore.has(el)) return; // already shown for an earlier event
  busyBefore.set(el, el.getAttribute("aria-busy"));
  el.classList.add(LOADING_CLASS);
  el.setAttribute("aria-busy", "true");
}

/**
 * Send a control frame now, or on resume when the socket is down.
 * @param {string} frame
 */
function post(frame) {
  if (live && ws) ws.send(frame);
  else if (outbox.length < MAX_UNSENT) outbox.push(frame);
}

/**
 * The message answering event `ack` arrived.
 * @param {number} ack
 */
function answered(ack) {
  if (ack) forget(ack);
}

/** @param {number} seq */
function forget(seq) {
  const p = pending.get(seq);
  if (!p) return;
  pending.delete(seq);
  if (!p.marked) return;
  for (const other of pending.values()) if (other.el === p.el && other.marked) return;
  for (const other of paced) if (other.el === p.el && other.marked) return;
  p.el.classList.remove(LOADING_CLASS);
  // Give back the server's own aria-busy, if it had one before the event.
  const busy = busyBefore.get(p.el);
  busyBefore.delete(p.el);
  if (busy == null) p.el.removeAttribute("aria-busy");
  else p.el.setAttribute("aria-busy", busy);
}

/**
 * An element's `data-*` attributes by their names without the prefix (the runtime's own left out).
 * @param {Element} el
 */
function dataAttrs(el) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const a of el.attributes) {
    if (a.name.startsWith("data-") && a.name !== NODE_ID_ATTR && !a.name.startsWith(NODE_ID_ATTR + "-")) out[a.name.slice(5)] = a.value;
  }
  return out;
}

/** @param {Event} e */
function allowDrop(e) {
  for (let el = /** @type {any} */ (e.target); el instanceof Element && el !== root; el = el.parentElement) {
    const on = el.getAttribute(BINDINGS_ATTR);
    if (on && bindings(on).has("drop")) return void e.preventDefault();
  }
}

// --- client commands --------------------------------------------------------------------------

/**
 * Run a binding's client commands (docs/protocol.md, "Client commands"): each is
 * `[name, selector, ...args]`, an empty selector meaning the bound element.
 * @param {string[][]} ops
 * @param {Element} el
 */
function commands(ops, el) {
  for (const [name, sel, a, b, c] of ops) {
    let targets;
    try {
      targets = sel ? [...doc.querySelectorAll(sel)] : [el];
    } catch {
      console.warn(`pylive: pl.js.${name}: ${sel} is not a valid CSS selector`);
      continue;
    }
    for (const t of targets) command(t, name, a, name === "toggle_attr" && t.getAttribute(a) === b ? c : b);
  }
  for (const t of owned.keys()) if (!t.isConnected) owned.delete(t);
}

/**
 * @param {Element} el
 * @param {string} name
 * @param {string} a
 * @param {string} b
 */
function command(el, name, a, b) {
  let o = owned.get(el);
  if (!o) owned.set(el, (o = { classes: new Map(), attrs: new Map() }));
  const classes = a ? a.split(" ") : [];
  switch (name) {
    case "show":
    case "hide":
    case "toggle":
      o.shown = name === "toggle" ? !isShown(el) : name === "show";
      setShown(el, o.shown);
      // For JS hooks that follow it (a dialog's focus trap): `pl:show` or `pl:hide`, bubbling.
      el.dispatchEvent(new CustomEvent(o.shown ? "pl:show" : "pl:hide", { bubbles: true }));
      break;
    case "add_class":
    case "remove_class":
    case "toggle_class":
      for (const c of classes) {
        const on = name === "toggle_class" ? !el.classList.contains(c) : name === "add_class";
        o.classes.set(c, on);
        el.classList.toggle(c, on);
      }
      break;
    case "set_attr":
    case "toggle_attr": // b: the value it takes now
      o.attrs.set(a, b);
      el.setAttribute(a, b);
      break;
    case "remove_attr":
      o.attrs.set(a, null);
      el.removeAttribute(a);
      break;
    case "focus":
      /** @type {HTMLElement} */ (el).focus();
      break;
    case "dispatch": // a: the event's name, b: its detail as JSON ("": none)
      if (a === "click") /** @type {HTMLElement} */ (el).click(); // a real click: a file input opens
      else el.dispatchEvent(new CustomEvent(a, { bubbles: true, cancelable: true, detail: b ? JSON.parse(b) : null }));
      break;
    default:
      console.warn(`pylive: unknown client command ${name}`);
  }
}

/** @param {Element} el */
function isShown(el) {
  return !el.hasAttribute("hidden") && getComputedStyle(el).display !== "none";
}

/**
 * @param {Element} el
 * @param {boolean} on
 */
function setShown(el, on) {
  const style = /** @type {HTMLElement} */ (el).style;
  if (!on) {
    if (style.display !== "none") style.display = "none";
    return;
  }
  if (el.hasAttribute("hidden")) el.removeAttribute("hidden");
  if (style.display === "none") style.display = "";
  if (getComputedStyle(el).display === "none") style.display = "block"; // hidden by a stylesheet
}

/**
 * A patch changed attribute `name` of `el`: what a command set there wins.
 * @param {Element} el
 * @param {string} name
 */
function restick(el, name) {
  const o = owned.get(el);
  if (!o) return;
  if (o.attrs.has(name)) {
    const v = o.attrs.get(name);
    if (v == null) el.removeAttribute(name);
    else el.setAttribute(name, v);
  }
  if (name === "class") for (const [c, on] of o.classes) el.classList.toggle(c, on);
  if (o.shown !== undefined && (name === "style" || name === "hidden")) setShown(el, o.shown);
}

/** What commands set on elements with an `id`, before a remount replaces them. */
function keepOwned() {
  /** @type {[string, Owned][]} */
  const kept = [];
  for (const [el, o] of owned) if (el.id && el.isConnected) kept.push([el.id, o]);
  owned.clear();
  return kept;
}

/**
 * @param {Element} el
 * @param {Owned} o
 */
function reown(el, o) {
  owned.set(el, o);
  for (const name of ["class", "style", ...o.attrs.keys()]) restick(el, name);
}

// --- forms, navigation, overlay ---------------------------------------------------------------

/** The fields of every `<form id>` in the page, before a remount replaces them. */
function saveForms() {
  /** @type {[string, [string, string][]][]} */
  const saved = [];
  for (const form of root.querySelectorAll("form[id]")) {
    /** @type {[string, string][]} */
    const fields = [];
    for (const [name, v] of new FormData(/** @type {HTMLFormElement} */ (form))) if (typeof v === "string") fields.push([name, v]);
    saved.push([form.id, fields]);
  }
  return saved;
}

/**
 * Form recovery: put the user's values back into the remounted forms and replay each as a
 * `change` event, for forms bound to `change`.
 * @param {[string, [string, string][]][]} saved
 */
function recoverForms(saved) {
  for (const [id, fields] of saved) {
    const form = /** @type {HTMLFormElement | null} */ (doc.getElementById(id));
    const on = form && form.localName === "form" && form.getAttribute(BINDINGS_ATTR);
    if (!form || !on || !bindings(on).has("change")) continue;
    /** @type {Map<string, string[]>} */
    const byName = new Map();
    for (const [name, v] of fields) byName.set(name, [...(byName.get(name) || []), v]);
    /** @type {Map<string, number>} */
    const used = new Map();
    for (const f of /** @type {any} */ (form.elements)) {
      const values = f.name && byName.get(f.name);
      if (!values || f.type === "hidden" || f.type === "file") continue;
      if (f.type === "checkbox" || f.type === "radio") f.checked = values.includes(f.value);
      else if (f.multiple && f.options) for (const o of f.options) o.selected = values.includes(o.value);
      else {
        const i = used.get(f.name) || 0;
        used.set(f.name, i + 1);
        if (i < values.length) f.value = values[i];
      }
    }
    send(form, "change", { form: formFields(form) }, null, true);
  }
}

/** The current in-app location: path and query. */
function here() {
  return location.pathname + location.search;
}

/**
 * The server navigated: move the address bar without loading a page.
 * @param {string} path
 * @param {boolean} replace
 */
function navigated(path, replace) {
  if (replace) {
    history.replaceState(history.state, "", path);
    shownPath = here();
    return;
  }
  history.replaceState({ ...history.state, [SCROLL_KEY]: scrollY }, "");
  history.pushState(null, "", path);
  shownPath = here();
  scrollTo(0, 0);
}

/**
 * Whether following link `a` would show another page of this site: another path (the same path
 * with another query, a next page of results, keeps the page and what it holds).
 * @param {Element} a
 */
function leavesPage(a) {
  const href = a.getAttribute("href");
  if (href === null) return false;
  const url = new URL(href, location.href);
  return url.origin === location.origin && url.pathname !== location.pathname;
}

/** The question a `pl.ConfirmLeave` on the page asks before it is left, or null when none is shown. */
function leaveQuestion() {
  const guard = root.querySelector(`[${LEAVE_ATTR}]`);
  return guard && guard.getAttribute(LEAVE_ATTR);
}

/** Whether the page may be left: no `pl.ConfirmLeave` shown, or the user confirmed. */
function mayLeave() {
  const question = leaveQuestion();
  return question === null || confirm(question);
}

/**
 * Back or forward: ask the server for the page at the new location.
 * @param {PopStateEvent} e
 */
function popped(e) {
  if (here() === shownPath) return; // only the #fragment changed
  if (location.pathname !== new URL(shownPath, location.href).pathname && !mayLeave()) {
    history.pushState(null, "", shownPath); // stay: the address bar shows this page again
    return;
  }
  shownPath = here();
  restoreY = (e.state && e.state[SCROLL_KEY]) || 0;
  post(JSON.stringify({ t: "nav", path: here() }));
}

/**
 * Hot reload changed a stylesheet: fetch every same-origin one again. The old link goes once the
 * new one has loaded, so the page never shows unstyled.
 */
function swapStyles() {
  for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
    const url = new URL(/** @type {HTMLLinkElement} */ (link).href, location.href);
    if (url.origin !== location.origin) continue;
    url.searchParams.set(RELOAD_PARAM, String(Date.now()));
    const fresh = /** @type {HTMLLinkElement} */ (link.cloneNode());
    fresh.href = url.pathname + url.search;
    fresh.onload = fresh.onerror = () => link.remove();
    link.after(fresh);
  }
}

/**
 * Show the server's error (a failed hot reload, or a failure of the app's code in development),
 * or clear it: a clear of one kind leaves an error of the other kind shown.
 * @param {string | undefined} error
 * @param {string} kind "reload" or "fault"
 */
function overlay(error, kind) {
  let box = doc.getElementById(OVERLAY_ID);
  if (!error) {
    if (box?.dataset.kind === kind) box.remove();
    return;
  }
  if (!box) {
    box = doc.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.title = "click to dismiss";
    box.onclick = () => box?.remove();
    doc.body.append(box);
  }
  box.dataset.kind = kind;
  const pre = doc.createElement("pre");
  pre.textContent = error;
  box.replaceChildren(pre);
}

// --- uploads and downloads ---------------------------------------------------------------------

/**
 * @typedef {{file: File, sent: number, acked: number, reading: boolean, chunk: number,
 *   block: Uint8Array, blockAt: number}} Transfer
 *   A file on its way: the bytes sent, those the server has written, and the block read ahead.
 */
/** @type {Map<number, File[]>} an upload frame's n -> the files it named, until the server answers */
const picked = new Map();
/** @type {Map<number, Transfer>} entry -> its transfer */
const transfers = new Map();
/** @type {Map<number, {file: File, url: string}>} entry -> the picked file, for `Upload.preview` */
const previews = new Map();
const MAX_PREVIEWS = 100;
const PREVIEW_ATTR = "data-pl-preview";
let pickSeq = 0;

/**
 * Files were picked or dropped for upload `ref`: name them; the server answers which to send.
 * @param {string} ref
 * @param {FileList | File[]} list
 */
function pick(ref, list) {
  const files = [...list];
  if (!files.length) return;
  const n = ++pickSeq;
  picked.set(n, files);
  post(JSON.stringify({ t: "upload", ref, n, files: files.map((f) => ({ name: f.name, size: f.size, type: f.type })) }));
}

/** @param {{n: number, ids: number[], chunk: number}} m */
function uploadOk(m) {
  const files = picked.get(m.n);
  picked.delete(m.n);
  if (!files) return;
  m.ids.forEach((id, i) => {
    if (!id || !files[i]) return;
    transfers.set(id, { file: files[i], sent: 0, acked: 0, reading: false, chunk: m.chunk, block: new Uint8Array(0), blockAt: 0 });
    keepPreview(id, files[i]);
    void pump(id);
  });
  // The entries' previews may be in the page already (the render came before this answer).
  for (const el of root.querySelectorAll(`[${PREVIEW_ATTR}]`)) showPreview(el);
}

/**
 * Keep a picked file for the previews of its entry (the oldest let go past MAX_PREVIEWS).
 * @param {number} id
 * @param {File} file
 */
function keepPreview(id, file) {
  if (!file.type.startsWith("image/")) return;
  if (previews.size >= MAX_PREVIEWS) {
    const [oldest, kept] = previews.entries().next().value;
    if (kept.url) URL.revokeObjectURL(kept.url);
    previews.delete(oldest);
  }
  previews.set(id, { file, url: "" });
}

/**
 * An `Upload.preview` image: show the browser's own copy of its entry's file, if this page picked it.
 * @param {Element} el
 */
function showPreview(el) {
  const kept = previews.get(+(/** @type {string} */ (el.getAttribute(PREVIEW_ATTR))));
  if (!kept) return;
  if (!kept.url) kept.url = URL.createObjectURL(kept.file);
  if (el.getAttribute("src") !== kept.url) el.setAttribute("src", kept.url);
}

/**
 * An `Upload.preview` image left the page: let its object URL go unless another one shows it
 * (the file stays kept, and a later preview of it makes a new URL).
 * @param {Element} el
 */
function dropPreview(el) {
  const id = /** @type {string} */ (el.getAttribute(PREVIEW_ATTR));
  // Once the patch that removes it is applied (it is still in the page while its hook is told).
  queueMicrotask(() => {
    const kept = previews.get(+id);
    if (!kept || !kept.url || root.querySelector(`[${PREVIEW_ATTR}="${CSS.escape(id)}"]`)) return;
    URL.revokeObjectURL(kept.url);
    kept.url = "";
  });
}

pylive.hooks.UploadPreview = { mounted: showPreview, updated: showPreview, destroyed: dropPreview };

/**
 * Send entry `id`'s next chunks, at most UPLOAD_WINDOW of them ahead of the server's acks: the
 * socket never holds more than that of a file ahead of the page's events.
 * @param {number} id
 */
async function pump(id) {
  const t = transfers.get(id);
  if (!t || t.reading) return;
  t.reading = true;
  try {
    while (transfers.get(id) === t && t.sent < t.file.size && t.sent - t.acked < UPLOAD_WINDOW * t.chunk) {
      const blockEnd = t.blockAt + t.block.length;
      if (t.sent >= blockEnd) {
        const end = Math.min(t.sent + READ_AHEAD, t.file.size);
        t.block = new Uint8Array(await t.file.slice(t.sent, end).arrayBuffer());
        t.blockAt = t.sent;
        continue;
      }
      const sock = ws;
      if (!sock || !live) break;
      const end = Math.min(t.sent + t.chunk, blockEnd);
      const frame = new Uint8Array(CHUNK_HEADER_BYTES + end - t.sent);
      frame[0] = CHUNK_FRAME;
      new DataView(frame.buffer).setUint32(1, id);
      frame.set(t.block.subarray(t.sent - t.blockAt, end - t.blockAt), CHUNK_HEADER_BYTES);
      sock.send(frame);
      t.sent = end;
    }
  } catch (err) {
    console.error("pylive: could not read a file to upload", err);
    transfers.delete(id);
  } finally {
    t.reading = false;
  }
}

/**
 * The server wrote `n` bytes of entry `id`: send more.
 * @param {number} id
 * @param {number} n
 */
function uploadAck(id, n) {
  const t = transfers.get(id);
  if (!t) return;
  t.acked = n;
  if (n >= t.file.size) transfers.delete(id);
  else void pump(id);
}

function stopUploads() {
  picked.clear();
  transfers.clear();
}

/** @param {Event} e a change: a file input bound to an upload sends what was picked */
function onFiles(e) {
  const input = /** @type {HTMLInputElement} */ (e.target);
  const ref = input instanceof HTMLInputElement && input.type === "file" && input.getAttribute(UPLOAD_ATTR);
  if (!ref || !root.contains(input)) return;
  pick(ref, input.files || []);
  input.value = ""; // picking the same file again is a new pick
}

/** @param {DragEvent} e dragenter, dragover, dragleave or drop over a drop target */
function onDrag(e) {
  const target = e.target instanceof Element ? e.target.closest(`[${DROP_ATTR}]`) : null;
  if (!target || !root.contains(target) || !e.dataTransfer || !e.dataTransfer.types.includes("Files")) return;
  e.preventDefault(); // the browser would open the file instead
  const related = /** @type {Node | null} */ (e.relatedTarget);
  if (e.type === "dragleave") {
    if (!related || !target.contains(related)) target.classList.remove(DROP_ACTIVE_CLASS);
  } else if (e.type === "drop") {
    target.classList.remove(DROP_ACTIVE_CLASS);
    pick(/** @type {string} */ (target.getAttribute(DROP_ATTR)), e.dataTransfer.files);
  } else target.classList.add(DROP_ACTIVE_CLASS);
}

/**
 * `pl.download`: save the file the server holds under `token`, without leaving the page.
 * @param {string} token
 * @param {string} name
 */
function download(token, name) {
  const url = new URL(`download/${encodeURIComponent(token)}`, import.meta.url);
  const a = doc.createElement("a");
  a.href = url.href;
  a.download = name;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
}

// --- cookie session ---------------------------------------------------------------------------
// A socket cannot set a cookie: a handler's change to the session comes as a token, posted to the
// server's `session` URL (beside this script), whose answer sets it. Other tabs of the browser are
// told, and fetch the cookie's contents (signed) from the same URL for their own sessions.

const sessionUrl = new URL("session", import.meta.url);
const tabs = "BroadcastChannel" in window ? new BroadcastChannel(`pylive-session:${sessionUrl.pathname}`) : null;
let cookieWrites = Promise.resolve();

/** @param {string} token */
function writeCookie(token) {
  const body = new URLSearchParams({ token });
  // One after the other: an older write must never land after a newer one.
  cookieWrites = cookieWrites
    .then(() => fetch(sessionUrl, { method: "POST", body, credentials: "same-origin" }))
    .then((r) => {
      if (!r.ok) console.warn("pylive: the session cookie was not written:", r.status);
      else tabs?.postMessage("cookie");
    })
    .catch((err) => console.warn("pylive: the session cookie was not written:", err))
    .finally(() => pylive.cookieWrites++);
}

function readCookie() {
  fetch(sessionUrl, { credentials: "same-origin", cache: "no-store" })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((token) => post(JSON.stringify({ t: "session", token })))
    .catch((err) => console.warn("pylive: could not read the session cookie:", err));
}

if (tabs) tabs.onmessage = readCookie;

// --- hooks ------------------------------------------------------------------------------------

/**
 * Call a hook callback; a failing hook must not stop patches.
 * @param {Element} el
 * @param {"mounted" | "updated" | "destroyed"} name
 */
function callHook(el, name) {
  const h = hooks.get(el);
  try {
    h?.hook[name]?.call(h.hook, el, h.ctx);
  } catch (err) {
    console.error(`pylive: hook ${el.getAttribute(HOOK_ATTR)}.${name} failed`, err);
  }
}

/** @param {Element} el */
function mountHook(el) {
  if (hooks.has(el)) return;
  const name = /** @type {string} */ (el.getAttribute(HOOK_ATTR));
  const hook = pylive.hooks[name];
  if (!hook) return void console.warn(`pylive: no hook named ${name} in window.pylive.hooks`);
  /** @type {Map<string, Function[]>} */
  const handlers = new Map();
  /** @type {HookContext} */
  const ctx = {
    el,
    pushEvent: (event, payload, options) => send(el, event, { payload }, null, false, !!options?.latest),
    handleEvent: (event, callback) => handlers.set(event, [...(handlers.get(event) || []), callback]),
  };
  hooks.set(el, { hook, ctx, handlers });
  callHook(el, "mounted");
}

/** @param {ParentNode} container */
function mountHooks(container) {
  for (const el of container.querySelectorAll(`[${HOOK_ATTR}]`)) mountHook(el);
}

/** @param {Element} container the container and every hooked element inside it */
function destroyHooks(container) {
  const els = [...container.querySelectorAll(`[${HOOK_ATTR}]`)];
  if (container.hasAttribute(HOOK_ATTR)) els.push(container);
  for (const el of els) {
    if (!hooks.has(el)) continue;
    callHook(el, "destroyed");
    hooks.delete(el);
  }
}

/** @param {Set<Element>} touched */
function updateHooks(touched) {
  const done = new Set();
  for (const el of touched) {
    const h = el.isConnected && el.closest(`[${HOOK_ATTR}]`);
    if (h && !done.has(h) && hooks.has(h)) {
      done.add(h);
      callHook(h, "updated");
    }
  }
}

/**
 * A server `push` for a hook's `handleEvent` callbacks.
 * @param {number} id
 * @param {string} event
 * @param {any} payload
 */
function pushed(id, event, payload) {
  const el = nodes.get(id);
  const h = el && hooks.get(el);
  for (const cb of h?.handlers.get(event) || []) {
    try {
      cb(payload);
    } catch (err) {
      console.error(`pylive: handleEvent ${event} failed`, err);
    }
  }
}

// --- start ------------------------------------------------------------------------------------

function start() {
  setInterval(heartbeat, HEARTBEAT_MS);
  addEventListener("online", () => {
    if (!ws && !leaving) connect();
  });
  addEventListener("pagehide", (e) => {
    leaving = true;
    // Closing for good (not kept in the back/forward cache): the server need not keep the session.
    if (!e.persisted && ws && live) ws.send(JSON.stringify({ t: "bye" }));
  });
  addEventListener("pageshow", (e) => {
    leaving = false;
    if (e.persisted && !ws) connect();
  });
  addEventListener("popstate", popped);
  addEventListener("beforeunload", (e) => {
    if (reloading || leaveQuestion() === null) return;
    e.preventDefault(); // the browser asks "Leave site?" in its own words
    e.returnValue = "";
  });
  doc.addEventListener("change", onFiles);
  for (const type of ["dragenter", "dragover", "dragleave", "drop"]) doc.addEventListener(type, /** @type {any} */ (onDrag));
  doc.addEventListener("dragstart", (e) => void (dragged = e.target instanceof Element ? e.target : null), true);
  doc.addEventListener("dragend", () => void (dragged = null), true);
  htmlEl.classList.add(DISCONNECTED_CLASS);
  nodes.set(0, root);
  stripSeparators(root);
  index(root, true);
  connect();
}

start();
