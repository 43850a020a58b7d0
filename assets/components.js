// @ts-check
/**
 * Client hooks of the stock components (components/): what the server cannot do from afar.
 *
 * - Modal: move focus into the dialog, keep Tab inside it, give focus back when it closes (also when
 *   pl.js commands open and close it: they send `pl:show` / `pl:hide`).
 * - Tabs: follow the selected tab with the focus when the keyboard changed it.
 * - Dropdown: Up/Down, Home and End move the focus between the menu's items.
 * - Tooltip: Escape hides the tooltip being shown, until the focus or the pointer leaves it.
 * - LogView: stay scrolled to the newest line unless the reader scrolled up.
 * - Form: after a submit the server refused, focus the first field it marked invalid; on the
 *   server's "reset" (`Form(reset=True)`), empty the fields, the focus staying where it is.
 * - Chart: keep a chart's text and margins one size on screen, however wide the SVG is drawn.
 * - DataTable: end the table's scroll box on a row's edge, not through a row.
 *
 * The runtime (pylive.js) calls `mounted`, `updated` and `destroyed` with (element, ctx); this
 * module registers the hooks before the runtime starts.
 */

const pylive = /** @type {any} */ (window).pylive || {};
pylive.hooks = pylive.hooks || {};
/** @type {any} */ (window).pylive = pylive;

const FOCUSABLE = [
  "a[href]", "area[href]", "button:not([disabled])", "input:not([disabled]):not([type=hidden])",
  "select:not([disabled])", "textarea:not([disabled])", "iframe", "[contenteditable]",
  "[tabindex]:not([tabindex='-1'])",
].join(",");

/** @param {Element} root */
function focusables(root) {
  return /** @type {HTMLElement[]} */ ([...root.querySelectorAll(FOCUSABLE)]).filter(
    (el) => el.getClientRects().length > 0,
  );
}

/** @type {WeakMap<Element, {opener: Element | null, onKey: (e: KeyboardEvent) => void, overflow: string}>} */
const modals = new WeakMap();

/**
 * Trap focus in dialog `el` and take the page's scroll, until `release`.
 * @param {HTMLElement} el
 */
function trap(el) {
  if (modals.has(el)) return;
  const opener = document.activeElement;
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (e.key !== "Tab") return;
    const items = focusables(el);
    if (!items.length) {
      e.preventDefault();
      el.focus();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === el)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };
  el.addEventListener("keydown", onKey);
  modals.set(el, { opener, onKey, overflow: document.body.style.overflow });
  document.body.style.overflow = "hidden";
  const target = el.querySelector("[autofocus]") || focusables(el).find((f) => !f.matches(".pl-modal-close")) || el;
  /** @type {HTMLElement} */ (target).focus();
}

/**
 * Give back focus and scroll (the dialog closed, or left the page).
 * @param {HTMLElement} el
 */
function release(el) {
  const state = modals.get(el);
  if (!state) return;
  modals.delete(el);
  el.removeEventListener("keydown", state.onKey);
  document.body.style.overflow = state.overflow;
  // The dialog may be out of the DOM already: wait for this patch to finish, then restore focus.
  queueMicrotask(() => {
    const opener = /** @type {HTMLElement | null} */ (state.opener);
    const open = [...document.querySelectorAll("[aria-modal=true]")].some((d) => d.getClientRects().length);
    if (opener && opener.isConnected && !open) opener.focus();
  });
}

pylive.hooks.Modal = {
  /** @param {HTMLElement} el */
  mounted(el) {
    if (!el.closest("[hidden]")) trap(el); // a Modal the browser opens waits for its pl:show
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    release(el);
  },
};

// A Modal rendered without `open=` is shown and hidden by pl.js commands, which announce it.
for (const [type, act] of /** @type {const} */ ([["pl:show", trap], ["pl:hide", release]])) {
  document.addEventListener(type, (e) => {
    const t = /** @type {Element} */ (e.target);
    const dialog = t.matches(".pl-modal-root") && t.querySelector(".pl-modal[hook=Modal]");
    if (dialog) act(/** @type {HTMLElement} */ (dialog));
  });
}

pylive.hooks.Tabs = {
  /** @param {HTMLElement} el */
  updated(el) {
    if (!el.contains(document.activeElement)) return;
    const selected = /** @type {HTMLElement | null} */ (el.querySelector("[role=tab][aria-selected=true]"));
    if (selected && selected !== document.activeElement) selected.focus();
  },
};

/** @type {WeakMap<Element, (e: KeyboardEvent) => void>} */
const menus = new WeakMap();

