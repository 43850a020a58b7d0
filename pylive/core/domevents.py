"""The event names an element's `on_<event>=` may bind, and the check that catches a misspelled one.

The client listens for whatever type a binding names, so a misspelled `on_clik=` would bind an
event no browser fires, and the button would do nothing, silently. A name that is no event the
browser fires (nor a window one, `on_window_<event>=`, nor pylive's own `viewport_enter`,
`viewport_leave` and `click_away`) is taken as a typo when it is close to one: the tree is refused
with the name it meant. Events a JS hook
sends (`hook=` on the element) and a custom element's own events are the app's to name. Any other
unknown name binds, with one warning in the log: only the page's own script could fire it.

    misspelled("button", {"clik": handler}, hooked=False)
    # 'on_clik= of <button> binds no event a browser fires: did you mean on_click=? ...'
"""

from __future__ import annotations

import difflib
import logging
from typing import Any

log = logging.getLogger("pylive")

#: DOM events an element can fire (and the names `onClick=` and `onclick=` attributes mean).
DOM_EVENTS = frozenset(
    "abort animationcancel animationend animationiteration animationstart auxclick beforeinput "
    "beforetoggle blur cancel canplay canplaythrough change click close compositionend "
    "compositionstart compositionupdate contextlost contextmenu contextrestored copy cuechange cut "
    "dblclick drag dragend dragenter dragleave dragover dragstart drop durationchange emptied ended "
    "error focus focusin focusout formdata fullscreenchange fullscreenerror gotpointercapture input "
    "invalid keydown keypress keyup load loadeddata loadedmetadata loadstart lostpointercapture "
    "mousedown mouseenter mouseleave mousemove mouseout mouseover mouseup paste pause play playing "
    "pointercancel pointerdown pointerenter pointerleave pointermove pointerout pointerover pointerup "
    "progress ratechange reset resize scroll scrollend search securitypolicyviolation seeked seeking "
    "select selectionchange selectstart slotchange stalled submit suspend timeupdate toggle "
    "touchcancel touchend touchmove touchstart transitioncancel transitionend transitionrun "
    "transitionstart volumechange waiting wheel".split()
)

#: Events only the window (or the document) fires, for `on_window_<event>=`.
WINDOW_EVENTS = DOM_EVENTS | frozenset(
    "afterprint beforeprint beforeunload hashchange languagechange message messageerror offline "
    "online orientationchange pagehide pageshow popstate rejectionhandled storage unhandledrejection "
    "unload visibilitychange".split()
)

#: pylive's own: an element scrolling into or out of view (`on_viewport_enter=`).
VIEWPORT_EVENTS = frozenset({"viewport_enter", "viewport_leave"})
#: pylive's own: a click anywhere outside an element that is shown (`on_click_away=`, to close a menu).
CLICK_AWAY = "click_away"

_WINDOW = "window_"
_warned: set[str] = set()


def known_event(event: str) -> bool:
    """Whether `event` (a binding's name without `on_`) is one a browser or pylive fires."""
    if event in DOM_EVENTS or event in VIEWPORT_EVENTS or event == CLICK_AWAY:
        return True
    return event.startswith(_WINDOW) and event[len(_WINDOW) :] in WINDOW_EVENTS


def misspelled(tag: str, events: dict[str, Any], *, hooked: bool) -> str | None:
    """What is wrong with a binding of `<tag>` whose name is close to an event's but none (see the
    module), or None; an unknown name far from any is logged once."""
    if hooked or "-" in tag:
        return None  # a hook's events, or a custom element's: named by the app
    for event in events:
        if known_event(event) or event in _warned:
            continue  # (one far from any event was looked at once, and logged)
        if event.startswith(_WINDOW):
            base, names, prefix = event[len(_WINDOW) :], WINDOW_EVENTS, "on_window_"
        else:
            base, names, prefix = event, DOM_EVENTS | VIEWPORT_EVENTS | {CLICK_AWAY}, "on_"
        close = difflib.get_close_matches(base, names, n=1, cutoff=0.75)
        if close:
            return (
                f"on_{event}= of <{tag}> binds no event a browser fires: did you mean {prefix}{close[0]}=? "
                "(An event a JS hook sends needs hook= on the element.)"
            )
        if event not in _warned:
            _warned.add(event)
            log.warning(
                "on_%s= of <%s> binds no event a browser fires: it runs only if the page's own script "
                "dispatches a %r event there (an event a JS hook sends needs hook= on the element)",
                event,
                tag,
                event,
            )
    return None
