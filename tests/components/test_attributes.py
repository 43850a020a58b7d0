"""Every stock component takes `class_`, `id`, `style` and `data_*`/`aria_*` attributes on its outer
element, and rejects any other prop it does not declare when the tree is built."""

from __future__ import annotations

import inspect
import re

import pytest

import components
import pylive as pl
from components import (
    Accordion,
    AccordionItem,
    Alert,
    AppShell,
    AreaChart,
    AsyncView,
    Badge,
    BarChart,
    Button,
    Card,
    ChatMessage,
    ChatMessages,
    Checkbox,
    Column,
    DataTable,
    DateInput,
    Disclosure,
    Dropdown,
    Field,
    FileDrop,
    Flash,
    Form,
    Gauge,
    Grid,
    LineChart,
    LogView,
    Markdown,
    Modal,
    NumberInput,
    Pagination,
    Progress,
    RadioGroup,
    Row,
    Select,
    Slider,
    Sparkline,
    Spinner,
    Stack,
    Switch,
    Tab,
    Tabs,
    TextArea,
    TextInput,
    Toast,
    ToastStack,
    Tooltip,
)
from components.attributes import StockComponent, stock_component
from pylive import html as h
from pylive.core.component import reusing_components
from pylive.testing import render


def noop(*args):
    return None


#: What `pl.use_upload` would return, with a file uploading and one refused (no session behind it).
UPLOAD = pl.Upload(
    "up1",
    ("image/*",),
    3,
    8_000_000,
    [
        pl.UploadEntry(1, "a.png", 10_000, "image/png", progress=40),
        pl.UploadEntry(2, "b.txt", 5, "text/plain", error="b.txt is not an accepted type (accepted: image/*)."),
    ],
    None,
)


#: A small valid call of every stock component, taking extra keyword arguments. Hints and errors
#: are given so that the label and ARIA links they make are there to check.
CALLS = {
    "Accordion": lambda **kw: Accordion([AccordionItem("A", "a"), AccordionItem("B", "b")], initially_open=["A"], **kw),
    "Alert": lambda **kw: Alert("Saved.", title="Done", on_dismiss=noop, **kw),
    "AppShell": lambda **kw: AppShell("Body", title="Plant", nav=[("Home", "/")], **kw),
    "AreaChart": lambda **kw: AreaChart({"a": [1, 2, 3], "b": [2, 1, 0]}, **kw),
    "AsyncView": lambda **kw: AsyncView(pl.AsyncResult(False, "v", None, noop), **kw),
    "Badge": lambda **kw: Badge("3", label="3 unread", **kw),
    "BarChart": lambda **kw: BarChart([1, 2], labels=["Q1", "Q2"], **kw),
    "Button": lambda **kw: Button("Save", **kw),
    "Card": lambda **kw: Card("Body", title="Boiler", footer="Foot", **kw),
    "ChatMessages": lambda **kw: ChatMessages([ChatMessage(1, "ann", "hi")], **kw),
    "Checkbox": lambda **kw: Checkbox("Accept", "ok", hint="Please", error="Required", **kw),
    "DataTable": lambda **kw: DataTable([Column("id", "#")], rows=[{"id": 1}], caption="Rows", **kw),
    "DateInput": lambda **kw: DateInput("Day", "day", hint="ISO", error="Too early", **kw),
    "Disclosure": lambda **kw: Disclosure("More", "details", **kw),
    "Dropdown": lambda **kw: Dropdown("Export", [("CSV", noop)], **kw),
    "Field": lambda **kw: Field(h.input(id="ctl", name="c"), label="C", control_id="ctl", hint="Hint", **kw),
    "FileDrop": lambda **kw: FileDrop(upload=UPLOAD, **kw),
    "Flash": lambda **kw: Flash(**kw),
    "Form": lambda **kw: Form(TextInput("Name", "name"), **kw),
    "Gauge": lambda **kw: Gauge(21, label="Boiler", **kw),
    "Grid": lambda **kw: Grid("a", "b", **kw),
    "LineChart": lambda **kw: LineChart([1, 2, 3], **kw),
    "Feed": lambda **kw: components.Feed(h.li("one"), **kw),
    "LogView": lambda **kw: LogView(["one", "two"], **kw),
    "Markdown": lambda **kw: Markdown("*hi*", **kw),
    "Modal": lambda **kw: Modal("Body", open=True, on_close=noop, title="Edit", **kw),
    "NumberInput": lambda **kw: NumberInput("Qty", "qty", 2, hint="1 to 9", error="Too many", **kw),
    "Pagination": lambda **kw: Pagination(page=0, total=40, page_size=10, on_page=noop, **kw),
    "Progress": lambda **kw: Progress(40, **kw),
    "RadioGroup": lambda **kw: RadioGroup("Plan", "plan", options=["Free", "Pro"], hint="Pick", error="No", **kw),
    "Row": lambda **kw: Row("a", "b", **kw),
    "Select": lambda **kw: Select("Country", "c", options=[f"C{i}" for i in range(12)], hint="Hint", **kw),
    "Slider": lambda **kw: Slider("Volume", "volume", 3, hint="Loud", **kw),
    "Sparkline": lambda **kw: Sparkline([1, 3, 2], **kw),
    "Spinner": lambda **kw: Spinner(**kw),
    "Stack": lambda **kw: Stack("a", "b", **kw),
    "Switch": lambda **kw: Switch("Heating", "heat", True, hint="Hint", **kw),
    "Tabs": lambda **kw: Tabs([Tab("One", "first"), Tab("Two", "second")], **kw),
    "TextArea": lambda **kw: TextArea("Bio", "bio", hint="Short", error="Too long", **kw),
    "TextInput": lambda **kw: TextInput("Name", "name", hint="Full name", error="Required", **kw),
    "Toast": lambda **kw: Toast("Saved", title="Done", **kw),
    "ToastStack": lambda **kw: ToastStack([], on_dismiss=noop, **kw),
    "Tooltip": lambda **kw: Tooltip(h.button("?"), "Saved every minute", **kw),
}

