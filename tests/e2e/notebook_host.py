"""A real kernel's widget outputs shown in Chromium without JupyterLab.

A notebook is executed with nbclient (a real ipykernel); the `application/vnd.jupyter.widget-view+json`
outputs it leaves are then rendered in a host page that loads each widget's own ES module (its
`_esm`, as anywidget's front end does) with a model whose custom messages are bridged to the
kernel's comm: page -> `comm_msg` on the shell channel, kernel's iopub `comm_msg` -> page.
"""

from __future__ import annotations

import asyncio
import json
import queue
from typing import Any

import nbformat
from nbclient import NotebookClient
from playwright.async_api import Page, Route

HOST_URL = "http://notebook.test/"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>notebook outputs</title></head>
<body><main id="outputs"></main>
<script>
const models = new Map();
// What an anywidget front end gets: the synced state, and custom messages both ways.
function makeModel(id, state) {
  const listeners = new Set();
  return {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; },
    save_changes() {},
    on(name, cb) { if (name === "msg:custom") listeners.add(cb); },
    off(name, cb) { listeners.delete(cb); },
    send(content) { window.kernelSend(id, JSON.stringify(content)); },
    deliver(content) { for (const cb of [...listeners]) cb(content, []); },
  };
}
window.showOutput = async (id, state) => {
  const model = makeModel(id, state);
  models.set(id, model);
  const url = URL.createObjectURL(new Blob([state._esm], { type: "text/javascript" }));
  const widget = (await import(url)).default;
  const el = document.createElement("section");
  el.className = "output";
  el.dataset.model = id;
  document.getElementById("outputs").append(el);
  model.cleanup = await widget.render({ model, el });
};
window.clearOutput = (id) => {
  const model = models.get(id);
  if (!model) return;
  if (typeof model.cleanup === "function") model.cleanup();
  document.querySelector(`[data-model="${id}"]`)?.remove();
  models.delete(id);
};
window.deliver = (id, content) => models.get(id)?.deliver(content);
</script></body></html>
"""


def notebook(*sources: str) -> nbformat.NotebookNode:
    """A notebook of code cells."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def widget_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """The model ids of the widget views a run left in its outputs, in order."""
    ids = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                ids.append(view["model_id"])
    return ids


class KernelBridge:
    """After an nbclient run: moves comm messages between the kernel and the host page, and runs
    more code in the kernel (as a front end does, with a `cellId` in the request's metadata)."""

    def __init__(self, client: NotebookClient, page: Page) -> None:
        self.client = client
        self.kc = client.kc
        self.page = page
        self.states: dict[str, dict[str, Any]] = {k: dict(v) for k, v in client.widget_state.items()}
        self.closed: set[str] = set()
        self.outputs: dict[str, list[dict]] = {}
        self.received: list[tuple[str, dict]] = []
        self._reader: asyncio.Task | None = None

    async def start(self) -> KernelBridge:
        async def host(route: Route) -> None:
            if route.request.url == HOST_URL:
                await route.fulfill(status=200, content_type="text/html", body=HOST_PAGE)
            else:
                await route.fulfill(status=404, body="")

        await self.page.route("http://notebook.test/**", host)
        await self.page.expose_function("kernelSend", self._to_kernel)
        await self.page.goto(HOST_URL)
        self._reader = asyncio.get_running_loop().create_task(self._from_kernel())
        return self

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()

    def _to_kernel(self, model_id: str, text: str) -> None:
        content = {"comm_id": model_id, "data": {"method": "custom", "content": json.loads(text)}}
        self.kc.shell_channel.send(self.kc.session.msg("comm_msg", content))

    async def _from_kernel(self) -> None:
        while True:
            try:
                msg = await self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            kind, content = msg["msg_type"], msg["content"]
            parent = msg.get("parent_header", {}).get("msg_id", "")
            if kind == "comm_msg":
                data = content.get("data", {})
                if data.get("method") == "custom":
                    self.received.append((content["comm_id"], data["content"]))
                    await self.page.evaluate("([id, c]) => deliver(id, c)", [content["comm_id"], data["content"]])
                elif data.get("method") == "update":
                    self.states.setdefault(content["comm_id"], {}).update(data.get("state", {}))
            elif kind == "comm_open":
                self.states[content["comm_id"]] = dict(content["data"].get("state", {}))
            elif kind == "comm_close":
                self.closed.add(content["comm_id"])
            elif kind in ("stream", "execute_result", "display_data", "error"):
                self.outputs.setdefault(parent, []).append({"type": kind, **content})

    async def show(self, model_id: str) -> None:
        """Render one widget output in the host page."""
        await self.page.evaluate("([id, s]) => showOutput(id, s)", [model_id, self.states[model_id]])

    async def clear(self, model_id: str) -> None:
        await self.page.evaluate("(id) => clearOutput(id)", model_id)

    async def execute(self, code: str, cell_id: str | None = None, timeout: float = 60) -> list[dict]:
        """Run `code` in the kernel and return its outputs (the reader collects them)."""
        request = self.kc.session.msg(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False},
        )
        if cell_id is not None:
            request["metadata"]["cellId"] = cell_id
        self.kc.shell_channel.send(request)
        msg_id = request["header"]["msg_id"]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            reply = await self.kc.get_shell_msg(timeout=max(0.1, deadline - loop.time()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        await asyncio.sleep(0.2)  # the outputs on iopub may trail the reply a little
        outputs = self.outputs.get(msg_id, [])
        errors = [o for o in outputs if o["type"] == "error"]
        assert not errors, "\n".join(errors[0]["traceback"])
        return outputs


def text_of(outputs: list[dict]) -> str:
    """What a run printed and returned, as text."""
    parts = []
    for o in outputs:
        if o["type"] == "stream":
            parts.append(o["text"])
        elif o["type"] in ("execute_result", "display_data"):
            parts.append(o["data"].get("text/plain", ""))
    return "".join(parts)


def widget_views(outputs: list[dict]) -> list[str]:
    """The model ids of the widget views among a run's outputs."""
    return [o["data"][WIDGET_VIEW]["model_id"] for o in outputs if WIDGET_VIEW in o.get("data", {})]
