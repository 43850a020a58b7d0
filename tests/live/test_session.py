"""The transport-free Session: routing, batching, sequencing, errors, effects, navigation, resume."""

import asyncio
import json
import secrets
import traceback

import pytest

import pylive as pl
from pylive import html as h
from pylive.core.cookie import CookieSession
from pylive.core.navigation import Location
from pylive.live import faults
from pylive.live.session import Session


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    other, set_other = pl.use_state(0)

    def both():
        set_count(count + 1)
        set_other(other + 1)

    return h.div(
        h.button("+", id="inc", on_click=both),
        h.span(str(count), id="a"),
        h.span(str(other), id="b"),
    )


def live(node, **kw):
    sent = []
    session = Session(node, sent.append, **kw)
    html = session.mount()
    session.go_live()
    return session, sent, html


def button_id(html: str, dom_id: str) -> int:
    marker = f'id="{dom_id}"'
    head = html[: html.index(marker)]
    return int(head[head.rindex('data-pl="') + 9 :].split('"')[0])


async def test_two_setter_calls_send_one_message():
    session, sent, html = live(Counter())
    await session.receive(json.dumps([1, button_id(html, "inc"), "click", {}]))
    await asyncio.sleep(0.01)
    assert len(sent) == 1
    seq, ack, *ops = json.loads(sent[0])
    assert (seq, ack) == (1, 1)
    assert [op[0] for op in ops] == [0, 0]


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        b"\xff\xfe binary",
        "[]",
        "[1,2,3]",
        '["1", 2, "click", {}]',
        "[1, -2, \"click\", {}]",
        '[1, 2, 3, {}]',
        '[1, 2, "click", []]',
        '[1, 2, "click", {"value": 5}]',
        '[1, 2, "click", {"checked": "yes"}]',
        '[1, 2, "click", {"form": {"a": 1}}]',
        '[1, 99999, "click", {}]',
        '[1, 2, "nosuchevent", {}]',
        '{"t": 5}',
        '{"t": "launch-missiles"}',
        '{"t": "nav", "path": "http://evil.example/"}',
        "null",
        "[" * 100000 + "]" * 100000,
        '"<script>alert(1)</script>"',
    ],
)
async def test_malformed_frames_get_an_error_and_change_nothing(frame, caplog):
    session, sent, html = live(Counter())
    await session.receive(frame)
    assert len(sent) == 1
    reply = json.loads(sent[0])
    assert reply["t"] == "error" and reply["message"]
    assert "Traceback" not in caplog.text
    # The session still works.
    await session.receive(json.dumps([7, button_id(html, "inc"), "click", {}]))
    assert json.loads(sent[-1])[:2] == [1, 7]


async def test_effects_run_after_the_message_is_sent():
    order = []

    @pl.component
    def E():
        n, set_n = pl.use_state(0)
        pl.use_effect(lambda: order.append(("effect", n)), [n])
        return h.button(str(n), id="b", on_click=lambda: set_n(n + 1))

    sent = []

    def send(text):
        order.append(("sent", text[:5]))
        sent.append(text)

    session = Session(E(), send)
    html = session.mount()
    assert order == []  # no effect while rendering the first page
    session.go_live()
    assert order == [("effect", 0)]
    await session.receive(json.dumps([1, button_id(html, "b"), "click", {}]))
    assert order[1][0] == "sent" and order[2] == ("effect", 1)


@pl.component
def Fragile(n: int):
    if n == 2:
        raise RuntimeError("cannot render two")
    return h.span(f"n={n}", id="n")


@pl.component
def FragileParent():
    """A counter whose child cannot render the count 2."""
    n, set_n = pl.use_state(1)
    return h.div(h.button("+", id="b", on_click=lambda: set_n(n + 1)), Fragile(n=n))


async def test_render_error_keeps_last_output_and_session_works(caplog):
    session, sent, html = live(FragileParent())
    bid = button_id(html, "b")
    await session.receive(json.dumps([1, bid, "click", {}]))
    assert json.loads(sent[-2]) == [1, 1]  # answered, with no patch: Fragile kept "n=1"
    assert json.loads(sent[-1]) == {  # and the user is told (no traceback)
        "t": "error", "message": "a component failed to render this event's changes", "failed": True
    }
    assert "cannot render two" in caplog.text
    await session.receive(json.dumps([2, bid, "click", {}]))
    assert "n=3" in sent[-1]


