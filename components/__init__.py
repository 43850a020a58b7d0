"""The stock component library: inputs, forms, tables, charts, overlays, feedback, layout, content.

    import pylive as pl
    from components import Button, Form, TextInput, required, email

    @pl.component
    def Signup():
        return Form(
            TextInput("Email", "email", type="email"),
            validators={"email": [required(), email()]},
            on_submit=create_account,
        )

Every component is a `pl.Component`, keyboard accessible, styled by `assets/components.css`
(light and dark themes; set `--pl-accent` to recolour it) and, where the browser needs help (focus
trap, auto-scroll), by the JS hooks in `assets/components.js`. Each takes `class_`, `id`, `style`
and `data_*`/`aria_*` attributes for its outer element, and any other prop it does not declare
raises `TypeError` when called (see `attributes.py`).
"""

from .async_view import AsyncView
from .buttons import Button
from .charts import AreaChart, BarChart, Gauge, LineChart, Sparkline
from .choices import Checkbox, RadioGroup, Select, Switch
from .content import ChatMessage, ChatMessages, Feed, LogView, Markdown
from .datasource import DataSource, Sort, list_source
from .disclosure import Accordion, AccordionItem, Disclosure, Tab, Tabs
from .feedback import Alert, Badge, Flash, Progress, Spinner, Toast, ToastItem, ToastStack, use_toasts
from .field import Field, FormContext, FormState
from .filedrop import FileDrop
from .form import Form
from .identity import use_id
from .inputs import DateInput, NumberInput, Slider, TextArea, TextInput
from .layout import AppShell, Card, Grid, Row, Stack
from .overlays import Dropdown, Modal, Tooltip, open_modal
from .pagination import Pagination
from .table import Column, DataTable
from .validators import email, matches, max_length, min_length, number_range, pattern, required, validate

__all__ = [
    "Accordion",
    "AccordionItem",
    "Alert",
    "AppShell",
    "AreaChart",
    "AsyncView",
    "Badge",
    "BarChart",
    "Button",
    "Card",
    "ChatMessage",
    "ChatMessages",
    "Checkbox",
    "Column",
    "DataSource",
    "DataTable",
    "Flash",
    "DateInput",
    "Disclosure",
    "Dropdown",
    "Feed",
    "Field",
    "FileDrop",
    "Form",
    "FormContext",
    "FormState",
    "Gauge",
    "Grid",
    "LineChart",
    "LogView",
    "Markdown",
    "Modal",
    "NumberInput",
    "Pagination",
    "Progress",
    "RadioGroup",
    "Row",
    "Select",
    "Slider",
    "Sort",
    "Sparkline",
    "Spinner",
    "Stack",
    "Switch",
    "Tab",
    "Tabs",
    "TextArea",
    "TextInput",
    "Toast",
    "ToastItem",
    "ToastStack",
    "Tooltip",
    "email",
    "list_source",
    "matches",
    "max_length",
    "min_length",
    "open_modal",
    "number_range",
    "pattern",
    "required",
    "use_id",
    "use_toasts",
    "validate",
]