STOCK = sorted(n for n in components.__all__ if isinstance(getattr(components, n), pl.Component))

#: The attributes that hold the ids of other elements.
ID_REFS = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


def outer(view):
    """The component's outer element: the first element of the page."""
    return next(view.document.root.elements())


def test_every_exported_component_is_covered_and_checked():
    assert sorted(CALLS) == STOCK
    assert all(isinstance(getattr(components, n), StockComponent) for n in STOCK)


@pytest.mark.parametrize("name", STOCK)
def test_signature_declares_the_shared_attributes(name):
    params = inspect.signature(getattr(components, name).fn).parameters
    assert params["class_"].annotation == "str | list[str] | None" and params["class_"].default is None
    assert params["id"].annotation == "str | None" and params["id"].default is None
    assert params["style"].annotation == "str | dict[str, Any] | None" and params["style"].default is None
    for shared in ("class_", "id", "style"):
        assert params[shared].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["attrs"].kind is inspect.Parameter.VAR_KEYWORD and params["attrs"].annotation == "Any"


@pytest.mark.parametrize("name", STOCK)
async def test_outer_element_takes_class_id_style_data_and_aria(name):
    element = CALLS[name](
        class_=["extra", "", "more"],
        id="outer",
        style={"outline_offset": "2px"},
        data_test="yes",
        aria_keyshortcuts="Alt+X",
    )
    async with render(element) as view:
        node = outer(view)
        assert node.id == "outer"
        own, _, given = node.attrs["class"].rpartition(" extra ")
        assert own.startswith("pl-") and given == "more"  # the component's classes first
        assert node.attrs["style"].endswith("outline-offset:2px")
        assert node.attrs["data-test"] == "yes" and node.attrs["aria-keyshortcuts"] == "Alt+X"
        assert view.errors == []


@pytest.mark.parametrize(
    ("name", "own"), [("Grid", "--pl-grid-min:16rem"), ("LogView", "max-height:16rem"), ("Button", "")]
)
async def test_style_and_class_as_text_come_after_the_components_own(name, own):
    async with render(CALLS[name](class_="mine", style="color: red")) as view:
        node = outer(view)
        assert node.attrs["class"].startswith("pl-") and node.attrs["class"].endswith(" mine")
        assert node.attrs["style"] == (f"{own};color: red" if own else "color: red")


@pytest.mark.parametrize("name", STOCK)
@pytest.mark.parametrize("given_id", [None, "outer"])
async def test_ids_stay_unique_and_every_reference_finds_its_element(name, given_id):
    async with render(h.div(CALLS[name](id=given_id), id="page")) as view:
        nodes = list(view.document.root.elements())
        ids = [n.id for n in nodes if n.id]
        assert len(ids) == len(set(ids)), ids
        for node in nodes:
            for attr in ID_REFS:
                if attr == "aria-controls" and node.attrs.get("aria-expanded") == "false":
                    continue  # a closed disclosure's panel is not rendered
                for ref in node.attrs.get(attr, "").split():
                    assert ref in ids, f"{node} {attr}={ref!r}"
            clip = re.fullmatch(r"url\(#(.+)\)", node.attrs.get("clip-path", ""))
            assert clip is None or clip.group(1) in ids