async def test_missed_messages_for_resume():
    session, sent, html = live(Counter())
    bid = button_id(html, "inc")
    for i in range(1, 4):
        await session.receive(json.dumps([i, bid, "click", {}]))
    assert session.missed(3) == []
    assert session.missed(1) == sent[1:]
    assert session.missed(99) is None
    small = Session(Counter(), None, history=2)
    small.mount()
    small.go_live()
    html2 = small.tree.html()
    for i in range(1, 5):
        await small.receive(json.dumps([i, button_id(html2, "inc"), "click", {}]))
    assert small.missed(0) is None  # too old: the client must remount
    assert len(small.missed(2)) == 2


async def test_navigation_from_client_and_server():
    @pl.component
    def Where():
        loc = pl.use_location()
        navigate = pl.use_navigate()
        return h.div(
            h.span(loc.path, id="path"),
            h.span(",".join(loc.query.get("q", [])), id="q"),
            h.button("go", id="go", on_click=lambda: navigate("/next?q=1&q=2")),
        )

    session, sent, html = live(Where(), location=Location.parse("/start"))
    assert '<span data-pl="2" id="path">/start</span>' in html
    await session.receive(json.dumps([1, button_id(html, "go"), "click", {}]))
    await asyncio.sleep(0)
    nav = [json.loads(s) for s in sent if s.startswith("{")]
    assert nav == [{"t": "nav", "path": "/next?q=1&q=2", "replace": False, "seq": 1}]
    assert "/next" in sent[-1] and "1,2" in sent[-1]
    await session.receive(json.dumps({"t": "nav", "path": "/back"}))
    await asyncio.sleep(0.01)
    assert "/back" in sent[-1]


async def test_closing_cleans_up_effects_and_timers():
    log = []

    @pl.component
    def T():
        pl.use_effect(lambda: (lambda: log.append("cleanup")), [])
        pl.use_interval(lambda: log.append("tick"), 1)
        return h.p("x")

    session, sent, html = live(T())
    await asyncio.sleep(0.02)
    session.close()
    ticks = log.count("tick")
    await asyncio.sleep(0.02)
    assert "cleanup" in log and log.count("tick") == ticks and ticks >= 1


async def test_sessions_are_isolated():
    a, sent_a, html_a = live(Counter())
    b, sent_b, html_b = live(Counter())
    await a.receive(json.dumps([1, button_id(html_a, "inc"), "click", {}]))
    assert sent_b == []
    assert '"1"' in sent_a[-1]


async def test_a_failed_render_pass_remounts_the_page(monkeypatch):
    session, sent, html = live(Counter())

    def broken():
        raise RuntimeError("reconciler bug")

    monkeypatch.setattr(session.tree, "render", broken)
    await session.receive(json.dumps([1, button_id(html, "inc"), "click", {}]))
    monkeypatch.undo()
    mount = json.loads(sent[0])
    assert mount["t"] == "mount" and 'id="a"' in mount["html"]
    assert json.loads(sent[1])[:2] == [mount["seq"] + 1, 1]  # the event is still answered
    new_html = mount["html"]
    await session.receive(json.dumps([2, button_id(new_html, "inc"), "click", {}]))
    assert json.loads(sent[-1])[1] == 2


async def test_pushes_to_a_hook_follow_the_patches_of_their_pass():
    @pl.component
    def Chart():
        n, set_n = pl.use_state(0)
        push = pl.use_push_event()

        def more():
            set_n(n + 1)
            push("points", [n + 1])

        return h.canvas(hook="Chart", id="c", on_click=more)

    session, sent, html = live(Chart())
    await session.receive(json.dumps([1, button_id(html, "c"), "click", {}]))
    assert json.loads(sent[0])[:2] == [1, 1]
    push = {"t": "push", "id": button_id(html, "c"), "event": "points", "payload": [1], "seq": 2}
    assert json.loads(sent[1]) == push


