"""The document a notebook output shows: the stock stylesheets, the page, and pylive.js on a bridge.

Each output is an iframe of its own, so the unmodified runtime (one page, one root, one socket)
serves every cell: a few lines before it replace `WebSocket` with a socket that talks to the widget
around the frame, which carries the frames over the kernel's comm.
"""

from __future__ import annotations

from functools import cache

from markupsafe import escape

from pylive.server.assets import assets_dir

#: The socket the runtime gets instead of a WebSocket, and the frame's height reported to the output.
BRIDGE = """
(() => {
  const bridge = window.frameElement && window.frameElement.pyliveBridge;
  if (!bridge) return;
  class BridgeSocket {
    constructor() {
      this.readyState = 0;
      this.onmessage = null;
      this.onclose = null;
      setTimeout(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        bridge.open(this);
      });
    }
    send(text) {
      if (this.readyState === 1) bridge.send(text);
    }
    close() {
      if (this.readyState > 1) return;
      this.readyState = 3;
      bridge.close(this);
    }
    deliver(text) {
      if (this.readyState === 1 && this.onmessage) this.onmessage({ data: text });
    }
  }
  window.WebSocket = BridgeSocket;
  const fit = () => bridge.resize(Math.ceil(document.documentElement.getBoundingClientRect().height));
  new ResizeObserver(fit).observe(document.documentElement);
  addEventListener("load", fit);
})();
"""

#: The page's own margins inside an output cell.
FRAME_STYLE = "html,body{margin:0;background:transparent}body{padding:4px 2px}"


@cache
def _asset(name: str) -> str:
    return (assets_dir() / name).read_text(encoding="utf-8")


def _inline_script(text: str) -> str:
    # The runtime is trusted text, but a literal "</script" inside it would end the element early.
    return text.replace("</script", "<\\/script")


def page_document(body: str, *, head: str = "", title: str = "") -> str:
    """The iframe's whole document around a page's rendered `body` (the root's content, with node ids)."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_asset('pylive.css')}</style>\n"
        f"<style>{_asset('components.css')}</style>\n"
        f"<style>{FRAME_STYLE}</style>\n"
        f"<script>{_inline_script(BRIDGE)}</script>\n"
        f'<script type="module">{_inline_script(_asset("components.js"))}</script>\n'
        f"{head}\n</head>\n<body>\n"
        f'<div id="pl-root" data-pl="0">{body}</div>\n'
        f'<script type="module" data-token="">{_inline_script(_asset("pylive.js"))}</script>\n'
        "</body>\n</html>\n"
    )
