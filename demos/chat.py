"""A chat: rooms, who is online and who is typing, the last 100 messages for newcomers, across servers.

Open it in two windows (or on two servers sharing Redis: `pylive run demos/chat.py --pubsub
redis://127.0.0.1:6379/0`). Messages travel by `pl.broadcast`; who is online and who is typing is
`pl.use_presence` with a meta that changes as you type.
"""

from __future__ import annotations

import asyncio
import collections
import secrets
import time
from typing import Any

import pylive as pl
from components import Badge, Button, ChatMessage, ChatMessages
from pylive import html as h
from pylive.pubsub import current_hub

ROOMS = ("lobby", "python", "random")
#: How many past messages a newcomer to a room sees.
KEEP = 100

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".chat{display:grid;grid-template-columns:13rem 1fr;gap:1.25rem;max-width:60rem;margin:0 auto}"
    ".chat aside{display:flex;flex-direction:column;gap:1rem}"
    ".chat h1{font-size:1.5rem;font-weight:600;margin:0}"
    ".chat h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--pl-muted);margin:0 0 .4rem}"
    ".chat nav ul,.chat .who{list-style:none;margin:0;padding:0}"
    ".chat nav button{all:unset;box-sizing:border-box;width:100%;padding:.35rem .6rem;border-radius:.4rem;cursor:pointer}"
    ".chat nav button:hover{background:var(--pl-surface-2)}"
    ".chat nav button[aria-current=true]{background:var(--pl-accent);color:var(--pl-accent-fg)}"
    ".chat nav button:focus-visible{outline:2px solid var(--pl-focus)}"
    ".chat .who li{display:flex;align-items:center;gap:.4rem;padding:.15rem 0}"
    ".chat .who li::before{content:'';width:.5rem;height:.5rem;border-radius:50%;background:var(--pl-success)}"
    ".chat main{display:flex;flex-direction:column;gap:.6rem;min-width:0}"
    ".chat .typing{min-height:1.25rem;font-size:.85rem;color:var(--pl-muted);font-style:italic}"
    ".chat form{display:flex;gap:.5rem}"
    ".chat input[type=text]{flex:1;min-width:0}"
    ".chat .join{grid-column:1/-1;max-width:24rem;margin:3rem auto;display:flex;flex-direction:column;gap:.75rem}"
    "@media (max-width:40rem){.chat{grid-template-columns:1fr}}"
    "</style>"
)


def topic(room: str) -> str:
    """The pub/sub topic of a room's messages and presence."""
    return f"chat:{room}"


class History:
    """The last `KEEP` messages of each room, as this server process has heard them.

    One process-wide subscription per room records them, so a newcomer sees what was said before
    it came, on whichever server it lands.
    """

    def __init__(self) -> None:
        self.rooms: dict[str, collections.deque[Any]] = {}
        self.hub: Any = None

    def of(self, room: str) -> tuple[Any, ...]:
        """The room's recent messages, oldest first (and start recording it, given an event loop)."""
        hub = current_hub()
        if hub is not self.hub:  # a new pub/sub backend was configured: start afresh
            self.hub, self.rooms = hub, {}
        if room not in self.rooms:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                return ()  # rendered outside a server (a static render): nothing heard yet
            self.rooms[room] = kept = collections.deque[Any](maxlen=KEEP)
            hub.subscribe(topic(room), kept.append, max_pending=10_000)
        return tuple(self.rooms[room])


history = History()


def message(user: str, text: str) -> dict[str, Any]:
    """A chat message as broadcast: JSON, so it can travel through Redis."""
    return {"id": secrets.token_hex(6), "user": user, "text": text, "time": time.strftime("%H:%M")}


@pl.component
def Room(room: str, user: str, present: list[Any], set_typing: Any) -> pl.Element:
    """One room: its messages, who else is typing, and the composer."""
    messages, set_messages = pl.use_state(lambda: history.of(room))
    draft, set_draft = pl.use_state("")
    pl.use_subscription(topic(room), lambda m: set_messages(lambda old: (*old, m)[-KEEP:]))

    def typed(event: pl.Event) -> None:
        set_draft(event.value or "")
        set_typing(bool((event.value or "").strip()))

    async def send(event: pl.Event) -> None:
        text = str((event.form or {}).get("text", "")).strip()
        set_draft("")
        set_typing(False)
        if text:
            await pl.broadcast(topic(room), message(user, text[:2000]))

    typing = [m["name"] for m in present if m.get("typing") and m["name"] != user]
    return h.main(
        h.h2(f"# {room}"),
        ChatMessages(
            [ChatMessage(m["id"], m["user"], m["text"], m["time"], mine=m["user"] == user) for m in messages],
            label=f"Messages in {room}",
            height="24rem",
        ),
        h.p(
            f"{', '.join(typing)} {'is' if len(typing) == 1 else 'are'} typing…" if typing else "",
            class_="typing",
            id="typing",
            aria_live="polite",
        ),
        h.form(
            h.input(
                type="text",
                name="text",
                id="text",
                value=draft,
                placeholder=f"Message #{room}",
                aria_label="Message",
                autocomplete="off",
                on_input=typed,
            ),
            Button("Send", type="submit", id="send"),
            id="composer",
            on_submit=send,
        ),
    )


@pl.component
def JoinForm(set_user: Any) -> pl.Element:
    """The first screen: pick a name."""

    def join(event: pl.Event) -> None:
        name = str((event.form or {}).get("name", "")).strip()[:32]
        set_user(name or f"guest-{secrets.randbelow(10_000):04d}")

    return h.form(
        h.h1("pylive chat"),
        h.label("Your name", for_="name"),
        h.input(type="text", name="name", id="name", placeholder="Ada", autocomplete="nickname"),
        Button("Join", type="submit", id="join"),
        class_="join",
        id="join-form",
        on_submit=join,
    )


@pl.component
def Chat() -> pl.Element:
    """Pick a name, then talk: the rooms, who is online, and the room you are in."""
    user, set_user = pl.use_state("")
    room, set_room = pl.use_state(ROOMS[0])
    typing, set_typing = pl.use_state(False)
    # Present in the room once named; the meta says who you are and whether you are typing.
    present = pl.use_presence(topic(room) if user else None, {"name": user, "typing": typing})
    if not user:
        return h.div(JoinForm(set_user), class_="chat")

    def switch(name: str) -> None:
        set_typing(False)
        set_room(name)

    return h.div(
        h.aside(
            h.h1("pylive chat"),
            h.nav(
                h.h2("Rooms"),
                h.ul(
                    [
                        h.li(
                            h.button(
                                f"# {name}",
                                id=f"room-{name}",
                                aria_current="true" if name == room else None,
                                on_click=lambda name=name: switch(name),
                            ),
                            key=name,
                        )
                        for name in ROOMS
                    ]
                ),
                aria_label="Rooms",
            ),
            h.section(
                h.h2("Online ", Badge(str(len(present)), tone="success", label=f"{len(present)} online")),
                h.ul([h.li(m["name"], key=str(i)) for i, m in enumerate(present)], class_="who", id="online"),
            ),
        ),
        # Keyed by room: a new room is a new Room, with that room's messages and subscription.
        Room(room, user, present, set_typing, key=room),
        class_="chat",
    )


app = pl.App(Chat, title="Chat", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
