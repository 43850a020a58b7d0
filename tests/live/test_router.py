"""The router renders the page for its location and reports title and address changes through callbacks."""

import pytest

import pylive as pl
from pylive import html as h
from pylive.core.cookie import CookieSession
from pylive.core.navigation import Location
from pylive.live.router import Router
from pylive.live.tree import Tree


def site(location: Location):
    if location.path == "/about":
        return h.p("about"), "About"
    return h.p("home"), "Home"


def test_titles_and_moves_reach_the_callbacks_and_nothing_else():
    titles, moves = [], []
    router = Router(site, Location.parse("/"), on_title=titles.append, on_nav=lambda url, replace: moves.append((url, replace)))
    tree = Tree()
    tree.mount(router.element())
    assert titles == ["Home"] and router.title == "Home"
    router.navigate("/about?x=1", replace=True)
    assert moves == [("/about?x=1", True)]
    tree.render()
    assert titles == ["Home", "About"]
    assert "about" in tree.html()
    router.navigate("/", from_client=True)  # the browser moved itself: nothing to tell it
    assert moves == [("/about?x=1", True)]


def test_a_component_root_renders_whatever_the_location():
    @pl.component
    def Page():
        return h.p("page")

    router = Router(Page, Location.parse("/anything"))
    node, title = router.resolve(router.location)
    assert title is None and node.component is Page


def test_a_closed_router_drops_its_callbacks():
    router = Router(site, Location.parse("/"), on_title=print, on_nav=print)
    router.close()
    assert router.on_title is None and router.on_nav is None and router.set_location is None


def test_a_guard_redirects_a_navigation_and_the_address_bar_replaces_the_entry():
    moved: list[tuple[str, bool]] = []
    guard = lambda loc: "/login" if loc.path == "/private" else None  # noqa: E731
    router = Router(
        lambda loc: (loc.path, None), Location.parse("/"), on_nav=lambda u, r: moved.append((u, r)), guard=guard
    )
    router.navigate("/private")
    assert router.location.path == "/login"
    assert moved == [("/login", True)]
    # Back/forward (the browser asked) to a guarded page: the address bar is corrected too.
    router.navigate("/private", from_client=True)
    assert moved[-1] == ("/login", True)
    router.navigate("/open")
    assert moved[-1] == ("/open", False)


def test_guards_that_redirect_in_a_loop_say_so():
    loop = lambda loc: "/a" if loc.path == "/b" else "/b"  # noqa: E731
    router = Router(lambda loc: (loc.path, None), Location.parse("/"), guard=loop)
    with pytest.raises(RuntimeError, match="redirect in a loop"):
        router.navigate("/a")


def test_a_navigation_ages_the_flash_messages():
    cookie = CookieSession()
    cookie.add_flash("hi", "info")
    router = Router(lambda loc: (loc.path, None), Location.parse("/"), cookie=cookie)
    router.navigate("/x")
    assert [m.message for m in cookie.flashes()] == ["hi"]
    router.navigate("/x")  # not a move: nothing ages
    assert cookie.flashes()
    router.navigate("/y")
    assert cookie.flashes() == ()