async def test_a_closed_session_is_freed_without_the_garbage_collector():
    import gc
    import weakref

    Theme = pl.create_context("light")

    class Marker:
        pass

    markers = []

    @pl.component
    def Leaf(i: int):
        n, set_n = pl.use_state(i)
        marker = pl.use_ref(None)
        if marker.current is None:
            marker.current = Marker()
            markers.append(weakref.ref(marker.current))
        pl.use_effect(lambda: (lambda: None), [])
        pl.use_interval(lambda: None, 1000)
        theme = pl.use_context(Theme)
        return pl.fragment(h.button(theme, id=f"b{i}", on_click=lambda: set_n(n + 1)), str(n))

    @pl.component
    def Root():
        return Theme.provide("dark", h.ul([h.li(Leaf(i=i), key=i) for i in range(5)]))

    gc.collect()
    gc.disable()
    try:
        session, sent, html = live(Root())
        await session.receive(json.dumps([1, button_id(html, "b2"), "click", {}]))
        assert json.loads(sent[-1])[:2] == [1, 1]
        ref = weakref.ref(session)
        session.close()
        await asyncio.sleep(0)
        del session
        assert len(markers) == 5 and all(m() is None for m in markers)
        assert ref() is None
    finally:
        gc.enable()


async def test_development_mode_shows_a_render_error_in_the_overlay_until_a_good_render(caplog):
    session, sent, html = live(FragileParent(), debug=True)
    await session.receive(json.dumps([1, button_id(html, "b"), "click", {}]))
    fault = json.loads(sent[-2])
    assert fault["t"] == "fault" and json.loads(sent[-1])["failed"]
    assert fault["error"].startswith("Fragile failed to render\n\nTraceback")
    assert "RuntimeError: cannot render two" in fault["error"]
    assert "reconcile.py" not in fault["error"]  # only the app's own frames: pylive's are noise there
    assert "in Fragile" in fault["error"]
    assert "Traceback" in caplog.text  # the terminal gets the traceback too
    await session.receive(json.dumps([2, button_id(html, "b"), "click", {}]))
    assert "n=3" in sent[-2] and json.loads(sent[-1]) == {"t": "fault"}  # cleared


async def test_in_production_a_render_error_is_one_log_line_and_no_traceback_on_the_page(caplog):
    session, sent, html = live(FragileParent())
    await session.receive(json.dumps([1, button_id(html, "b"), "click", {}]))
    assert not any('"fault"' in text for text in sent)
    [record] = [r for r in caplog.records if "Fragile" in r.getMessage()]
    assert record.exc_info is None and "\n" not in record.getMessage()
    assert record.getMessage().startswith("rendering Fragile failed: RuntimeError: cannot render two (at ")


@pl.component
def SometimesHooked():
    """Calls a hook only once its button was clicked: the rule of hooks, broken."""
    on, set_on = pl.use_state(False)
    if on:
        pl.use_ref(0)  # the line the log names
    return h.button("on", id="on", on_click=lambda: set_on(True))


async def test_a_render_error_raised_inside_pylive_is_placed_at_the_apps_line(caplog):
    # A hook called conditionally, or a duplicate key, is found inside pylive; the log line must
    # still say where the app went wrong, not a line of pylive's.
    session, sent, html = live(SometimesHooked())
    await session.receive(json.dumps([1, button_id(html, "on"), "click", {}]))
    [record] = [r for r in caplog.records if "SometimesHooked" in r.getMessage()]
    message = record.getMessage()
    assert "called use_ref() as hook #2 where its last render called only 1 hooks" in message
    line = open(__file__).read().splitlines().index("        pl.use_ref(0)  # the line the log names") + 1
    assert message.endswith(f"(at {__file__}:{line})"), message


@pl.component
def Twins():
    return h.ul([h.li("twin", key="twin") for _ in range(2)])


