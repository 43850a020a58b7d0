"""Inputs and buttons through a live session: values in, converted values out, labels and ARIA."""

from __future__ import annotations

import pylive as pl
from components import Button, Checkbox, DateInput, NumberInput, RadioGroup, Select, Slider, Switch, TextArea, TextInput
from pylive import html as h
from pylive.testing import render


def capture(kind, **props):
    """A component holding the last value `kind`'s on_change gave, shown in #seen."""

    @pl.component
    def Harness():
        seen, set_seen = pl.use_state(None)
        return h.div(kind(on_change=set_seen, **props), h.output(repr(seen), id="seen"))

    return Harness()


async def test_button_click_variants_and_loading():
    clicks = []

    @pl.component
    def Harness():
        busy, set_busy = pl.use_state(False)
        return h.div(
            Button("Save", id="save", on_click=lambda: clicks.append(1)),
            Button("Delete", id="del", variant="danger", size="sm", on_click=lambda: set_busy(True)),
            Button("Busy", id="busy", loading=busy),
        )

    async with render(Harness()) as view:
        await view.click("#save")
        assert clicks == [1]
        save = view.find("#save")
        assert save.tag == "button" and save.attrs["type"] == "button"
        assert "pl-button--primary" in save.attrs["class"] and "pl-button--md" in save.attrs["class"]
        assert "pl-button--danger" in view.find("#del").attrs["class"]
        assert "disabled" not in view.find("#busy").attrs
        await view.click("#del")
        busy = view.find("#busy")
        assert "disabled" in busy.attrs and busy.attrs["aria-busy"] == "true"
        assert view.find_all("#busy .pl-spinner")


async def test_text_input_label_value_and_change():
    async with render(capture(TextInput, label="Name", name="name", id="name", hint="Your full name")) as view:
        label = view.find("label")
        assert label.attrs["for"] == "name-control" and label.text == "Name"
        field = view.find("#name-control")
        assert field.attrs["name"] == "name" and field.attrs["aria-describedby"] == "name-control-hint"
        await view.input("#name-control", "Ada")
        assert view.find("#seen").text == "'Ada'"


async def test_text_input_error_is_announced_and_described():
    async with render(TextInput("Email", "email", "x", id="email", error="Enter an email")) as view:
        field = view.find("#email-control")
        assert field.attrs["aria-invalid"] == "true"
        assert field.attrs["aria-describedby"] == "email-control-error"
        error = view.find("#email-control-error")
        assert error.text == "Enter an email" and error.attrs["aria-live"] == "polite"


async def test_generated_ids_link_label_and_control():
    async with render(h.div(TextInput("A", "a"), TextInput("B", "b"))) as view:
        labels = view.find_all("label")
        inputs = view.find_all("input")
        assert [l.attrs["for"] for l in labels] == [i.attrs["id"] for i in inputs]
        assert len({i.attrs["id"] for i in inputs}) == 2


async def test_textarea_and_date():
    async with render(capture(TextArea, label="Bio", name="bio", id="bio")) as view:
        assert view.find("#bio-control").tag == "textarea"
        await view.input("#bio-control", "line one\nline two")
        assert view.find("#seen").text == repr("line one\nline two")
    async with render(capture(DateInput, label="Start", name="start", id="start", min="2024-01-01")) as view:
        assert view.find("#start-control").attrs["type"] == "date"
        await view.change("#start-control", "2024-05-31")
        assert view.find("#seen").text == "'2024-05-31'"


async def test_number_input_converts():
    async with render(capture(NumberInput, label="Qty", name="qty", id="qty", min=1, max=9)) as view:
        assert view.find("#qty-control").attrs["type"] == "number"
        await view.input("#qty-control", "3")
        assert view.find("#seen").text == "3"
        await view.input("#qty-control", "2.5")
        assert view.find("#seen").text == "2.5"
        await view.input("#qty-control", "")
        assert view.find("#seen").text == "None"


