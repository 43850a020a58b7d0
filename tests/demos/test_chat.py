"""The chat demo through pylive.testing: two people in a room, presence, typing, history, rooms."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo_with_local_pubsub

from pylive.testing import render


@pytest.fixture
def chat(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_demo_with_local_pubsub("chat", monkeypatch)


async def settle(*views) -> None:
    for _ in range(2):
        for view in views:
            await view.settle()


def said(view) -> list[str]:
    authors = [n.text for n in view.find_all(".pl-chat-message .pl-chat-author")]
    texts = [n.text for n in view.find_all(".pl-chat-message .pl-chat-text")]
    return [f"{a}: {t}" for a, t in zip(authors, texts)]


def online(view) -> list[str]:
    return [n.text for n in view.find_all("#online li")]


async def join(view, name: str) -> None:
    await view.submit("#join-form", {"name": name})


async def test_two_people_talk_see_each_other_and_see_who_types(chat: ModuleType) -> None:
    async with render(chat.Chat()) as ann, render(chat.Chat()) as bob:
        await join(ann, "ann")
        await join(bob, "bob")
        await settle(ann, bob)
        assert online(ann) == online(bob) == ["ann", "bob"]

        await bob.input("#text", "hello")
        await settle(ann, bob)
        assert ann.find("#typing").text == "bob is typing…"
        assert bob.find("#typing").text == ""

        await bob.submit("#composer", {"text": "hello"})
        await settle(ann, bob)
        assert said(ann) == said(bob) == ["bob: hello"]
        assert ann.find("#typing").text == ""
        assert bob.find("#text").attrs.get("value", "") == ""
        assert "pl-chat-message--mine" in bob.find(".pl-chat-message").attrs["class"]

        await bob.click("#room-python")
        await settle(ann, bob)
        # The room is the one clicked (a handler once got the Event as its room name).
        assert "# python" in [n.text for n in bob.find_all("h2")]
        assert bob.find("#room-python").attrs.get("aria-current") == "true"
        assert "aria-current" not in bob.find(f"#room-{chat.ROOMS[0]}").attrs
        assert online(ann) == ["ann"]
        assert online(bob) == ["bob"]
        assert said(bob) == []
    async with render(chat.Chat()) as cid:
        assert online(cid) == []


async def test_a_newcomer_sees_the_last_hundred_messages(chat: ModuleType) -> None:
    async with render(chat.Chat()) as ann:
        await join(ann, "ann")
        for i in range(chat.KEEP + 5):
            await ann.submit("#composer", {"text": f"m{i}"})
        await settle(ann)
        async with render(chat.Chat()) as bob:
            await join(bob, "bob")
            await settle(bob)
            shown = said(bob)
            assert len(shown) == chat.KEEP
            assert shown[0] == "ann: m5" and shown[-1] == f"ann: m{chat.KEEP + 4}"


async def test_an_empty_name_gets_a_guest_name_and_empty_messages_are_not_sent(chat: ModuleType) -> None:
    async with render(chat.Chat()) as view:
        await join(view, "  ")
        await settle(view)
        assert online(view)[0].startswith("guest-")
        await view.submit("#composer", {"text": "   "})
        await settle(view)
        assert said(view) == []