async def test_a_duplicate_key_is_placed_at_the_line_that_built_the_children(caplog):
    session, sent, html = live(Twins(), debug=True)
    [record] = [r for r in caplog.records if "Twins" in r.getMessage()]
    assert record.exc_info[1].args[0].endswith("(in component Twins)")
    assert "test_session.py" in "".join(traceback.format_tb(record.exc_info[2]))
    overlay = faults.detail("Twins failed to render", record.exc_info[1])  # what the page shows
    assert f"line {Twins.fn.__code__.co_firstlineno + 2}, in Twins" in overlay


@pl.component
def Faulty():
    n, set_n = pl.use_state(0)

    def explode():
        raise ValueError("bad click")

    def effect():
        if n == 1:
            raise KeyError("bad effect")

    pl.use_effect(effect, [n])
    return h.div(h.button("x", id="x", on_click=explode), h.button("+", id="inc", on_click=lambda: set_n(n + 1)))


async def test_development_mode_shows_handler_and_effect_errors_naming_them():
    session, sent, html = live(Faulty(), debug=True)
    await session.receive(json.dumps([1, button_id(html, "x"), "click", {}]))
    faults = [json.loads(t) for t in sent if '"fault"' in t]
    assert faults[-1]["error"].startswith("The click handler Faulty.<locals>.explode failed")
    assert "ValueError: bad click" in faults[-1]["error"]
    await session.receive(json.dumps([2, button_id(html, "inc"), "click", {}]))
    faults = [json.loads(t) for t in sent if '"fault"' in t]
    assert faults[-1]["error"].startswith("An effect of Faulty failed")
    assert "KeyError: 'bad effect'" in faults[-1]["error"]


class ArrayLike:
    """Like a numpy array: == is elementwise, and its truth value is an error."""

    def __init__(self, values):
        self.values = values

    def __eq__(self, other):
        return ArrayLike([True] * len(self.values))

    def __bool__(self):
        raise ValueError("the truth value of an array is ambiguous")


async def test_props_whose_equality_raises_re_render_instead_of_breaking_the_page():
    @pl.component
    def Chart(points):
        return h.span(str(len(points.values)), id="len")

    @pl.component
    def Page():
        n, set_n = pl.use_state(1)
        return h.div(h.button("+", id="b", on_click=lambda: set_n(n + 1)), Chart(points=ArrayLike([0] * n)))

    session, sent, html = live(Page())
    await session.receive(json.dumps([1, button_id(html, "b"), "click", {}]))
    assert json.loads(sent[-1]) == [1, 1, [0, 3, 0, "2"]]
    assert not any('"mount"' in s for s in sent)


async def test_a_remount_while_detached_is_not_resumed_onto_stale_nodes(monkeypatch):
    session, sent, html = live(Counter())
    session.detach()
    monkeypatch.setattr(session.tree, "render", lambda: (_ for _ in ()).throw(RuntimeError("bug")))
    session.tree.mark_dirty(session.tree.root.children[0])
    session.flush(0)
    monkeypatch.undo()
    assert session.missed(0) is None  # the client must get a mount, not a resume


async def test_a_superseded_async_effect_run_is_cancelled():
    runs = []

    @pl.component
    def E():
        x, set_x = pl.use_state(0)

        async def effect():
            runs.append(x)
            await asyncio.sleep(10)

        pl.use_effect(effect, [x])
        return h.button(str(x), id="b", on_click=lambda: set_x(x + 1))

    session, sent, html = live(E())
    await asyncio.sleep(0)
    await session.receive(json.dumps([1, button_id(html, "b"), "click", {}]))
    await asyncio.sleep(0)
    assert runs == [0, 1]
    assert sum(not t.done() for t in session.tree.tasks) == 1
    session.close()
    await asyncio.sleep(0)
    assert all(t.done() for t in session.tree.tasks)


async def test_a_bad_navigation_path_gets_an_error_reply():
    session, sent, html = live(Counter())
    for path in ("//[", "//evil.example/x", "/ok[?"):
        await session.receive(json.dumps({"t": "nav", "path": path}))
    errors = [json.loads(s) for s in sent if s.startswith("{")]
    assert [e["t"] for e in errors[:2]] == ["error", "error"]


