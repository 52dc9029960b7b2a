"""What the harvest components share: their state travels as JSON with the pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self

import srsly  # type: ignore[import-untyped]


class JsonState:
    """``to_bytes``/``from_bytes`` for a component that has ``_state()`` and ``_load(state)``."""

    def _state(self) -> dict[str, Any]:
        raise NotImplementedError

    def _load(self, state: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The component's patterns and config as bytes."""
        text: str = srsly.json_dumps(self._state())
        return text.encode("utf8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Self:
        """Load what :meth:`to_bytes` wrote."""
        self._load(srsly.json_loads(data.decode("utf8")))
        return self
