"""pylive.testing: the in-process driver, its model DOM, selectors and event semantics."""

import asyncio

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import EventRefused, render


@pl.component
def Counter(start: int = 0):
    count, set_count = pl.use_state(start)
    return h.div(
        h.button("-", id="dec", on_click=lambda e: set_count(count - 1)),
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
        class_="counter",
    )


async def test_counter_contract_example():
    async with render(Counter(start=1)) as view:
        await view.click("#inc")
        assert view.find("#value").text == "2"
        assert 'id="value">2<' in view.html()
        assert view.frames[0].startswith('{"t":"mount"')
        await view.click("#dec")
        await view.click("#dec")
        assert view.find("#value").text == "0"
        assert len(view.frames) == 4  # the mount, then one message per click
        await view.settle()


async def test_counter_increment_is_small():
    async with render(Counter()) as view:
        await view.click("#inc")
        assert len(view.frames[-1].encode()) <= 60
        assert view.frames[-1] == '[1,1,[0,3,0,"1"]]'


async def test_html_matches_render_to_string():
    async with render(Counter(start=5)) as view:
        assert view.html() == pl.render_to_string(Counter(start=5))


async def test_selectors():
    tree = h.form(
        h.input(name="a", class_="x y", data_role="first"),
        h.div(h.input(name="b", class_=["y"]), h.button("Go", class_="primary", type="submit")),
        id="f",
    )
    async with render(tree) as view:
        assert [n.attrs["name"] for n in view.find_all("input.y")] == ["a", "b"]
        assert view.find("[data-role=first]").attrs["name"] == "a"
        assert view.find("form div input").attrs["name"] == "b"
        assert view.find("button.primary").text == "Go"
        assert view.find_all("#f input.x") and not view.find_all("form div input.x")
        assert view.find_all("table") == []
        with pytest.raises(LookupError):
            view.find("table")
        with pytest.raises(ValueError):
            view.find("div >")


async def test_events_bubble_to_nearest_binding():
    clicks = []

    @pl.component
    def Box():
        return h.div(h.p(h.span("inner", id="in")), on_click=lambda e: clicks.append(e.target_id))

    async with render(Box()) as view:
        await view.click("#in")
        assert clicks == ["in"]
        with pytest.raises(LookupError):
            await view.dispatch("#in", "keydown", key="a")


async def test_form_level_change_gets_whole_form():
    seen = []

    @pl.component
    def F():
        return h.form(
            h.input(name="first", value="Ada"),
            h.input(name="last", id="last", value=""),
            h.input(type="checkbox", name="ok", id="ok"),
            h.select(h.option("A", value="a"), h.option("B", value="b", selected=True), name="pick"),
            on_change=lambda e: seen.append(e.form),
            on_submit=lambda e: seen.append(("submit", e.form)),
            id="f",
        )

    async with render(F()) as view:
        await view.change("#last", "Lovelace")
        assert seen[-1] == {"first": "Ada", "last": "Lovelace", "pick": "b"}
        await view.change("#ok", True)
        assert seen[-1]["ok"] == "on"
        await view.submit("#f", {"first": "Grace"})
        assert seen[-1] == ("submit", {"first": "Grace", "last": "Lovelace", "ok": "on", "pick": "b"})


async def test_keys_modifier_filters_keys():
    keys = []

    @pl.component
    def K():
        return h.input(id="k", on_keydown=pl.event(lambda e: keys.append(e.key), keys=["Enter", "Escape"]))

    async with render(K()) as view:
        await view.keydown("#k", "a")
        await view.keydown("#k", "Enter")
        await view.keydown("#k", "Escape")
        assert keys == ["Enter", "Escape"]


async def test_handler_exception_is_reraised_and_session_recovers():
    @pl.component
    def Boom():
        n, set_n = pl.use_state(0)

        def explode():
            set_n(n + 1)
            raise ZeroDivisionError("boom")

        return h.div(h.button("x", id="x", on_click=explode), h.button("ok", id="ok", on_click=lambda: set_n(n + 10)), h.span(str(n), id="n"))

    async with render(Boom()) as view:
        with pytest.raises(ZeroDivisionError):
            await view.click("#x")
        assert view.find("#n").text == "1"
        await view.click("#ok")
        assert view.find("#n").text == "11"


async def test_async_handler_sends_loading_state_then_result():
    @pl.component
    def Slow():
        state, set_state = pl.use_state("idle")

        async def go():
            set_state("loading")
            await asyncio.sleep(0.01)
            set_state("done")

        return h.button(state, id="b", on_click=go)

    async with render(Slow()) as view:
        await view.click("#b")
        assert view.find("#b").text == "done"
        texts = [f for f in view.frames[1:]]
        assert '"loading"' in texts[0] and texts[0].startswith("[1,0,")
        assert '"done"' in texts[1] and texts[1].startswith("[2,1,")


async def test_effects_run_after_mount_and_clean_up_on_exit():
    log = []

    @pl.component
    def E():
        n, set_n = pl.use_state(0)

        def effect():
            log.append(("run", n))
            return lambda: log.append(("cleanup", n))

        pl.use_effect(effect, [n])
        return h.button(str(n), id="b", on_click=lambda: set_n(n + 1))

    async with render(E()) as view:
        assert log == [("run", 0)]
        await view.click("#b")
        await view.settle()
        assert log == [("run", 0), ("cleanup", 0), ("run", 1)]
    assert log[-1] == ("cleanup", 1)