def test_handler_arity_is_not_cached_for_objects_made_per_render():
    import functools

    from pylive.core.events import _arity, wants_event

    before = len(_arity)
    for i in range(50):
        assert wants_event(functools.partial(lambda i, e: None, i))
    assert len(_arity) <= before + 1


async def test_page_changes_made_while_detached_are_kept_in_order_for_a_resume():
    @pl.component
    def Chart():
        n, set_n = pl.use_state(0)
        push = pl.use_push_event()
        navigate = pl.use_navigate()

        def more():
            set_n(n + 1)
            push("points", [n + 1])
            navigate("/more")

        return h.canvas(str(n), hook="Chart", id="c", on_click=more)

    session, sent, html = live(Chart())
    session.detach()
    await session.receive(json.dumps([1, button_id(html, "c"), "click", {}]))
    session.send_control({"t": "error", "message": "a reply of the moment"})
    assert sent == []
    kept = [json.loads(text) for text in session.missed(0)]
    assert [m["t"] if isinstance(m, dict) else "patch" for m in kept] == ["nav", "patch", "push"]
    assert [m["seq"] if isinstance(m, dict) else m[0] for m in kept] == [1, 2, 3]
    assert session.missed(2) == [session.history[-1][1]]
    assert session.missed(3) == []


def redirecting_site(location: Location):
    """`/` sends the visitor to `/login` while it renders; `/login` is a page."""

    @pl.component
    def Home():
        pl.use_navigate()("/login", replace=True)
        return h.p("home")

    if location.path == "/":
        return Home(), "Home"
    return h.p("please log in", id="login"), "Log in"


async def test_a_redirect_while_mounting_reaches_the_address_bar_whichever_way_the_page_mounts():
    session = Session(redirecting_site, location=Location.parse("/"))
    html = session.mount()
    assert "please log in" in html
    # First connect: the page rendered over HTTP resumes, and its history has the redirect.
    assert [json.loads(m)["t"] for m in session.missed(0)] == ["nav"]
    # A fresh mount (a restart): the history is cleared, so the mount itself names the address.
    restarted = Session(redirecting_site, location=Location.parse("/"))
    mount = json.loads(restarted.remount())
    assert mount["path"] == "/login" and mount["seq"] == restarted.seq and "please log in" in mount["html"]
    # A mount that keeps the state names the address too.
    current = json.loads(session.current_page("Site"))
    assert current["path"] == "/login" and current["title"] == "Log in" and current["seq"] == session.seq
    # Without a redirect, a fresh mount leaves the address to the client.
    plain = Session(redirecting_site, location=Location.parse("/login"))
    assert "path" not in json.loads(plain.remount())


async def test_the_test_view_follows_a_redirect_made_while_mounting():
    from pylive.testing import render

    @pl.component
    def Guarded():
        location, navigate = pl.use_location(), pl.use_navigate()
        if location.path == "/":
            navigate("/login", replace=True)
        return h.p(location.path, id="where")

    async with render(Guarded(), path="/") as view:
        assert view.path == "/login"
        assert view.find("#where").text == "/login"


async def test_one_event_makes_one_render_pass():
    session, sent, html = live(Counter())
    passes = []
    render = session.tree.render
    session.tree.render = lambda: passes.append(1) or render()
    await session.receive(json.dumps([1, button_id(html, "inc"), "click", {}]))
    await asyncio.sleep(0.01)  # a flush scheduled by the setters would have run by now
    assert passes == [1]
    assert len(sent) == 1


async def test_the_session_moves_through_its_states_and_refuses_illegal_moves():
    from pylive.live.session import IllegalTransition, State

    session = Session(Counter(), None)
    assert session.state is State.NEW and not session.live
    with pytest.raises(IllegalTransition, match="a new session cannot go live"):
        session.go_live()
    session.mount()
    assert session.state is State.MOUNTED
    sent = []
    session.attach(sent.append)
    session.go_live()
    assert session.state is State.LIVE and session.live
    with pytest.raises(IllegalTransition, match="a live session cannot go live"):
        session.go_live()
    session.detach()
    assert session.state is State.DETACHED and session.live  # still renders, for a resume
    session.attach(sent.append)
    assert session.state is State.LIVE
    session.close()
    assert session.state is State.CLOSED and session.closed
    with pytest.raises(IllegalTransition, match="a closed session cannot attach"):
        session.attach(sent.append)
    session.close()  # closing twice is harmless