async def test_slider_shows_its_value():
    @pl.component
    def Harness():
        volume, set_volume = pl.use_state(4)
        return Slider("Volume", "volume", volume, on_change=set_volume, min=0, max=11, id="vol")

    async with render(Harness()) as view:
        assert view.find("output").text == "4"
        await view.input("#vol-control", "7")
        assert view.find("output").text == "7"
        assert view.find("#vol-control").attrs["aria-valuetext"] == "7"


async def test_select_options_and_change():
    async with render(capture(Select, label="Colour", name="c", id="c", options=[("r", "Red"), ("g", "Green")])) as view:
        options = view.find_all("#c-control option")
        assert [(o.attrs["value"], o.text) for o in options] == [("r", "Red"), ("g", "Green")]
        assert not view.find_all("input[type=search]")
        await view.change("#c-control", "g")
        assert view.find("#seen").text == "'g'"


async def test_long_select_is_searchable():
    countries = [f"Country {i:02}" for i in range(40)]
    async with render(Select("Country", "country", "Country 05", options=countries, id="country")) as view:
        search = view.find("input[type=search]")
        assert search.attrs["aria-controls"] == "country-control"
        assert "Country" in search.attrs["aria-label"]
        assert len(view.find_all("#country-control option")) == 40
        await view.input("input[type=search]", "country 1")
        shown = [o.text for o in view.find_all("#country-control option")]
        # The matches, and the chosen one stays so the value is not lost.
        assert shown == ["Country 05"] + [f"Country {i}" for i in range(10, 20)]
        assert view.find(".pl-select-count").text == "11 of 40"


async def test_checkbox_and_switch():
    async with render(capture(Checkbox, label="Accept", name="ok", id="ok")) as view:
        box = view.find("#ok-control")
        assert box.attrs["type"] == "checkbox" and view.find("label").attrs["for"] == "ok-control"
        await view.change("#ok-control", True)
        assert view.find("#seen").text == "True"
        await view.change("#ok-control", False)
        assert view.find("#seen").text == "False"
    async with render(capture(Switch, label="Heating", name="heat", id="heat", checked=True)) as view:
        switch = view.find("#heat-control")
        assert switch.attrs["role"] == "switch" and "checked" in switch.attrs
        await view.change("#heat-control", False)
        assert view.find("#seen").text == "False"


async def test_radio_group():
    @pl.component
    def Harness():
        plan, set_plan = pl.use_state("Free")
        return RadioGroup("Plan", "plan", plan, options=["Free", "Pro"], on_change=set_plan, id="plan")

    async with render(Harness()) as view:
        group = view.find("#plan")
        assert group.tag == "fieldset" and group.attrs["role"] == "radiogroup"
        assert view.find("legend").text == "Plan"
        radios = view.find_all("input[type=radio]")
        assert ["checked" in r.attrs for r in radios] == [True, False]
        assert [l.attrs["for"] for l in view.find_all("label")] == [r.attrs["id"] for r in radios]
        await view.change("#plan-1", True)
        assert [r.checked for r in view.find_all("input[type=radio]")] == [False, True]


async def test_disabled_controls():
    async with render(h.div(TextInput("A", "a", id="a", disabled=True), Checkbox("B", "b", id="b", disabled=True))) as view:
        assert "disabled" in view.find("#a-control").attrs and "disabled" in view.find("#b-control").attrs


async def test_a_number_outside_min_and_max_shows_an_error_and_still_reaches_the_app():
    got = []

    @pl.component
    def Age():
        age, set_age = pl.use_state(3)
        return NumberInput("Age", "age", age, on_change=lambda v: (got.append(v), set_age(v)), min=0, max=200, id="age")

    async with render(Age()) as view:
        await view.input("#age-control", "-5")
        assert got == [-5]  # the app still decides what to do with it
        assert view.find("#age-control").attrs["aria-invalid"] == "true"
        assert view.find("#age-control-error").text == "Enter a number from 0 to 200"
        await view.input("#age-control", "5")
        assert "aria-invalid" not in view.find("#age-control").attrs
