"""Modal, Tooltip, Tabs, Accordion and Disclosure: their ARIA wiring and keyboard behaviour on the server side."""

from __future__ import annotations

import pytest

import pylive as pl
from components import Accordion, AccordionItem, Button, Disclosure, Dropdown, Modal, Tab, Tabs, Tooltip, open_modal
from pylive import html as h
from pylive.testing import render


@pl.component
def ModalPage():
    open_, set_open = pl.use_state(False)
    return h.div(
        Button("Edit", id="open", on_click=lambda: set_open(True)),
        Modal(
            h.p("Body text"),
            open=open_,
            on_close=lambda: set_open(False),
            title="Edit profile",
            footer=Button("Done", id="done", on_click=lambda: set_open(False)),
            id="m",
        ),
    )


async def test_modal_roles_and_every_way_to_close():
    async with render(ModalPage()) as view:
        assert not view.find_all("[role=dialog]")
        for close in ("escape", "button", "backdrop", "footer"):
            await view.click("#open")
            dialog = view.find("[role=dialog]")
            assert dialog.attrs["aria-modal"] == "true"
            assert dialog.attrs["id"] == "m-dialog" and view.find("#m").attrs["class"] == "pl-modal-root"
            assert dialog.attrs["aria-labelledby"] == "m-dialog-title"
            assert view.find("#m-dialog-title").text == "Edit profile"
            assert dialog.attrs["hook"] == "Modal"  # focus trap and restore on the client
            assert dialog.attrs["tabindex"] == "-1"
            assert "keydown|k=Escape" in dialog.attrs["data-pl-on"]
            if close == "escape":
                await view.keydown("#m-dialog-title", "Enter")  # other keys do nothing
                assert view.find_all("[role=dialog]")
                await view.keydown("#m-dialog-title", "Escape")
            elif close == "button":
                assert view.find(".pl-modal-close").attrs["aria-label"] == "Close"
                await view.click(".pl-modal-close")
            elif close == "backdrop":
                await view.click(".pl-modal-backdrop")
            else:
                await view.click("#done")
            assert not view.find_all("[role=dialog]"), close


async def test_tooltip_describes_its_trigger():
    async with render(h.div(Tooltip(h.button("?", id="help"), "Saved every minute", id="tip"), Tooltip("ETA", "Estimated"))) as view:
        assert view.find("#help").attrs["aria-describedby"] == "tip-tip"
        assert view.find("#tip").attrs["class"] == "pl-tooltip"
        tip = view.find("#tip-tip")
        assert tip.attrs["role"] == "tooltip" and tip.text == "Saved every minute"
        wrapped = view.find(".pl-tooltip-target")
        assert wrapped.attrs["tabindex"] == "0"
        assert view.find(f"#{wrapped.attrs['aria-describedby']}").text == "Estimated"


async def test_tabs_click_and_arrow_keys():
    tabs = Tabs([Tab("One", h.p("first")), Tab("Two", h.p("second")), Tab("Three", h.p("third"))], label="Demo", id="t")
    async with render(tabs) as view:
        tablist = view.find("[role=tablist]")
        assert tablist.attrs["aria-label"] == "Demo" and tablist.attrs["hook"] == "Tabs"
        buttons = view.find_all("[role=tab]")
        assert [b.attrs["aria-selected"] for b in buttons] == ["true", "false", "false"]
        assert [b.attrs["tabindex"] for b in buttons] == ["0", "-1", "-1"]
        panel = view.find("[role=tabpanel]")
        assert panel.attrs["aria-labelledby"] == buttons[0].attrs["id"] and panel.text == "first"
        assert buttons[0].attrs["aria-controls"] == panel.attrs["id"]
        await view.click("#t-tab-1")
        assert view.find("[role=tabpanel]").text == "second"
        await view.keydown("#t-tab-1", "ArrowRight")
        assert view.find("[role=tabpanel]").text == "third"
        await view.keydown("#t-tab-2", "ArrowRight")  # wraps
        assert view.find("[role=tabpanel]").text == "first"
        await view.keydown("#t-tab-0", "ArrowLeft")
        assert view.find("[role=tabpanel]").text == "third"
        await view.keydown("#t-tab-2", "Home")
        assert view.find("[role=tabpanel]").text == "first"
        await view.keydown("#t-tab-0", "End")
        assert [b.attrs["tabindex"] for b in view.find_all("[role=tab]")] == ["-1", "-1", "0"]
        await view.keydown("#t-tab-2", "a")  # not a key the tabs listen to
        assert view.find("[role=tabpanel]").text == "third"


