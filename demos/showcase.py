"""The stock components: inputs, a validated form, a 100,000-row table, live charts, overlays and more.

Every component of `components/` with live interactions, on one page: type in the inputs and
see the server's values, submit the form (try taken@example.com), sort and filter a table of
100,000 generated sensors served a page at a time, watch charts fed by a timer, open a modal,
raise toasts, and chat with yourself.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Mapping
from typing import Any, Callable

import pylive as pl
from components import (
    Accordion,
    AccordionItem,
    Alert,
    AppShell,
    AreaChart,
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
    Form,
    Gauge,
    Grid,
    LineChart,
    LogView,
    Markdown,
    Modal,
    NumberInput,
    Progress,
    RadioGroup,
    Row,
    Select,
    Slider,
    Sort,
    Sparkline,
    Spinner,
    Stack,
    Switch,
    Tab,
    Tabs,
    TextArea,
    TextInput,
    ToastStack,
    Tooltip,
    email,
    matches,
    min_length,
    required,
    use_toasts,
)
from components.feedback import Tone
from pylive import html as h

# --- a server-side data source over 100,000 generated rows -------------------------------------

ROWS = 100_000
ROOMS = ("Boiler", "Kitchen", "Lab", "Attic", "Garage", "Server room", "Cellar", "Office", "Hall", "Roof")
STATUSES = ("ok", "ok", "ok", "ok", "warning", "ok", "ok", "offline", "ok", "ok")


def sensor_row(i: int, edits: dict[int, float]) -> dict[str, Any]:
    """Row `i`, computed when asked: no list of 100,000 rows is ever built."""
    reading = edits.get(i, round(((i * 2654435761) % 100_000) / 1000, 2))
    return {
        "id": i + 1,
        "sensor": f"S-{i + 1:06d}",
        "room": ROOMS[(i * 7) % len(ROOMS)],
        "reading": reading,
        "status": STATUSES[(i * 13) % len(STATUSES)],
    }


class SensorSource:
    """`source(page, page_size, sort, filter) -> (rows, total)` for the DataTable.

    Only the asked page is built. Sorting or filtering computes one key per row, once, and keeps
    that order for the pages that follow (as a database index would).
    """

    def __init__(self) -> None:
        self.edits: dict[int, float] = {}
        self._order_key: Any = None
        self._order: list[int] | range = range(ROWS)

    def _ordered(self, sort: Sort | None, needle: str) -> list[int] | range:
        key = (sort, needle, len(self.edits) if sort and sort.key == "reading" else 0)
        if key == self._order_key:
            return self._order
        indexes: list[int] | range = range(ROWS)
        if needle:
            low = needle.casefold()
            indexes = [
                i for i in indexes
                if low in f"s-{i + 1:06d}" or low in ROOMS[(i * 7) % len(ROOMS)].casefold()
                or low == STATUSES[(i * 13) % len(STATUSES)]
            ]
        if sort is not None and sort.key != "id":
            indexes = sorted(indexes, key=lambda i: sensor_row(i, self.edits)[sort.key], reverse=sort.descending)
        elif sort is not None and sort.descending:
            indexes = indexes[::-1]
        self._order_key, self._order = key, indexes
        return indexes

    def __call__(self, page: int, page_size: int, sort: Sort | None, filter: str) -> tuple[list[dict[str, Any]], int]:
        order = self._ordered(sort, filter.strip())
        start = page * page_size
        return [sensor_row(i, self.edits) for i in order[start:start + page_size]], len(order)


def reading_cell(value: float, row: Mapping[str, Any]) -> Any:
    return h.span(f"{value:.2f}", class_="reading")


def status_cell(value: str, row: Mapping[str, Any]) -> Any:
    tone: Tone = "success" if value == "ok" else "warning" if value == "warning" else "danger"
    return Badge(value, tone=tone)


SENSOR_COLUMNS = [
    Column("id", "#", align="end", width="6rem"),
    Column("sensor", "Sensor"),
    Column("room", "Room"),
    Column("reading", "Reading (°C)", align="end", render=reading_cell),
    Column("status", "Status", render=status_cell),
]


@pl.component
def SensorTable() -> pl.ComponentElement:
    source = pl.use_memo(SensorSource, [])
    version, set_version = pl.use_state(0)
    selected, set_selected = pl.use_state(frozenset[int]())

    def bump() -> None:
        # Change one reading: the table asks its source again and one cell's text is patched.
        i = random.randrange(25)
        source.edits[i] = round(random.uniform(10, 90), 2)
        set_version(lambda v: v + 1)

    return Stack(
        Row(
            Button("Change a reading on page 1", variant="secondary", on_click=bump, id="bump"),
            h.span(f"{len(selected):,} sensor{'' if len(selected) == 1 else 's'} selected", class_="muted"),
        ),
        DataTable(
            SENSOR_COLUMNS,
            source,
            page_size=15,
            selectable=True,
            selected=selected,
            on_select=set_selected,
            caption=f"{ROWS:,} sensors",
            version=version,
            id="sensors",
        ),
    )


# --- live charts --------------------------------------------------------------------------------

WINDOW = 120


def _signal(t: int, phase: float) -> float:
    return 50 + 30 * math.sin(t / 9 + phase) + random.uniform(-6, 6)


@pl.component
def LiveCharts() -> pl.ComponentElement:
    tick, set_tick = pl.use_state(WINDOW)
    data, set_data = pl.use_state(lambda: {
        "cpu": [_signal(t, 0) for t in range(WINDOW)],
        "memory": [_signal(t, 2) for t in range(WINDOW)],
    })
    running, set_running = pl.use_state(True)
    speed, set_speed = pl.use_state(1000)

    def step() -> None:
        set_data(lambda d: {name: values[1:] + [max(0.0, min(100.0, _signal(tick, i * 2)))]
                            for i, (name, values) in enumerate(d.items())})
        set_tick(lambda t: t + 1)

    pl.use_interval(step, speed if running else None)
    cpu = data["cpu"]
    start = tick - WINDOW
    return Stack(
        Row(
            Switch("Live updates", "live", running, on_change=set_running, id="live-switch"),
            Slider("Update every (ms)", "speed", speed, on_change=lambda v: set_speed(int(v or 200)),
                   min=200, max=2000, step=100,
                   throttle=None, id="speed"),
            gap="lg",
        ),
        LineChart(data, start=start, x_span=WINDOW - 1, y_min=0, y_max=100, title="Load (%)",
                  x_label="tick", id="load-chart"),
        Grid(
            Card(Gauge(cpu[-1], label="CPU", unit="%", warn=70, danger=85, format=lambda v: f"{v:.0f}"), title="Now"),
            Card(
                Stack(
                    Row(h.span("CPU", class_="spark-label"), Sparkline(cpu[-40:], label="CPU, last 40 ticks"), wrap=False),
                    Row(h.span("Memory", class_="spark-label"), Sparkline(data["memory"][-40:], label="Memory, last 40 ticks"),
                        wrap=False),
                    gap="sm",
                ),
                title="Trends",
            ),
            min_width="14rem",
        ),
        AreaChart(data["memory"][-60:], start=tick - 60, x_span=59, y_min=0, y_max=100, title="Memory (%)",
                  id="memory-chart"),
        BarChart(
            {"2025": [12, 19, 14, 22], "2026": [15, 21, 18, 27]},
            labels=["Q1", "Q2", "Q3", "Q4"],
            title="Energy saved (MWh)",
            id="energy-chart",
        ),
    )


# --- inputs and form ----------------------------------------------------------------------------

COUNTRIES = [
    "Argentina", "Australia", "Brazil", "Canada", "Chile", "China", "Egypt", "France", "Germany", "Ghana",
    "India", "Indonesia", "Italy", "Japan", "Kenya", "Mexico", "Morocco", "Nigeria", "Norway", "Peru",
    "Portugal", "South Korea", "Spain", "Sweden", "Thailand", "Turkey", "United Kingdom", "United States",
]


@pl.component
def InputsPanel() -> pl.ComponentElement:
    initial: dict[str, Any] = {
        "name": "", "bio": "", "qty": 2, "volume": 40, "country": "France", "size": "M",
        "newsletter": False, "alerts": True, "plan": "Pro", "start": "",
    }
    values, set_values = pl.use_state(initial)

    def setter(key: str) -> Callable[[Any], None]:
        return lambda value: set_values(lambda v: {**v, key: value})

    v = values
    return Grid(
        Stack(
            TextInput("Name", "name", v["name"], on_change=setter("name"), hint="As it appears on your badge", id="in-name"),
            TextArea("About you", "bio", v["bio"], on_change=setter("bio"), rows=3, id="in-bio"),
            NumberInput("Quantity", "qty", v["qty"], on_change=setter("qty"), min=0, max=99,
                        error=None if v["qty"] is not None and 0 <= v["qty"] <= 99 else "Enter 0 to 99", id="in-qty"),
            Slider("Volume", "volume", v["volume"], on_change=setter("volume"), id="in-volume"),
            DateInput("Start date", "start", v["start"], on_change=setter("start"), id="in-start"),
        ),
        Stack(
            Select("Country", "country", v["country"], options=COUNTRIES, on_change=setter("country"), id="in-country"),
            Select("Size", "size", v["size"], options=[("S", "Small"), ("M", "Medium"), ("L", "Large")],
                   on_change=setter("size"), id="in-size"),
            Checkbox("Send me the newsletter", "newsletter", v["newsletter"], on_change=setter("newsletter"), id="in-news"),
            Switch("Alerts", "alerts", v["alerts"], on_change=setter("alerts"), id="in-alerts"),
            RadioGroup("Plan", "plan", v["plan"], options=["Free", "Pro", "Team"], on_change=setter("plan"),
                       inline=True, id="in-plan"),
            Card(h.pre(h.code("\n".join(f"{k} = {val!r}" for k, val in v.items())), class_="values"),
                 title="What the server has", id="in-values"),
        ),
        min_width="18rem",
    )


@pl.component
def SignupForm(on_done: Any) -> pl.ComponentElement:
    async def create_account(values: dict[str, Any]) -> Any:
        await asyncio.sleep(0.8)  # a slow backend: the button shows its loading state
        if values.get("email", "").strip().lower() == "taken@example.com":
            return {"email": "This email already has an account"}
        on_done(f"Welcome, {values['email']}!")
        return "Account created."

    return Form(
        TextInput("Email", "email", type="email", autocomplete="email", required=True, id="su-email"),
        TextInput("Password", "password", type="password", autocomplete="new-password", required=True,
                  hint="At least 8 characters", id="su-password"),
        TextInput("Repeat the password", "confirm", type="password", autocomplete="new-password", id="su-confirm"),
        Select("Role", "role", options=["Operator", "Engineer", "Manager"], placeholder="Choose…", id="su-role"),
        Checkbox("I accept the terms", "terms", id="su-terms"),
        validators={
            "email": [required(), email()],
            "password": [required(), min_length(8)],
            "confirm": [required("Repeat the password"), matches("password", "The passwords differ")],
            "role": required("Choose a role"),
            "terms": required("Accept the terms to go on"),
        },
        on_submit=create_account,
        submit_label="Create account",
        id="signup",
    )


# --- overlays, feedback, disclosure, content -----------------------------------------------------


@pl.component
def OverlaysPanel(push: Any) -> pl.ComponentElement:
    open_, set_open = pl.use_state(False)
    progress, set_progress = pl.use_state(0)
    pl.use_interval(lambda: set_progress(lambda p: (p + 7) % 107), 700)
    return Stack(
        Row(
            Button("Open a dialog", on_click=lambda: set_open(True), id="open-modal"),
            Button("Success toast", variant="secondary", on_click=lambda: push("Saved.", tone="success"), id="toast-ok"),
            Button("Error toast", variant="secondary", id="toast-err",
                   on_click=lambda: push("The pump did not answer.", tone="danger", title="Pump 3", duration=8000)),
            Tooltip(Button("?", variant="ghost", aria_label="What are toasts?", id="tip-trigger"),
                    "Toasts stack in the corner and go away by themselves."),
        ),
        Modal(
            h.p("This dialog keeps the focus inside it: Tab cycles through its controls, Escape closes it, "
                "and the focus goes back to the button that opened it."),
            TextInput("Name of the new zone", "zone", id="zone-name"),
            open=open_,
            on_close=lambda: set_open(False),
            title="Add a zone",
            footer=Row(
                Button("Cancel", variant="ghost", on_click=lambda: set_open(False)),
                Button("Add", on_click=lambda: (set_open(False), push("Zone added.", tone="success"))),
                justify="end",
            ),
            id="zone-modal",
        ),
        Alert("Sensor S-000042 has not reported for 5 minutes.", tone="warning", title="Heads up"),
        Alert("Nightly backup finished.", tone="success"),
        Row(Badge("online", tone="success"), Badge("3 alerts", tone="danger"), Badge("beta", tone="info"),
            Badge("idle"), Spinner("Syncing…", size="sm")),
        Progress(min(progress, 100), label="Firmware upload"),
        Progress(None, label="Calibrating"),
    )


ABOUT = """\
### Markdown, rendered on the server

