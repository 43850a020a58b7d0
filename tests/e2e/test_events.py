"""Event delegation end to end: non-bubbling types, debounce, submit with repeated names, and inserts
into SVG and tables."""

from __future__ import annotations

import asyncio
import json

from apps import events
from livepage import goto_live

LOG = "document.querySelector('#log').textContent"


async def test_focus_blur_and_mouseenter_leave_fire_on_their_own_element(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.focus("#focusable")
    await page.wait_for_function(f"{LOG} === 'focus'")
    await page.focus("#search")
    await page.wait_for_function(f"{LOG} === 'focus blur'")
    await page.hover("#hover", position={"x": 2, "y": 2})
    await page.wait_for_function(f"{LOG} === 'focus blur mouseenter'")
    await page.hover("#hover-child")  # entering a child is no new mouseenter of the bound element
    await page.hover("#log")
    await page.wait_for_function(f"{LOG}.startsWith('focus blur mouseenter mouseleave')")
    assert await page.text_content("#log") == "focus blur mouseenter mouseleave"
    assert errors == []


async def test_debounce_sends_the_last_value_once(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#search")
    await page.keyboard.type("pylive", delay=0)
    await page.wait_for_function("document.querySelector('#searched').textContent !== '[]'")
    assert json.loads(await page.text_content("#searched")) == ["pylive"]
    assert errors == []


async def test_submit_sends_the_form_with_repeated_names_as_lists(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#save")
    await page.wait_for_function("document.querySelector('#submitted').textContent !== 'null'")
    assert json.loads(await page.text_content("#submitted")) == {"action": "save", "tag": ["a", "b"], "title": "first"}
    assert page.url == server.url + "/"  # the browser's own submit was prevented
    assert errors == []


async def test_inserts_parse_in_the_parents_namespace(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#add")
    await page.wait_for_selector("#svg circle")
    await page.click("#add")
    await page.wait_for_function("document.querySelectorAll('#svg circle').length === 2")
    assert await page.eval_on_selector_all("#svg circle", "cs => cs.map(c => [c.namespaceURI, c.r.baseVal.value])") == [
        ["http://www.w3.org/2000/svg", 4],
        ["http://www.w3.org/2000/svg", 4],
    ]
    assert await page.eval_on_selector_all("#lines > tr.line > td", "tds => tds.map(td => td.textContent)") == ["0", "1"]
    assert errors == []


async def test_a_multiple_select_sends_every_chosen_value(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.eval_on_selector("#picks", "s => [...s.selectedOptions].map(o => o.value)") == ["a"]
    await page.select_option("#picks", ["b", "d"])
    await page.wait_for_function("document.querySelector('#picked').textContent === 'b,d'")
    # The re-render marks the same options: the browser's choice stands.
    assert await page.eval_on_selector("#picks", "s => [...s.selectedOptions].map(o => o.value)") == ["b", "d"]
    assert errors == []


async def test_a_controlled_input_shows_what_its_handler_kept(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#digits")
    await page.keyboard.type("1a2b3c", delay=30)
    await page.wait_for_function("document.querySelector('#digits').value === '123'")
    await page.keyboard.type("4", delay=0)  # the caret stayed at the end
    await page.wait_for_function("document.querySelector('#digits').value === '1234'")
    assert errors == []


async def test_a_throttled_slider_is_not_pulled_back_by_the_answer_to_an_earlier_move(serve_app, new_page):
    app, answer = events.make_throttled_app()
    server = serve_app(app)
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.focus("#level")
    await page.keyboard.press("ArrowRight")  # sent at once: 1
    await page.keyboard.press("ArrowRight")  # held in the throttle window: 2
    answer.set()
    await page.wait_for_function("document.querySelector('#level-shown').textContent === '1'")
    assert await page.eval_on_selector("#level", "e => e.value") == "2"  # the thumb stays under the pointer
    # The held move goes at the window's end, and the last value wins.
    await page.wait_for_function("document.querySelector('#level-shown').textContent === '2'")
    assert await page.eval_on_selector("#level", "e => e.value") == "2"
    assert errors == []


async def test_pointer_events_carry_where_on_the_element_and_its_size(serve_app, new_page):
    server = serve_app(events.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    box = await page.locator("#pad").bounding_box()
    await page.mouse.move(box["x"] + 50, box["y"] + 25)
    await page.mouse.down()
    await page.wait_for_function("document.querySelector('#pad-at').textContent === '50,25 of 200x100'")
    await page.mouse.up()  # the click carries no place (its pointerdown has it): its frame stays small
    await page.wait_for_function("document.querySelector('#pad-at').textContent === '50,25 of 200x100 click'")
    assert errors == []


async def test_a_page_paces_its_events_under_the_servers_rate_and_the_last_one_wins(serve_app, new_page):
    # 300 moves in a blink on a server taking 20 events a second: the page holds what passes the
    # rate, keeps only the newest move, and the pointerup that ends the drag still arrives.
    server = serve_app(events.make_paced_app())
    page, errors = await new_page()
    warned: list[str] = []
    page.on("console", lambda m: warned.append(m.text) if m.type == "warning" else None)
    await goto_live(page, server.url)
    box = await page.locator("#pad").bounding_box()
    await page.mouse.move(box["x"] + 1, box["y"] + 30)
    await page.mouse.down()
    for i in range(300):
        await page.mouse.move(box["x"] + 1 + i, box["y"] + 30)
    await page.mouse.up()
    await page.wait_for_function("document.querySelector('#at').textContent === 'up at 300'", timeout=20_000)
    moves = int(await page.text_content("#moves"))
    assert 0 < moves < 300  # the moves that waited were merged into the newest
    assert not [w for w in warned if "too many events" in w]  # none refused by the server
    assert errors == []


async def test_events_made_while_the_network_is_down_are_paced_on_resume_not_refused(serve_app, proxy, new_page):
    # The resume used to send at once every event made while the socket was down: past the
    # server's burst, it refused them at random, the pointerup that ends the drag among them.
    server = serve_app(events.make_paced_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    warned: list[str] = []
    page.on("console", lambda m: warned.append(m.text) if m.type == "warning" else None)
    await goto_live(page, hop.url)
    box = await page.locator("#pad").bounding_box()
    await page.mouse.move(box["x"] + 1, box["y"] + 30)
    hop.refusing = True
    hop.cut()
    await page.wait_for_selector("html.pl-disconnected", state="attached")
    await page.mouse.down()
    for i in range(150):  # 3 s of moves at 50 a second, on a server taking 20
        await page.mouse.move(box["x"] + 1 + i, box["y"] + 30)
        await asyncio.sleep(0.02)
    await page.mouse.up()
    hop.refusing = False
    await page.wait_for_function("document.querySelector('#at').textContent === 'up at 150'")
    assert not [w for w in warned if "too many events" in w]
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_field_and_its_form_both_hearing_each_keystroke_are_merged_while_they_wait(serve_app, new_page):
    # Each keystroke goes to the field's binding and to its form's, alternately: merging only with
    # the last held event merged none, and 120 keystrokes took 13 s to reach a 20-a-second server.
    server = serve_app(events.make_paced_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.focus("#name")
    await page.keyboard.type("x" * 120)
    await page.wait_for_function("document.querySelector('#typed').textContent.length === 120", timeout=4_000)
    assert int(await page.text_content("#heard")) < 120  # the field's own events were merged too
    assert errors == []
