"""The session store: who is told what when a newer socket takes over, or the server stops."""

from pylive import html as h
from pylive.live.session import Session
from pylive.server.sessions import SessionStore


class Holder:
    def __init__(self):
        self.told = []

    def displace(self):
        self.told.append("displaced")

    def server_stopping(self):
        self.told.append("stopping")


def make_session():
    session = Session(h.p("x"), None)
    session.mount()
    return session


async def test_a_newer_holder_displaces_the_older():
    store = SessionStore(30)
    old, new = Holder(), Holder()
    store.add("a" * 20, make_session(), old)
    assert store.adopt("a" * 20, new) is not None
    assert old.told == ["displaced"] and new.told == []


async def test_stopping_the_server_tells_holders_to_come_back():
    store = SessionStore(30)
    holder = Holder()
    session = make_session()
    store.add("b" * 20, session, holder)
    store.close_all()
    assert holder.told == ["stopping"]
    assert session.closed and len(store) == 0