async def test_on_live_is_told_once_when_the_page_goes_live():
    told = []
    session = Session(Counter(), [].append, on_live=told.append)
    session.mount()
    assert told == []
    session.go_live()
    assert told == [session]


async def test_replayed_events_count_against_the_rate_and_cannot_flood_the_resume_history():
    # A replay (an event number handled already) is answered with an empty patch, which is kept for
    # a resume: unlimited, a client pushed the real messages out of its own history.
    session, sent, html = live(Counter(), max_events_per_second=10)
    inc = button_id(html, "inc")
    await session.receive(json.dumps([1, inc, "click", {}]))
    for _ in range(100):
        await session.receive(json.dumps([1, inc, "click", {}]))
    answered = [m for m in sent if m.startswith("[")]
    refused = [m for m in sent if "too many events" in m]
    assert len(answered) <= 21 and len(refused) >= 79  # the bucket holds 2 s of events
    assert len(session.history) <= 21


def members_site(location: Location):
    """`/` is open; `/members` shows who is logged in, with a log-out button that does not navigate."""

    @pl.component
    def Members():
        sess = pl.use_session()
        return h.div(h.p(sess.get("user", "nobody"), id="who"), h.button("out", id="out", on_click=sess.clear))

    if location.path == "/members":
        return Members(), "Members"
    return h.p("home", id="home"), "Home"


async def test_a_session_change_that_the_page_guard_refuses_moves_the_page_where_the_guard_sends_it():
    # Logging out (here, or in another tab of the browser) leaves no guarded page live behind it:
    # the guard is asked again when the session changes, not only on the next navigation.
    cookie = CookieSession({"user": "ada"})
    guard = lambda loc: "/" if loc.path == "/members" and "user" not in cookie else None  # noqa: E731
    session, sent, html = live(members_site, location=Location.parse("/members"), cookie=cookie, guard=guard)
    assert "ada" in html
    await session.receive(json.dumps([1, button_id(html, "out"), "click", {}]))
    await asyncio.sleep(0.01)
    assert session.router.location.path == "/"
    assert {"t": "nav", "path": "/", "replace": True}.items() <= json.loads(sent[0]).items()
    assert "home" in "".join(sent[1:])  # and the page shown now is the one it was sent to


async def test_a_session_write_too_large_for_the_cookie_is_said_in_the_log_and_on_the_page(caplog):
    from pylive.server.cookies import CookieSigner

    @pl.component
    def Hoarder():
        sess = pl.use_session()
        return h.button("keep", id="keep", on_click=lambda: sess.update(blob=secrets.token_hex(3000)))

    session, sent, html = live(Hoarder(), cookie=CookieSession(), cookie_sync=CookieSigner("k" * 32), debug=True)
    await session.receive(json.dumps([1, button_id(html, "keep"), "click", {}]))
    await asyncio.sleep(0)
    faults = [json.loads(m) for m in sent if '"t":"fault"' in m]
    assert faults and "more than the 4,093 a browser keeps" in faults[-1]["error"]
    assert "writing the session cookie" in caplog.text
    assert any('"t":"cookie"' in m for m in sent)  # still written: the browser decides


async def test_a_guard_that_fails_on_a_session_change_is_reported_and_the_event_still_answered(caplog):
    # The re-check runs in the flush that answers the handler's event: a failing guard must not
    # leave that event unanswered (the page's loading state would never end) nor the pass unrendered.
    cookie = CookieSession({"user": "ada"})

    def guard(loc):
        if "user" not in cookie:
            raise RuntimeError("the user store is down")

    session, sent, html = live(members_site, location=Location.parse("/members"), cookie=cookie, guard=guard)
    await session.receive(json.dumps([1, button_id(html, "out"), "click", {}]))
    await asyncio.sleep(0.01)
    seq, ack, *ops = json.loads(sent[-1])
    assert ack == 1 and "nobody" in json.dumps(ops)
    assert "the user store is down" in caplog.text