Text **users write** is rendered with *markdown-it-py*, with raw HTML escaped
(<script>alert("no")</script> stays text) and only safe links: [pylive](https://example.com).

| Component | Keyboard |
|---|---|
| Tabs | ← → Home End |
| Modal | Tab, Shift+Tab, Escape |
"""


def first_messages() -> tuple[ChatMessage, ...]:
    return (
        ChatMessage(1, "Ada", "The boiler pressure looks **high** again.", "09:12"),
        ChatMessage(2, "you", "On it: lowering the setpoint.", "09:13", mine=True),
    )


@pl.component
def ContentPanel() -> pl.ComponentElement:
    text, set_text = pl.use_state(ABOUT)
    lines, set_lines = pl.use_state(lambda: [f"{time.strftime('%H:%M:%S')} boot: service started"])
    first, set_first = pl.use_state(0)
    messages, set_messages = pl.use_state(first_messages)
    draft, set_draft = pl.use_state("")

    def log_line() -> None:
        level = random.choice(("info", "info", "info", "warn", "debug"))
        line = f"{time.strftime('%H:%M:%S')} {level}: sensor {random.randrange(1, ROWS):06d} read {random.uniform(10, 90):.1f} °C"
        set_lines(lambda old: (old + [line])[-200:])
        set_first(lambda f: f + (1 if len(lines) >= 200 else 0))

    pl.use_interval(log_line, 1500)

    def send() -> None:
        if draft.strip():
            mine = ChatMessage(len(messages) + 1, "you", draft.strip(), time.strftime("%H:%M"), mine=True)
            set_messages(lambda m: (*m, mine))
            set_draft("")

    return Tabs(
        [
            Tab("Markdown", Grid(
                TextArea("Markdown source", "md", text, on_change=set_text, rows=12, debounce=200, id="md-source"),
                Card(Markdown(text), title="Preview"),
                min_width="18rem",
            ), key="markdown"),
            Tab("Log", LogView(lines, start=first, label="Service log", height="14rem"), key="log"),
            Tab("Chat", Stack(
                ChatMessages(list(messages), markdown=True, height="14rem"),
                h.form(
                    TextInput("Message", "message", draft, on_change=set_draft, id="chat-draft"),
                    Button("Send", type="submit"),
                    on_submit=send,
                    class_="chat-form",
                ),
            ), key="chat"),
            Tab("FAQ", Accordion([
                AccordionItem("Where do components get their look?",
                              "From assets/components.css: CSS custom properties, light and dark, one accent colour."),
                AccordionItem("Do charts need JavaScript?", "No: they are SVG rendered on the server, patched point by point."),
                AccordionItem("How big is one table page change?", "A few kilobytes: the new rows, never the table."),
            ], initially_open=["Where do components get their look?"]), key="faq"),
        ],
        label="Content examples",
        id="content-tabs",
    )


# --- the page ----------------------------------------------------------------------------------

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".showcase{display:flex;flex-direction:column;gap:1.5rem;max-width:72rem}"
    ".showcase h2{margin:0 0 .25rem;font-size:1.25rem;scroll-margin-top:5rem}"
    ".showcase .muted{color:var(--pl-muted)}"
    ".showcase .values{margin:0;font:.8rem/1.5 var(--pl-mono);white-space:pre-wrap}"
    ".showcase .chat-form{display:flex;gap:.5rem;align-items:flex-end}"
    ".showcase .chat-form .pl-field{flex:1}"
    ".showcase .reading{font-variant-numeric:tabular-nums}"
    ".showcase .spark-label{min-width:4.5rem}"
    "</style>"
)


def section(anchor: str, title: str, *children: Any) -> Any:
    return h.section(h.h2(title, id=anchor), *children, aria_labelledby=anchor)


@pl.component
def Showcase() -> pl.ComponentElement:
    toasts, push, dismiss = use_toasts()
    dark, set_dark = pl.use_state(False)
    welcome, set_welcome = pl.use_state(None)
    return AppShell(
        h.div(
            section("charts", "Charts", Card(LiveCharts())),
            section("table", "Data table", SensorTable()),
            section("form", "Form", Card(
                Alert(welcome, tone="success", key="welcome") if welcome else None,
                SignupForm(on_done=lambda text: (set_welcome(text), push(text, tone="success")), key="form"),
            )),
            section("inputs", "Inputs", Card(InputsPanel())),
            section("overlays", "Overlays and feedback", Card(OverlaysPanel(push=push))),
            section("content", "Content", Card(ContentPanel())),
            class_="showcase",
        ),
        ToastStack(toasts, on_dismiss=dismiss),
        title=(h.span("pylive components"), Badge("live", tone="success")),
        actions=Switch("Dark theme", "dark", dark, on_change=set_dark, id="theme-switch"),
        nav=[("Charts", "#charts"), ("Data table", "#table"), ("Form", "#form"), ("Inputs", "#inputs"),
             ("Overlays", "#overlays"), ("Content", "#content")],
        theme="dark" if dark else "light",
    )


app = pl.App(Showcase, title="Components", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
