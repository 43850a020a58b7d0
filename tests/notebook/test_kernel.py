"""In a real ipykernel: importing pylive alone makes a component element that ends a cell a live
widget output, and a cell without one shows what it always did."""

from __future__ import annotations

import queue

from jupyter_client.manager import start_new_async_kernel

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CODE = """
import pylive as pl
from pylive import html as h

@pl.component
def Hello(name: str):
    return h.p(f"Hello, {name}")
"""


async def run(kc, code: str) -> list[dict]:
    msg_id = kc.execute(code)
    outputs = []
    while True:
        try:
            msg = await kc.get_iopub_msg(timeout=60)
        except queue.Empty:
            raise AssertionError(f"no answer to {code!r}") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            return outputs
        if kind == "error":
            raise AssertionError("\n".join(content["traceback"]))
        if kind in ("execute_result", "display_data", "stream"):
            outputs.append(content)


async def test_importing_pylive_in_a_kernel_shows_component_elements_live() -> None:
    km, kc = await start_new_async_kernel(kernel_name="python3")
    try:
        assert await run(kc, CODE) == []
        [result] = await run(kc, 'Hello("kernel")')
        assert WIDGET_VIEW in result["data"]
        state = await run(kc, "import sys; print('anywidget' in sys.modules, 'pylive.notebook.widget' in sys.modules)")
        assert state[0]["text"].split() == ["True", "True"]
        [plain] = await run(kc, 'h.p("not a component")')
        assert WIDGET_VIEW not in plain["data"] and "text/plain" in plain["data"]
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
