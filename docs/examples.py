"""One small, complete example per stock component: shown on its reference page and drawn in
Chromium by `docs/screenshots.py` for the picture next to it.

Each entry is the example's source (what the page shows) and is evaluated as written, so the
picture is of exactly that code. A component without an entry gets a page with its signature and
docstring; add it here and run `python docs/screenshots.py --components` for its picture.
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "Accordion": '''Accordion([
    AccordionItem("What is pylive?", "Server-rendered, real-time web UIs in Python."),
    AccordionItem("Do I need JavaScript?", "No: the browser runtime ships with pylive."),
], initially_open=["What is pylive?"])''',
    "Alert": '''Stack(
    Alert("Your changes were saved.", tone="success", title="Saved"),
    Alert("Sensor 42 has not reported for 5 minutes.", tone="warning", title="Heads up"),
)''',
    "AppShell": '''AppShell(
    Card("Welcome back.", title="Overview"),
    title="Plant 4",
    nav=[("Overview", "/"), ("Sensors", "/sensors"), ("Settings", "/settings")],
    actions=Button("Sign out", variant="secondary", size="sm"),
)''',
    "AreaChart": '''AreaChart({"requests": [120, 180, 160, 240, 300, 280, 350, 330]}, y_min=0,
          title="Requests per second")''',
    "Badge": '''Row(Badge("new", tone="info"), Badge("3 alerts", tone="danger"), Badge("ok", tone="success"),
    Badge("idle"))''',
    "BarChart": '''BarChart({"2025": [12, 19, 7, 15], "2026": [15, 22, 11, 18]}, labels=["Q1", "Q2", "Q3", "Q4"],
         title="Energy saved (MWh)")''',
    "Button": '''Row(
    Button("Save", on_click=lambda: None),
    Button("Cancel", variant="secondary"),
    Button("Delete", variant="danger"),
    Button("Saving", loading=True),
)''',
    "Card": '''Card("Three sensors report above their threshold.", title="Alerts",
     actions=Button("View all", variant="ghost", size="sm"), footer="Updated 2 minutes ago")''',
    "ChatMessages": '''ChatMessages([
    ChatMessage(1, "Ada", "The boiler pressure looks high again.", "09:12"),
    ChatMessage(2, "you", "On it: lowering the setpoint.", "09:13", mine=True),
], height="10rem")''',
    "Checkbox": '''Checkbox("Send me the newsletter", "newsletter", checked=True)''',
    "DataTable": '''DataTable(
    [Column("id", "#", align="end", width="4rem"), Column("name", "Name"), Column("city", "City")],
    rows=[{"id": 1, "name": "Ada Lovelace", "city": "London"}, {"id": 2, "name": "Grace Hopper", "city": "New York"},
          {"id": 3, "name": "Edsger Dijkstra", "city": "Rotterdam"}],
    page_size=10, caption="People",
)''',
    "DateInput": '''DateInput("Start date", "start", "2026-05-31")''',
    "Field": '''Field(h.input(id="city", class_="pl-input", value="Oslo"), label="City", control_id="city",
      hint="Where the device is installed")''',
    "Form": '''Form(
    TextInput("Email", "email", type="email"),
    TextInput("Password", "password", type="password"),
    validators={"email": [required(), email()], "password": [required(), min_length(8)]},
    on_submit=lambda values: None,
    submit_label="Create account",
)''',
    "Gauge": '''Row(Gauge(42, label="CPU", unit="%"), Gauge(87, label="Memory", unit="%", warn=70, danger=85))''',
    "Grid": '''Grid(*[Card(f"Device {i}", title=f"Room {i}") for i in range(1, 5)], min_width="10rem")''',
    "LineChart": '''LineChart({"cpu": [32, 40, 38, 55, 61, 58, 49, 52], "memory": [60, 61, 63, 62, 64, 66, 65, 67]},
          y_min=0, y_max=100, title="Load (%)")''',
    "LogView": '''LogView(
    ["09:12:01 boot: service started", "09:12:02 db: connected", "09:12:05 http: listening on :8000"],
    height="7rem",
)''',
    "Markdown": '''Markdown("## Release notes\\n\\n- **Faster** tables\\n- Dark mode everywhere\\n\\n"
         "See the `README`.")''',
    "Modal": '''Modal("Delete the sensor 'Boiler 3'? This cannot be undone.", open=True, on_close=lambda: None,
      title="Delete sensor", footer=Row(Button("Cancel", variant="secondary"), Button("Delete", variant="danger")))''',
    "NumberInput": '''NumberInput("Quantity", "quantity", 3, min=1, max=10)''',
    "Pagination": '''Pagination(page=2, total=240, page_size=25, on_page=lambda page: None)''',
    "Progress": '''Stack(Progress(64, label="Upload"), Progress(None, label="Working"))''',
    "RadioGroup": '''RadioGroup("Plan", "plan", "pro", options=[("free", "Free"), ("pro", "Pro"), ("team", "Team")],
           inline=True)''',
    "Row": '''Row(Button("One"), Button("Two", variant="secondary"), Button("Three", variant="ghost"))''',
    "Select": '''Select("Country", "country", "fr", options=[("fr", "France"), ("de", "Germany"), ("it", "Italy")])''',
    "Slider": '''Slider("Volume", "volume", 40)''',
    "Sparkline": '''Row(Sparkline([3, 5, 4, 6, 8, 7, 9], label="Requests"),
    Sparkline([9, 7, 8, 5, 4, 3, 2], label="Errors"))''',
    "Spinner": '''Row(Spinner(size="sm"), Spinner(), Spinner(size="lg"))''',
    "Stack": '''Stack(Alert("First"), Alert("Second", tone="success"), gap="sm")''',
    "Switch": '''Switch("Dark theme", "dark", checked=True)''',
    "Tabs": '''Tabs([Tab("Overview", "Three sensors, all online."), Tab("Log", "No new lines."),
      Tab("Settings", "…")])''',
    "TextArea": '''TextArea("About you", "about", "I build dashboards.", rows=3)''',
    "TextInput": '''Stack(
    TextInput("Name", "name", "Ada", hint="As it appears on your badge"),
    TextInput("Email", "email", "ada@", error="Enter an email address like name@example.com"),
)''',
    "Toast": '''Toast("Your report is ready.", tone="success", title="Done", duration=None)''',
    "ToastStack": '''ToastStack([ToastItem("Saved", tone="success", duration=None),
            ToastItem("Sensor 4 is offline", tone="warning", duration=None)], on_dismiss=lambda id: None)''',
    "Tooltip": '''Tooltip(Button("Hover me", variant="secondary"), "Shown on hover and on focus")''',
}


def example_namespace() -> dict:
    """What the examples may use: every stock component and validator, `pl` and `h`."""
    import components
    import pylive as pl
    from pylive import html as h

    names = {name: getattr(components, name) for name in components.__all__}
    return {**names, "pl": pl, "h": h}


def build(name: str):
    """The example of component `name`, evaluated (an element tree)."""
    return eval(EXAMPLES[name], example_namespace())  # noqa: S307 - our own examples, above