async def test_controlled_tabs_report_changes():
    seen = []
    async with render(Tabs([Tab("A", "a", key="a"), Tab("B", "b", key="b")], selected="b", on_change=seen.append)) as view:
        assert view.find("[role=tabpanel]").text == "b"
        await view.click("[role=tab]")
        assert seen == ["a"]


async def test_accordion_single_and_multiple():
    items = [AccordionItem("Shipping", "Ships in 2 days"), AccordionItem("Returns", "30 days")]
    async with render(Accordion(items, id="acc")) as view:
        triggers = view.find_all(".pl-accordion-trigger")
        assert [t.attrs["aria-expanded"] for t in triggers] == ["false", "false"]
        assert view.find("h3 button") is triggers[0]
        await view.click("#acc-button-0")
        region = view.find("[role=region]")
        assert region.text == "Ships in 2 days" and region.attrs["aria-labelledby"] == "acc-button-0"
        assert view.find("#acc-button-0").attrs["aria-controls"] == region.attrs["id"]
        await view.click("#acc-button-1")
        assert [r.text for r in view.find_all("[role=region]")] == ["30 days"]
        await view.click("#acc-button-1")
        assert not view.find_all("[role=region]")
    async with render(Accordion(items, multiple=True, initially_open=["Returns"])) as view:
        await view.click(".pl-accordion-trigger")
        assert len(view.find_all("[role=region]")) == 2


async def test_tooltip_on_a_component_trigger_describes_its_element():
    async with render(Tooltip(Button("?", id="q"), "Explained", id="tip2")) as view:
        assert view.find("#q").attrs["aria-describedby"] == "tip2-tip"
        assert not view.find_all(".pl-tooltip-target")  # no extra tab stop


@pl.component
def ClientModalPage():
    closed, set_closed = pl.use_state(0)
    return h.div(
        Button("Shortcuts", id="open", on_click=open_modal("keys")),
        Modal(h.p("Ctrl+K: palette"), id="keys", title="Shortcuts", on_close=lambda: set_closed(closed + 1)),
        h.p(str(closed), id="closed"),
    )


async def test_a_modal_without_open_is_opened_and_closed_by_the_browser():
    async with render(ClientModalPage()) as view:
        assert "hidden" in view.find("#keys").attrs
        sent = len(view.frames)
        await view.click("#open")
        assert len(view.frames) == sent  # no round trip
        assert "hidden" not in view.find("#keys").attrs
        await view.keydown("#keys-dialog", "Escape")
        assert "display: none" in view.find("#keys").attrs["style"]
        assert view.find("#closed").text == "1"  # on_close was pushed too
        await view.click("#open")
        await view.click(".pl-modal-backdrop")
        assert view.find("#closed").text == "2"


def test_a_modal_needs_an_id_without_open_and_on_close_with_it():
    with pytest.raises(TypeError, match="give it an id"):
        pl.render_to_string(Modal("x", title="t"))
    with pytest.raises(TypeError, match="needs on_close"):
        pl.render_to_string(Modal("x", open=True, title="t"))


async def test_disclosure_toggles_in_the_browser():
    async with render(Disclosure("More", h.input(id="proxy"), id="adv")) as view:
        button = view.find("#adv-button")
        assert button.attrs["aria-expanded"] == "false" and button.attrs["aria-controls"] == "adv-panel"
        assert "hidden" in view.find("#adv-panel").attrs
        sent = len(view.frames)
        await view.click("#adv-button")
        assert len(view.frames) == sent
        assert "hidden" not in view.find("#adv-panel").attrs
        assert view.find("#adv-button").attrs["aria-expanded"] == "true"
        await view.click("#adv-button")
        assert view.find("#adv-button").attrs["aria-expanded"] == "false"


async def test_a_dropdown_button_has_the_size_of_the_other_buttons():
    # Without a size class it lost the buttons' padding: 21 px high, under a thumb's 24 px.
    async with render(Dropdown("Actions", [("Copy", lambda: None)], id="menu")) as view:
        assert "pl-button--md" in view.find("#menu-button").attrs["class"].split()
