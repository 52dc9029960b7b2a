"""Word vectors, so that captures sharing meaning but no word can still share a theme.

"Permission to fail" and "we took a risk" have no word in common; TF-IDF sees nothing
between them, and ``en_core_web_sm`` has no static vectors. WordLlama's wheel carries
256-dimensional static token embeddings (16 MB, MIT) that need no torch: a term's vector
is the mean of its tokens' rows. The files are read directly with ``safetensors`` and
``tokenizers``, because importing ``wordllama`` configures the root logger and it fetches
from Hugging Face when it misses a file (0.4.0 looks for its tokenizer in the wrong folder).
Nothing is ever downloaded here.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from harvest.errors import MissingExtraError

__all__ = ["DIM", "embed", "text_vectors"]

DIM = 256
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


class _Table:
    """The token embedding table and its tokenizer, with a memo of term vectors."""

    def __init__(self, folder: Path) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        with safe_open(str(folder / _WEIGHTS), framework="np") as f:
            self.rows = np.asarray(f.get_tensor("embedding.weight"), dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
        self.memo: dict[str, np.ndarray] = {}

    def term(self, term: str) -> np.ndarray:
        found = self.memo.get(term)
        if found is None:
            ids = self.tokenizer.encode(" " + term, add_special_tokens=False).ids
            found = self.rows[ids].mean(axis=0) if ids else np.zeros(DIM, dtype=np.float32)
            self.memo[term] = found
        return found


@lru_cache(maxsize=1)
def _table() -> _Table:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtraError("missing-extra", extra="nlp", package="wordllama")
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not (folder / _WEIGHTS).is_file():
        package = f"wordllama with its bundled {_WEIGHTS}"
        raise MissingExtraError("missing-extra", extra="nlp", package=package)
    return _Table(folder)


def embed(weights: Mapping[str, float]) -> np.ndarray:
    """The weighted mean of the terms' vectors, unit length (zeros for no terms).

    :param weights: term -> weight, e.g. a capture's TF-IDF weights; a ``p:`` phrase counts
        as its words
    """
    table = _table()
    total = np.zeros(DIM, dtype=np.float64)
    for term, weight in weights.items():
        total += weight * table.term(term.removeprefix("p:"))
    norm = float(np.linalg.norm(total))
    out: np.ndarray = total / norm if norm else total
    return out


def text_vectors(texts: Sequence[str]) -> np.ndarray:
    """One unit row per text: the mean of its tokens' rows (zeros for no tokens).

    Needs no parse, so it is cheap enough for every capture of a 100,000-capture day.
    """
    table = _table()
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    encodings = table.tokenizer.encode_batch([" " + t for t in texts], add_special_tokens=False)
    for row, encoding in enumerate(encodings):
        if encoding.ids:
            mean = table.rows[encoding.ids].mean(axis=0)
            out[row] = mean / (float(np.linalg.norm(mean)) or 1.0)
    return out
