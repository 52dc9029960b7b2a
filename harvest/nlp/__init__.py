"""Themes and public narrative (story of self, us and now) with spaCy.

``analyse(event)`` is the facade; the components ``harvest_narrative`` and
``harvest_keyphrases`` work in any spaCy pipeline. Importing this package does not
import spaCy: the names below load on first use, so ``harvest --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["COMPONENT_VERSION", "ModelNotFoundError", "analyse", "load_model", "model_id"]

_WHERE = {
    "analyse": "harvest.nlp._analyse",
    "COMPONENT_VERSION": "harvest.nlp._analyse",
    "load_model": "harvest.nlp._model",
    "model_id": "harvest.nlp._model",
    "ModelNotFoundError": "harvest.nlp._model",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'harvest.nlp' has no attribute {name!r}")
