"""The two small front-end widgets the pad needs beyond ipywidgets (anywidget).

:class:`TextBox` is the keyboard-first text box (Ctrl+Enter saves, Esc clears, the photo
picker that shrinks photos on the device, the name asked once per browser); :class:`Feed`
is the list of latest captures with Edit, Delete and Undo. Their JavaScript and CSS live
in ``static/``, shipped inline with the widget, so the page fetches nothing from outside.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

__all__ = ["Feed", "TextBox"]

STATIC = Path(__file__).parent / "static"


class TextBox(anywidget.AnyWidget):
    """The text box. ``value`` flows from the browser only; the kernel sends ``load``."""

    _esm = STATIC / "pad.js"
    _css = STATIC / "pad.css"
    value = traitlets.Unicode("").tag(sync=True)
    name = traitlets.Unicode("").tag(sync=True)
    mode = traitlets.Unicode("quote").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    event_id = traitlets.Unicode("").tag(sync=True)
    tick_ms = traitlets.Int(4000).tag(sync=True)


class Feed(anywidget.AnyWidget):
    """The latest captures: ``items`` are dicts of :class:`~.controller.FeedItem` fields."""

    _esm = STATIC / "feed.js"
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    waiting = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: what the filters offer: ``sessions`` ([label, id] pairs), ``speakers``, ``kinds``
    choices = traitlets.Dict().tag(sync=True)
    #: set by the browser: ``search``, ``session``, ``kind``, ``speaker`` ("" for any)
    filters = traitlets.Dict().tag(sync=True)
    #: how many captures the feed shows ("Show more" raises it)
    limit = traitlets.Int(8).tag(sync=True)
