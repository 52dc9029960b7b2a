"""The live capture pad: a plain controller, and a thin ipywidgets view over it.

``PadController`` and ``FormState`` need only the core; ``CapturePad`` (the widgets) needs
the ``notebook`` extra and is imported on first use, so ``harvest capture --help`` and
the controller's tests never load ipywidgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .controller import FeedItem, Outcome, PadController
from .panel import Panel, build_panel, top_terms
from .state import FormState, Mode, PastedPost, parse_post, validate

if TYPE_CHECKING:
    from .view import CapturePad

__all__ = [
    "CapturePad",
    "FeedItem",
    "FormState",
    "Mode",
    "Outcome",
    "PadController",
    "Panel",
    "PastedPost",
    "build_panel",
    "parse_post",
    "top_terms",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name == "CapturePad":
        try:
            from .view import CapturePad
        except ImportError as error:
            from harvest.errors import MissingExtraError

            package = error.name or "ipywidgets"
            raise MissingExtraError("missing-extra", extra="notebook", package=package) from error
        return CapturePad
    raise AttributeError(f"module 'harvest.ui.pad' has no attribute {name!r}")