async def test_interval_ticks_and_stops_on_unmount():
    @pl.component
    def Ticker():
        n, set_n = pl.use_state(0)
        pl.use_interval(lambda: set_n(lambda v: v + 1), 5)
        return h.span(str(n), id="n")

    async with render(Ticker()) as view:
        for _ in range(200):
            await asyncio.sleep(0.005)
            if int(view.find("#n").text) >= 3:
                break
        assert int(view.find("#n").text) >= 3
        frames = len(view.frames)
    await asyncio.sleep(0.03)
    assert len(view.frames) == frames


async def test_refused_event_raises():
    @pl.component
    def Many():
        return h.button("x", id="x", on_click=lambda: None)

    async with render(Many()) as view:
        view.session._allowance = 0
        view.session._rate = 0.001
        with pytest.raises(EventRefused):
            await view.click("#x")


async def test_select_value_marks_its_option_and_is_patched_as_a_property():
    @pl.component
    def Pick():
        value, set_value = pl.use_state("b")
        return h.div(
            h.select(h.option("A", value="a"), h.option("B", value="b"), value=value, id="s"),
            h.button("a", id="to-a", on_click=lambda: set_value("a")),
        )

    assert '<option value="b" selected>' in pl.render_to_string(Pick())
    async with render(Pick()) as view:
        assert view.find("#s").value == "b" and view.find("option[value=b]").selected
        await view.click("#to-a")
        assert view.frames[-1].endswith('[3,2,"value","a"]]')
        assert '"selected"' not in view.frames[-1]
        assert view.find("#s").value == "a"
        assert view.find("option[value=a]").selected and not view.find("option[value=b]").selected


async def test_settle_does_not_wait_forever_for_an_effect_that_loops():
    @pl.component
    def Clock():
        n, set_n = pl.use_state(0)

        async def tick():
            while True:
                await asyncio.sleep(0.01)
                set_n(lambda v: v + 1)

        pl.use_effect(tick, [])
        return h.span(str(n), id="n")

    async with render(Clock()) as view:  # mounting settles
        await asyncio.wait_for(view.settle(), 10)
        assert int(view.find("#n").text) > 0


@pl.component
def Fragile(fail_at: int):
    n, set_n = pl.use_state(0)
    if n >= fail_at:
        raise ValueError(f"cannot show {n}")
    return h.button(str(n), id="more", on_click=lambda: set_n(n + 1))


async def test_a_first_render_that_fails_fails_the_test_where_the_page_renders():
    with pytest.raises(ValueError, match="cannot show 0") as caught:
        async with render(Fragile(0)):
            pass
    assert any("while rendering Fragile" in note for note in caught.value.__notes__)


async def test_a_render_failure_is_raised_by_the_action_that_caused_it():
    async with render(Fragile(1)) as view:
        with pytest.raises(ValueError, match="cannot show 1"):
            await view.click("#more")
        assert view.find("#more").text == "0"  # the page kept its last good output, as live pages do
        await view.settle()  # said once: the next action does not raise it again


async def test_raise_errors_false_keeps_the_page_going_to_look_at():
    async with render(Fragile(0), raise_errors=False) as view:
        assert view.html() == ""


async def test_a_click_is_first_a_click_away_for_each_shown_element_that_does_not_hold_it():
    @pl.component
    def Menu():
        heard, set_heard = pl.use_state(())
        open_, set_open = pl.use_state(True)

        def note(what):
            set_heard(lambda old: (*old, what))

        return h.div(
            h.div(h.button("item", id="item", on_click=lambda: note("item")), id="menu", hidden=not open_,
                  on_click_away=lambda: (note("away"), set_open(False))),
            h.button("other", id="other", on_click=lambda: note("other")),
            h.p("blank", id="blank"),
            h.p(" ".join(heard), id="heard"),
        )

    async with render(Menu()) as view:
        await view.click("#item")  # inside: no click_away
        await view.click("#other")  # outside: click_away first, then the click
        assert view.find("#heard").text == "item away other"
        with pytest.raises(LookupError):
            await view.click("#blank")  # the menu is hidden now: nothing hears this click
        assert view.find("#heard").text == "item away other"


async def test_a_click_only_a_menus_client_commands_hear_is_still_a_click_on_nothing():
    from components import Dropdown

    async with render(h.div(Dropdown("Export", [("CSV", lambda: None)]), h.p("text", id="text"))) as view:
        with pytest.raises(LookupError):
            await view.click("#text")


async def test_a_dispatched_pointer_event_carries_its_place():
    @pl.component
    def Pad():
        at, set_at = pl.use_state("")
        return h.div(h.p(at, id="at"), id="pad", on_pointermove=lambda e: set_at(f"{e.x / e.width:.2f}"))

    async with render(Pad()) as view:
        await view.dispatch("#pad", "pointermove", x=50, y=10, width=200, height=100)
        assert view.find("#at").text == "0.25"