pylive.hooks.Dropdown = {
  /** @param {HTMLElement} el */
  mounted(el) {
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      const items = /** @type {HTMLElement[]} */ ([...el.querySelectorAll("[role=menuitem]:not([disabled])")]);
      const i = items.indexOf(/** @type {HTMLElement} */ (document.activeElement));
      const n = items.length;
      const to = { ArrowDown: (i + 1) % n, ArrowUp: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (to === undefined || !n) return;
      e.preventDefault(); // the page would scroll
      items[to].focus();
    };
    el.addEventListener("keydown", onKey);
    menus.set(el, onKey);
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    const onKey = menus.get(el);
    if (onKey) el.removeEventListener("keydown", onKey);
    menus.delete(el);
  },
};

// WCAG 1.4.13: what hovering or focusing shows can be dismissed without moving either.
const DISMISSED = "pl-tooltip--dismissed";
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  for (const tip of document.querySelectorAll(".pl-tooltip:is(:hover, :focus-within)")) tip.classList.add(DISMISSED);
});
for (const type of ["focusout", "pointerout"]) {
  document.addEventListener(type, (e) => {
    const tip = /** @type {Element} */ (e.target).closest?.(`.${DISMISSED}`);
    const to = /** @type {FocusEvent | PointerEvent} */ (e).relatedTarget;
    if (tip && !(to instanceof Node && tip.contains(to))) tip.classList.remove(DISMISSED);
  });
}

/** @type {WeakMap<Element, {stick: boolean, onScroll: () => void}>} */
const logs = new WeakMap();

pylive.hooks.LogView = {
  /** @param {HTMLElement} el */
  mounted(el) {
    const state = { stick: true, onScroll: () => {} };
    state.onScroll = () => {
      state.stick = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
    };
    el.addEventListener("scroll", state.onScroll, { passive: true });
    logs.set(el, state);
    el.scrollTop = el.scrollHeight;
    // Before the stylesheets apply the log is not yet a scroll box: scroll to its end again then.
    if (document.readyState !== "complete") {
      addEventListener("load", () => state.stick && (el.scrollTop = el.scrollHeight), { once: true });
    }
  },
  /** @param {HTMLElement} el */
  updated(el) {
    const state = logs.get(el);
    if (state && state.stick) el.scrollTop = el.scrollHeight;
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    const state = logs.get(el);
    if (state) el.removeEventListener("scroll", state.onScroll);
    logs.delete(el);
  },
};

/** @type {WeakMap<Element, () => void>} */
const submits = new WeakMap();
/** @type {WeakSet<Element>} */
const submitted = new WeakSet();
/** How long after a submit the server's answers may move the focus (they can come in several messages). */
const SUBMIT_FOCUS_MS = 2000;

/** @param {HTMLElement} el */
function focusFirstWrong(el) {
  const wrong = /** @type {HTMLElement | null} */ (el.querySelector("[aria-invalid=true]"));
  if (wrong && wrong !== document.activeElement) wrong.focus();
}

pylive.hooks.Form = {
  /**
   * @param {HTMLElement} el
   * @param {{handleEvent: (event: string, callback: (payload: any) => void) => void}} ctx
   */
  mounted(el, ctx) {
    /** @type {Map<any, [string, boolean]>} each field's value and checkedness when last submitted */
    let sent = new Map();
    // Back to their first values, the fields that still hold what was sent: what the user typed
    // while the submit ran (a slow on_submit) is theirs.
    ctx.handleEvent("reset", () => {
      for (const [f, [value, checked]] of sent) {
        if (f.value !== value || f.checked !== checked) continue;
        if (f.options) for (const o of f.options) o.selected = o.defaultSelected;
        else if (f.type === "checkbox" || f.type === "radio") f.checked = f.defaultChecked;
        else f.value = f.defaultValue;
      }
    });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const stop = () => {
      submitted.delete(el);
      clearTimeout(timer);
    };
    const onSubmit = () => {
      sent = new Map([.../** @type {HTMLFormElement} */ (el).elements].map((f) => [f, [/** @type {any} */ (f).value, /** @type {any} */ (f).checked]]));
      stop();
      submitted.add(el);
      timer = setTimeout(stop, SUBMIT_FOCUS_MS);
      focusFirstWrong(el); // a field already marked wrong; the answer may mark others
    };
    // The user moving on ends it: the focus is theirs again.
    const onUser = (/** @type {Event} */ e) => {
      if (!(e instanceof KeyboardEvent && e.key === "Enter")) stop();
    };
    el.addEventListener("submit", onSubmit);
    for (const type of ["input", "pointerdown", "keydown"]) el.addEventListener(type, onUser);
    submits.set(el, () => {
      stop();
      el.removeEventListener("submit", onSubmit);
      for (const type of ["input", "pointerdown", "keydown"]) el.removeEventListener(type, onUser);
    });
  },
  /** @param {HTMLElement} el */
  updated(el) {
    if (submitted.has(el)) focusFirstWrong(el);
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    submits.get(el)?.();
    submits.delete(el);
  },
};

