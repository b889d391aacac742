"""An embedder for tests: a fixed vector per text (the same in every process), and a list of the texts it
was asked to encode."""

from __future__ import annotations

import hashlib

import numpy as np

DIM = 32


class CountingEmbedder:
    """Vectors from a hash of the text: no model, and a translation pair is as unrelated as any two texts
    (enough for the aligner to run; what these tests watch is what gets encoded)."""

    name = "counting-stub"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts) -> np.ndarray:
        self.asked += list(texts)
        seeds = [int.from_bytes(hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest()[:8], "big")
                 for t in texts]
        out = np.stack([np.random.default_rng(seed).normal(size=DIM) for seed in seeds]) if seeds else \
            np.zeros((0, DIM))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)
