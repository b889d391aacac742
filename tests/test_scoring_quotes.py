"""The quotation signal: beads should end inside a quotation on both sides or on neither."""

from __future__ import annotations

import numpy as np

from aligner.api import AlignConfig, align
from aligner.scoring.base import Cells
from aligner.scoring.quotes import EN_CLOSING, ZH_CLOSING, ends_quotation, quote_signal
from aligner.search import bead_shapes

# A dialogue: every turn ends with a closing quote in both languages; turn 1 is two English sentences.
ZH = ["小明说：“今天我们去河边钓鱼吧，天气这么好。”", "小红摇了摇头：“我还有很多作业没写完，去不了。”",
      "小明只好一个人出门了。", "他在河边坐了整整一个下午。", "“你钓到鱼了吗？”妈妈问他。"]
EN = ["Xiao Ming said, 'Let's go fishing by the river today, the weather is so nice.'",
      "Xiao Hong shook her head.", "'I still have lots of homework to finish, I can't go.'",
      "So Xiao Ming went out alone.", "He sat by the river the whole afternoon.",
      "'Did you catch any fish?' his mother asked."]


def test_ends_quotation_looks_at_the_last_visible_character():
    assert ends_quotation("他说：“好。”  ", ZH_CLOSING)
    assert not ends_quotation("“好，”他说。", ZH_CLOSING)
    assert ends_quotation("'Fine,' he said, 'fine.'", EN_CLOSING)
    assert not ends_quotation("'Fine,' he said.", EN_CLOSING)
    assert not ends_quotation("", EN_CLOSING)


def test_signal_is_off_when_one_text_marks_no_dialogue():
    assert quote_signal(ZH, EN) is not None
    assert quote_signal(ZH, [s.replace("'", "") for s in EN]) is None
    assert quote_signal(["没有引号。"] * 60, ["No quotes."] * 60) is None


def test_bead_value_compares_the_last_sentences():
    signal = quote_signal(ZH, EN)
    assert signal is not None
    spans_zh = np.array([(0, 1), (1, 2), (1, 2)])
    spans_en = np.array([(0, 1), (1, 2), (1, 3)])
    # (0)-(0) both end a quote; (1)-(1) zh ends a quote, en does not; (1)-(1,2) both do.
    assert signal.bead_values(spans_zh, spans_en).tolist() == [1.0, 0.0, 1.0]


def test_band_values_match_bead_values_at_every_level():
    signal = quote_signal(ZH * 3, EN * 3)
    assert signal is not None
    for level in (signal, signal.coarsen()):
        n, m = len(level.zh), len(level.en)
        cells = Cells.from_bounds(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
        band = level.prepare(cells, 3, 3)
        inside = (cells.I >= 1) & (cells.J >= 1)
        spans_zh = np.stack([cells.I[inside] - 1, cells.I[inside]], 1)
        spans_en = np.stack([cells.J[inside] - 1, cells.J[inside]], 1)
        for x, y, dots in band.dots_by_shape(bead_shapes(4)[1:]):
            assert np.array_equal(band.values(x, y, dots)[inside], level.bead_values(spans_zh, spans_en))


def test_coarse_level_keeps_the_end_of_each_pair():
    signal = quote_signal(ZH, EN)
    assert signal is not None
    coarse = signal.coarsen()
    assert coarse.zh.tolist() == [signal.zh[1], signal.zh[3], signal.zh[4]]
    assert coarse.en.tolist() == [signal.en[1], signal.en[3], signal.en[5]]


def test_quotes_are_a_part_of_the_default_score_and_can_be_turned_off():
    beads = align(ZH, EN, config=AlignConfig.fast())
    assert [(b.zh, b.en) for b in beads][:2] == [((0,), (0,)), ((1,), (1, 2))]
    assert beads[0].parts["quotes"] == 1.0
    without = align(ZH, EN, config=AlignConfig.fast().without("quotes"))
    assert all("quotes" not in b.parts for b in without)