/** @type {ResizeObserver | null} */
let chartSizes = null;
/** @type {WeakMap<Element, {base: number[], set: string}>} each chart's viewBox as the server drew it, and as fitted */
const chartBoxes = new WeakMap();

/**
 * Fit a chart to the width it is drawn at. Its text stays 11 px on screen (`--pl-chart-k`, viewBox
 * units per pixel), and so do its margins (`data-margins`, px), which hold that text: the viewBox
 * grows around the plot by them, and the plot takes the rest of the width, in its own proportions.
 * @param {Element} svg
 */
function fitChart(svg) {
  const current = svg.getAttribute("viewBox") || "";
  let state = chartBoxes.get(svg);
  if (!state || current !== state.set) state = { base: current.split(/[\s,]+/).map(Number), set: current };
  chartBoxes.set(svg, state);
  const [x, y, w, h] = state.base;
  const drawn = svg.getBoundingClientRect().width;
  if (!(w > 0) || !drawn) return;
  const [top, right, bottom, left] = (/** @type {SVGElement} */ (svg).dataset.margins || "0 0 0 0").split(" ").map(Number);
  const fits = drawn > left + right;
  const k = fits ? (w - left - right) / (drawn - left - right) : w / drawn;
  const box = fits
    ? [x + left * (1 - k), y + top * (1 - k), w + (left + right) * (k - 1), h + (top + bottom) * (k - 1)]
    : state.base;
  const fitted = box.map((v) => +v.toFixed(2)).join(" ");
  if (fitted !== current) svg.setAttribute("viewBox", fitted);
  state.set = fitted;
  /** @type {SVGElement} */ (svg).style.setProperty("--pl-chart-k", String(k));
}

pylive.hooks.Chart = {
  /** @param {HTMLElement} el */
  mounted(el) {
    chartSizes ??= new ResizeObserver((entries) => entries.forEach((e) => fitChart(e.target)));
    chartSizes.observe(el);
    fitChart(el);
  },
  /** @param {HTMLElement} el */
  updated(el) {
    // Only a new viewBox from the server (another width or height) needs the layout read.
    if (el.getAttribute("viewBox") !== chartBoxes.get(el)?.set) fitChart(el);
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    chartSizes?.unobserve(el);
    chartBoxes.delete(el);
  },
};

/** @type {ResizeObserver | null} */
let tableSizes = null;

/**
 * Shorten a table's scroll box, if its max-height cuts through a row, to the bottom of the last row
 * it shows whole: measured, so it holds for any row height (a Badge, two lines of text).
 * @param {HTMLElement} box
 */
function snapToRows(box) {
  const limit = parseFloat(getComputedStyle(box).maxHeight); // the server's max_height, in px
  const chrome = box.offsetHeight - box.clientHeight; // borders and a sideways scrollbar
  if (!(limit > chrome)) return;
  const room = limit - chrome;
  if (box.scrollHeight <= room) {
    box.style.height = "";
    return;
  }
  const top = box.getBoundingClientRect().top + box.clientTop - box.scrollTop;
  let fits = 0;
  for (const row of box.querySelectorAll("thead tr, tbody tr")) {
    const bottom = row.getBoundingClientRect().bottom - top;
    if (bottom > room + 0.5) break;
    fits = bottom;
  }
  box.style.height = fits ? `${fits + chrome}px` : "";
}

pylive.hooks.DataTable = {
  /** @param {HTMLElement} el */
  mounted(el) {
    // The box (the window resized) and the table (rows came, went or grew) can each change the fit.
    tableSizes ??= new ResizeObserver((entries) => {
      for (const e of entries) snapToRows(/** @type {HTMLElement} */ (e.target.closest(".pl-table-scroll")));
    });
    tableSizes.observe(el);
    const table = el.querySelector("table");
    if (table) tableSizes.observe(table);
    snapToRows(el);
  },
  /** @param {HTMLElement} el */
  destroyed(el) {
    tableSizes?.unobserve(el);
    const table = el.querySelector("table");
    if (table) tableSizes?.unobserve(table);
  },
};
