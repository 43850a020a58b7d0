"""Toasts, alerts, badges, progress and spinners."""

from __future__ import annotations

import asyncio

import pylive as pl
from components import Alert, Badge, Button, Progress, Spinner, ToastStack, use_toasts
from pylive import html as h
from pylive.testing import render


@pl.component
def ToastPage(duration=None):
    toasts, push, dismiss = use_toasts(limit=3)
    return h.div(
        Button("Save", id="save", on_click=lambda: push("Saved", tone="success", duration=duration)),
        Button("Fail", id="fail", on_click=lambda: push("Disk full", tone="danger", title="Error", duration=duration)),
        ToastStack(toasts, on_dismiss=dismiss),
    )


async def test_toasts_stack_and_dismiss():
    async with render(ToastPage()) as view:
        region = view.find(".pl-toasts")
        assert region.attrs["role"] == "region" and region.attrs["aria-label"] == "Notifications"
        await view.click("#save")
        await view.click("#fail")
        toasts = view.find_all(".pl-toast")
        assert [t.attrs["role"] for t in toasts] == ["status", "alert"]
        assert view.find_all(".pl-toast-title")[0].text == "Error"
        for _ in range(3):
            await view.click("#save")
        assert len(view.find_all(".pl-toast")) == 3  # the newest `limit`
        await view.click(".pl-toast-close")
        assert len(view.find_all(".pl-toast")) == 2
        assert view.find(".pl-toast-close").attrs["aria-label"] == "Dismiss notification"


async def test_toasts_dismiss_themselves():
    async with render(ToastPage(duration=20)) as view:
        await view.click("#save")
        assert view.find_all(".pl-toast")
        for _ in range(200):
            await asyncio.sleep(0.01)
            if not view.find_all(".pl-toast"):
                break
        assert not view.find_all(".pl-toast")


async def test_alert_roles_and_dismiss():
    closed = []
    async with render(h.div(Alert("Offline", tone="warning", title="Heads up", on_dismiss=lambda: closed.append(1)), Alert("Saved", tone="success"))) as view:
        alerts = view.find_all(".pl-alert")
        assert [a.attrs["role"] for a in alerts] == ["alert", "status"]
        assert view.find(".pl-alert-title").text == "Heads up"
        await view.click(".pl-alert button")
        assert closed == [1]


async def test_badge_progress_spinner():
    async with render(h.div(Badge("3", tone="danger", label="3 unread"), Progress(30, max=60, label="Upload"), Progress(None, label="Sync"), Spinner("Fetching"))) as view:
        badge = view.find(".pl-badge")
        assert badge.attrs["aria-label"] == "3 unread" and "pl-tone-danger" in badge.attrs["class"]
        bars = view.find_all("[role=progressbar]")
        assert bars[0].attrs["aria-valuenow"] == "30" and bars[0].attrs["aria-valuemax"] == "60"
        assert bars[0].attrs["aria-label"] == "Upload" and bars[0].attrs["aria-valuetext"] == "50%"
        assert "aria-valuenow" not in bars[1].attrs  # indeterminate
        status = view.find(".pl-spinner-wrap")
        assert status.attrs["role"] == "status" and status.text == "Fetching"


async def test_a_waiting_toast_is_not_work_that_settle_waits_for():
    async with render(ToastPage(duration=60_000)) as view:
        await view.click("#save")
        await asyncio.wait_for(view.settle(), 5)  # an effect that slept would hold settle for a minute
        assert view.find_all(".pl-toast")


async def test_a_spinner_shows_its_label_when_asked():
    async with render(Spinner("Predicting…", show_label=True)) as view:
        assert view.find(".pl-spinner-label").text == "Predicting…"
    async with render(Spinner("Predicting…")) as view:
        assert view.find(".pl-visually-hidden").text == "Predicting…" and not view.find_all(".pl-spinner-label")


async def test_the_toast_stack_is_a_live_region_before_any_toast_comes():
    # Screen readers watch a live region for changes from when it appears: a toast that arrives
    # already inside its own role="status" is often not read out. The empty stack is the region.
    async with render(ToastPage()) as view:
        region = view.find(".pl-toasts")
        assert region.attrs.get("aria-live") == "polite"
        assert region.attrs.get("aria-relevant") == "additions text"  # a toast going is not news
