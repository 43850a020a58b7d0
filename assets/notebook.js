// @ts-check
/**
 * pylive's notebook widget front end (an anywidget ES module).
 *
 * Each view is an iframe holding the page and the unmodified runtime; the runtime's socket is a
 * bridge (see pylive/notebook/page.py) whose frames travel as the widget's custom messages:
 * `{open: true}` when a socket opens, `{frame: text}` both ways.
 */

/** @param {{model: any, el: HTMLElement}} view */
function render({ model, el }) {
  const frame = /** @type {HTMLIFrameElement & {pyliveBridge?: any}} */ (document.createElement("iframe"));
  frame.className = "pylive-notebook";
  frame.title = model.get("title") || "pylive";
  frame.style.cssText = "display:block;width:100%;border:0;height:3rem;background:transparent";
  /** @type {Set<any>} the runtime's open sockets in this view */
  const sockets = new Set();
  frame.pyliveBridge = {
    /** @param {any} sock */
    open(sock) {
      sockets.add(sock);
      model.send({ open: true });
    },
    /** @param {string} text */
    send(text) {
      model.send({ frame: text });
    },
    /** @param {any} sock */
    close(sock) {
      sockets.delete(sock);
    },
    /** @param {number} height */
    resize(height) {
      frame.style.height = `${Math.max(height, 16)}px`;
    },
  };
  /** @param {any} msg */
  const received = (msg) => {
    if (msg && typeof msg.frame === "string") for (const sock of sockets) sock.deliver(msg.frame);
  };
  model.on("msg:custom", received);
  frame.srcdoc = model.get("page");
  el.append(frame);
  return () => {
    model.off("msg:custom", received);
    for (const sock of [...sockets]) sock.close();
  };
}

export default { render };
