"""The router renders the page for its location and reports title and address changes through callbacks."""

import pylive as pl
from pylive import html as h
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
