"""The second search pass: uncertain stretches re-aligned with embeddings of joined spans."""

from __future__ import annotations

import numpy as np

from aligner.api import AlignConfig, align
from aligner.embedders import CachedEmbedder
from tests.align_sample import EN, ZH

DIM = 64
# Two Chinese sentences whose content the translator redistributed over two English ones.
CROSS_ZH = ["他走进房间，看见桌上放着一封信。", "信是他母亲三天前写的，字迹有些潦草。"]
CROSS_EN = ["He walked into the room and saw, in his mother's hasty hand,",
            "a letter on the table that she had written three days before."]


class StubEmbedder:
    """Vectors chosen per text: translation pairs share a direction; ``joined`` maps the joined texts of
    the crossing pair to one shared direction and its pieces to unrelated ones."""

    name = "stub"

    def __init__(self, pieces_related: bool):
        rng = np.random.default_rng(3)
        self.vectors: dict[str, np.ndarray] = {}
        for zh, en in zip(ZH, EN, strict=True):
            base = rng.normal(size=DIM)
            self.vectors[zh] = base + 0.2 * rng.normal(size=DIM)
            self.vectors[en] = base + 0.2 * rng.normal(size=DIM)
        shared = rng.normal(size=DIM)
        if pieces_related:  # each piece translates its counterpart: the joined texts add nothing
            for zh, en in zip(CROSS_ZH, CROSS_EN, strict=True):
                base = rng.normal(size=DIM)
                self.vectors[zh], self.vectors[en] = base + 0.2 * rng.normal(size=DIM), base.copy()
        else:
            for text in (*CROSS_ZH, *CROSS_EN):
                self.vectors[text] = rng.normal(size=DIM)
        self.vectors["".join(CROSS_ZH)] = shared + 0.1 * rng.normal(size=DIM)
        self.vectors[" ".join(CROSS_EN)] = shared + 0.1 * rng.normal(size=DIM)
        self.rng = rng
        self.asked: list[str] = []

    def encode(self, texts):
        self.asked += list(texts)
        out = np.stack([self.vectors.get(t, self.rng.normal(size=DIM)) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def _document() -> tuple[list[str], list[str], int]:
    at = 5
    return [*ZH[:at], *CROSS_ZH, *ZH[at:]], [*EN[:at], *CROSS_EN, *EN[at:]], at


def test_a_crossing_two_two_is_found_from_its_joined_texts():
    zh, en, at = _document()
    stub = StubEmbedder(pieces_related=False)
    embedder = CachedEmbedder(stub)
    beads = align(zh, en, config=AlignConfig(embedder=embedder))
    assert ((at, at + 1), (at, at + 1)) in [(b.zh, b.en) for b in beads]
    crossing = next(b for b in beads if b.zh == (at, at + 1))
    assert crossing.parts["embedding"] > 0.9  # judged by its joined texts, not the sum of its pieces
    # the joined texts were encoded, each text once however often the passes asked
    assert "".join(CROSS_ZH) in stub.asked and " ".join(CROSS_EN) in stub.asked
    assert len(stub.asked) == len(set(stub.asked))


def test_pieces_that_translate_each_other_stay_one_to_one():
    zh, en, at = _document()
    beads = align(zh, en, config=AlignConfig(embedder=CachedEmbedder(StubEmbedder(pieces_related=True))))
    pairs = [(b.zh, b.en) for b in beads]
    assert ((at,), (at,)) in pairs and ((at + 1,), (at + 1,)) in pairs


def test_confident_one_to_one_text_encodes_no_joined_span():
    stub = StubEmbedder(pieces_related=True)
    align(ZH, EN, config=AlignConfig(embedder=CachedEmbedder(stub)))
    assert set(stub.asked) == set(ZH) | set(EN)


def test_cached_embedder_encodes_each_text_once():
    stub = StubEmbedder(pieces_related=True)
    cached = CachedEmbedder(stub, capacity=3)
    first = cached.encode([ZH[0], EN[0], ZH[0]])
    assert np.allclose(first[0], first[2])
    cached.encode([EN[0], ZH[1]])
    assert stub.asked == [ZH[0], EN[0], ZH[1]]
    cached.encode([ZH[2], ZH[3]])  # capacity 3: the least recently used texts are dropped
    cached.encode([ZH[0]])
    assert stub.asked[-1] == ZH[0] and cached.encoded == 6


class DictStore:
    """A VectorStore in memory, counting what passes through it."""

    def __init__(self):
        self.kept: dict[tuple[str, str], np.ndarray] = {}

    def get_vectors(self, embedder, texts):
        return {t: self.kept[(embedder, t)] for t in texts if (embedder, t) in self.kept}

    def put_vectors(self, embedder, vectors):
        self.kept.update({(embedder, t): v for t, v in vectors.items()})


def test_a_store_spares_a_second_process_every_encoding():
    zh, en, _ = _document()
    store = DictStore()
    first = StubEmbedder(pieces_related=False)
    align(zh, en, config=AlignConfig(embedder=CachedEmbedder(first, store=store)))
    later = StubEmbedder(pieces_related=False)  # a new process: empty memory, same store
    align(zh, en, config=AlignConfig(embedder=CachedEmbedder(later, store=store)))
    assert first.asked and later.asked == []
    assert len(store.kept) == len(first.asked)


_SHARED_WINDOWS = """
from aligner import api
from aligner.api import AlignConfig, align
from aligner.embedders import CachedEmbedder
from tests.align_sample import EN, ZH
from tests.test_second_pass import CROSS_EN, CROSS_ZH, StubEmbedder

zh = [*ZH[:3], *CROSS_ZH, *ZH[3:9], *CROSS_ZH, *ZH[9:]]
en = [*EN[:3], *CROSS_EN, *EN[3:9], *CROSS_EN, *EN[9:]]
here = os.getpid()
calls = []
realign = api._realign_window

def counted(*args):
    if os.getpid() == here:   # the child's calls are lost with it
        calls.append(1)
    return realign(*args)

api._realign_window = counted
config = AlignConfig(embedder=CachedEmbedder(StubEmbedder(pieces_related=False)))
runs = []
for threshold in (10**9, 0):   # one process; then every document counts as long
    api.PARALLEL_WINDOW_SENTENCES = threshold
    beads = [[b.zh, b.en, b.confidence, sorted(b.parts.items())] for b in align(zh, en, config=config)]
    runs.append([len(calls), beads])
    calls.clear()
print(json.dumps(runs))
"""


def test_windows_shared_with_a_forked_process_give_the_beads_of_one_process():
    """A long document's later second-pass windows are re-aligned in a forked child meanwhile (run in a
    fresh, single-threaded interpreter, as forking needs): the beads, confidences and joined values
    must be those of one process."""
    from tests.test_workers import isolated

    (windows, alone), (here, shared) = isolated(_SHARED_WINDOWS, timeout=300)
    assert windows >= 2 and here < windows   # the child took some windows
    assert shared == alone


def test_joined_values_of_several_shapes_at_once_are_each_shapes_own():
    """A second-pass window scores all its bead shapes in one call; each row must hold exactly the values
    of that shape scored alone, joined (float32) or, past the joined spans, from sentence sums."""
    from aligner.scoring.base import Cells
    from aligner.scoring.embeddings import embedding_signal
    from aligner.search import bead_shapes

    zh, en, _ = _document()
    signal = embedding_signal(zh, en, CachedEmbedder(StubEmbedder(pieces_related=False))).joined(
        0, len(zh), 0, len(en), max_span=2)
    rows = len(zh) + 1
    cells = Cells.from_bounds(np.zeros(rows, dtype=np.int64), np.full(rows, len(en), dtype=np.int64))
    shapes = bead_shapes(5)[1:]
    xs, ys = np.array([[x] for x, _ in shapes]), np.array([[y] for _, y in shapes])
    band = signal.prepare(cells, int(xs.max()), int(ys.max()))
    together = band.values(xs, ys, band.payload(xs, ys))
    for k, (x, y) in enumerate(shapes):
        alone = signal.prepare(cells, int(xs.max()), int(ys.max()))
        one = alone.values(xs[k : k + 1], ys[k : k + 1], alone.payload(xs[k : k + 1], ys[k : k + 1]))
        assert np.array_equal(together[k], one), (x, y)
    assert {x for x, _ in shapes if x > 2} and together.dtype == np.float64   # fallback shapes among them
    assert (together > 0).sum() > cells.size   # real values, not an empty band