@pytest.mark.parametrize("name", STOCK)
def test_an_unknown_prop_fails_when_the_tree_is_built(name):
    message = (
        f"{name}() got an unexpected prop 'frobnicate': "
        "use one of its own props, class_, id, style, or a data_*/aria_* attribute"
    )
    with pytest.raises(TypeError) as info:
        CALLS[name](frobnicate=True)  # the call alone, nothing rendered
    assert str(info.value) == message


@pytest.mark.parametrize("name", STOCK)
def test_a_misspelt_prop_gets_a_suggestion(name):
    params = inspect.signature(getattr(components, name).fn).parameters.values()
    prop = next(p.name for p in params if p.kind is not inspect.Parameter.VAR_POSITIONAL)
    message = f"{name}() got an unexpected prop '{prop}x': did you mean '{prop}'?"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        CALLS[name](**{f"{prop}x": 1})


def test_the_examples_of_the_contract():
    with pytest.raises(TypeError, match=r"^Progress\(\) got an unexpected prop 'lable': did you mean 'label'\?$"):
        Progress(lable="Upload")
    with pytest.raises(TypeError, match=r"^TextInput\(\) got an unexpected prop 'colour': "):
        TextInput("Name", colour="red")  # no longer an HTML attribute
    with pytest.raises(TypeError, match=r"did you mean 'aria_label'\?$"):
        Button("?", **{"aria-label": "Help"})
    with pytest.raises(TypeError, match=r"did you mean 'on_click'\?$"):
        Button("Save", onclick=noop)
    with pytest.raises(TypeError, match=r"did you mean 'class_'\?$"):
        Card(**{"class": "x"})
    assert isinstance(TextInput("x", class_="y"), pl.ComponentElement)
    assert Button("Go", key="go", data_row=3).key == "go"


async def test_inputs_name_the_field_and_derive_the_control_id():
    async with render(TextInput("Name", "name", hint="Full name", error="Required", id="who", aria_label="x")) as view:
        field = view.find("#who")
        assert field.tag == "div" and "pl-field" in field.attrs["class"] and field.attrs["aria-label"] == "x"
        control = view.find("#who-control")
        assert control.tag == "input" and "aria-label" not in control.attrs
        assert view.find("label").attrs["for"] == "who-control"
        assert control.attrs["aria-describedby"] == "who-control-hint who-control-error"
        assert view.find("#who-control-error").text == "Required"


async def test_radio_group_keeps_its_own_description_and_adds_the_callers():
    group = RadioGroup("Plan", "plan", options=["Free", "Pro"], hint="Pick one", id="plan", aria_describedby="more")
    async with render(h.div(group, h.p("More", id="more"))) as view:
        fieldset = view.find("#plan")
        assert fieldset.tag == "fieldset"
        assert fieldset.attrs["aria-describedby"] == "plan-hint more"
        assert [r.id for r in view.find_all("input[type=radio]")] == ["plan-0", "plan-1"]


async def test_components_that_number_their_parts_derive_them_from_the_id():
    async with render(Tabs([Tab("One", "first"), Tab("Two", "second")], id="t")) as view:
        assert view.find("#t").attrs["class"] == "pl-tabs"
        assert view.find("#t-tab-0").attrs["aria-controls"] == "t-panel"
        assert view.find("#t-panel").attrs["aria-labelledby"] == "t-tab-0"
    async with render(LineChart([1, 2, 3], id="load")) as view:
        assert view.find("#load").tag == "figure"
        assert view.find("[clip-path]").attrs["clip-path"] == "url(#load-clip)"
    async with render(DataTable([Column("id", "#")], rows=[{"id": 1}], caption="Rows", id="orders")) as view:
        assert view.find("#orders").attrs["class"] == "pl-datatable"
        assert view.find(".pl-table-scroll").attrs["aria-labelledby"] == "orders-caption"
    async with render(Modal("Body", open=True, on_close=noop, title="Edit", id="edit")) as view:
        assert view.find("#edit").attrs["class"] == "pl-modal-root"
        assert view.find("[role=dialog]").attrs["aria-labelledby"] == "edit-dialog-title"
    async with render(Tooltip(Button("?"), "Help", id="help")) as view:
        assert view.find("#help").attrs["class"] == "pl-tooltip"
        assert view.find("button").attrs["aria-describedby"] == "help-tip"


def test_hot_reload_gets_the_mounted_component_back_with_the_new_props():
    def Gadget(*, size: int = 1, **attrs):
        return None

    mounted = stock_component(Gadget)

    def Gadget(*, colour: str = "red", **attrs):  # the edited function
        return None

    with reusing_components(lambda fn: mounted):
        again = stock_component(Gadget)
    assert again is mounted
    mounted.replace_function(Gadget)
    assert mounted(colour="blue") is not None
    with pytest.raises(TypeError, match="did you mean 'colour'"):
        mounted(color="blue")
