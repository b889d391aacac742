"""corpora.pipeline: two texts or files -> Pair (segments, anchors, title) -> Document."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from aligner.beads import Bead
from aligner.errors import UserError
from corpora.pipeline import align_pair, pair_from_texts
from corpora.readers.inputs import load_files

ZH = "市政府公布年度预算\n今年财政收入增长3.2%。支出重点投向教育。\n医疗支出也有所增加。"
EN = ("City government unveils annual budget\nRevenue this year rose 3.2%. Spending focuses on "
      "education.\nHealth spending also increased.")


def test_pair_from_texts_segments_and_anchors() -> None:
    pair = pair_from_texts(ZH, EN)
    assert pair.zh.sentences == ["市政府公布年度预算", "今年财政收入增长3.2%。", "支出重点投向教育。",
                                 "医疗支出也有所增加。"]
    assert pair.en.sentences[1:3] == ["Revenue this year rose 3.2%.", "Spending focuses on education."]
    assert pair.anchors == [(1, 1), (3, 3)]
    assert pair.title == "市政府公布年度预算"
    assert pair.has_headline
    assert pair.zh_path is None


def test_presegmented_and_semicolon_options() -> None:
    pair = pair_from_texts("甲；乙。丙。\n丁。", "A. B.\nC.", presegmented=True)
    assert pair.zh.sentences == ["甲；乙。丙。", "丁。"]
    assert pair.en.sentences == ["A. B.", "C."]
    assert pair.title == ""
    pair = pair_from_texts("甲；乙。", "A; b.", split_on_semicolon=True)
    assert pair.zh.sentences == ["甲；", "乙。"]


def test_swapped_texts_are_a_user_error_naming_both_inputs() -> None:
    with pytest.raises(UserError, match=r"^english\.txt looks English and chinese\.txt Chinese: pass"):
        pair_from_texts(EN, ZH, zh_name="english.txt", en_name="chinese.txt")


def test_one_language_on_both_sides_is_not_told_to_swap_them() -> None:
    """USERTEST3 entry 15: two English files were told "pass the Chinese file first"."""
    with pytest.raises(UserError, match=r"^neither a\.txt nor b\.txt looks English \(\d+% and \d+% Chinese "
                                        r"characters\): pass a Chinese article and its English translation$"):
        pair_from_texts(ZH, ZH, zh_name="a.txt", en_name="b.txt")
    with pytest.raises(UserError, match=r"^neither a\.txt nor b\.txt looks Chinese \(0% and 0%") as error:
        pair_from_texts(EN, EN, zh_name="a.txt", en_name="b.txt")
    assert "first" not in str(error.value)


def test_empty_text_is_a_user_error() -> None:
    with pytest.raises(UserError, match="English text"):
        pair_from_texts(ZH, "  \n")


def test_load_files_reads_any_encoding_and_keeps_paths(tmp_path: Path) -> None:
    zh_path, en_path = tmp_path / "budget.zh.txt", tmp_path / "budget.en.txt"
    zh_path.write_bytes(ZH.encode("gb18030"))
    en_path.write_bytes(EN.replace("\n", "\r\n").encode("utf-8-sig"))
    pair = load_files(zh_path, en_path)
    assert pair.zh == pair_from_texts(ZH, EN).zh
    assert pair.en.sentences[-1] == "Health spending also increased."
    assert (pair.zh_path, pair.en_path) == (zh_path, en_path)


def test_load_files_names_the_bad_file(tmp_path: Path) -> None:
    zh_path, en_path = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh_path.write_text(EN, encoding="utf-8")
    en_path.write_text(EN, encoding="utf-8")
    with pytest.raises(UserError, match=r"neither .*a\.zh\.txt nor .*a\.en\.txt looks Chinese"):
        load_files(zh_path, en_path)
    with pytest.raises(UserError, match="missing"):
        load_files(tmp_path / "missing.txt", en_path)


@pytest.fixture
def stand_in_align(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace aligner.api with a 1-1 diagonal aligner that records its calls."""
    calls: list[dict] = []

    def align(zh, en, *, mt=None, anchors=(), config=None, one_sided=None):
        calls.append({"zh": list(zh), "en": list(en), "mt": mt, "anchors": list(anchors), "config": config,
                      "one_sided": one_sided})
        n = min(len(zh), len(en))
        beads = [Bead((k,), (k,), 0.9, {"length": 0.5}) for k in range(n)]
        return beads + [Bead((), (k,), 0.1) for k in range(n, len(en))]

    from aligner.api import is_one_sided

    module = types.ModuleType("aligner.api")
    module.align = align  # type: ignore[attr-defined]
    module.is_one_sided = is_one_sided  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "aligner.api", module)
    return calls


def test_align_pair_builds_the_document(stand_in_align: list[dict]) -> None:
    pair = pair_from_texts(ZH, EN + "\nOne more line.")
    document = align_pair(pair, mt=["m"] * 4, config="cfg")
    (call,) = stand_in_align
    assert call["anchors"] == pair.anchors
    assert (call["mt"], call["config"], call["one_sided"]) == (["m"] * 4, "cfg", False)
    assert document.sentences("zh") == pair.zh.sentences
    assert document.sentences("en") == pair.en.sentences
    assert document.title == "市政府公布年度预算"
    assert document.source == ""
    assert [row.headline for row in document.rows] == [True, False, False, False, False]
    assert document.rows[-1].zh == [] and document.rows[-1].confidence == 0.1


def test_align_pair_title_and_source(tmp_path: Path, stand_in_align: list[dict]) -> None:
    zh_path, en_path = tmp_path / "report.zh.txt", tmp_path / "report.en.txt"
    zh_path.write_text("今年财政收入增长。支出重点投向教育。", encoding="utf-8")
    en_path.write_text("Revenue rose. Spending focuses on education.", encoding="utf-8")
    pair = load_files(zh_path, en_path)
    document = align_pair(pair)
    assert document.title == "report.zh"
    assert document.source == str(zh_path)
    assert not any(row.headline for row in document.rows)
    assert align_pair(pair, title="Budget").title == "Budget"



@pytest.mark.slow
def test_files_to_document_end_to_end(tmp_path: Path) -> None:
    """The real aligner on a small article whose translation merges two Chinese sentences.

    The English body is one paragraph, so only the headline anchor constrains the search.
    """
    zh_path, en_path = tmp_path / "port.zh.txt", tmp_path / "port.en.txt"
    zh_path.write_bytes((
        "港口集装箱吞吐量创新高\n"
        "今年前十个月，港口完成集装箱吞吐量1250万标准箱，同比增长8.4%。\n"
        "港口新开通了三条国际航线。其中两条通往东南亚。\n"
        "港务局表示，明年将继续扩建码头。"
    ).encode("gb18030"))
    en_path.write_text(
        "Port container throughput hits record high\n"
        "In the first ten months of the year, the port handled 12.5 million TEU of containers, "
        "up 8.4% year on year. "
        "The port opened three new international routes, two of them to Southeast Asia. "
        "The port authority said it would keep expanding its wharves next year.",
        encoding="utf-8",
    )
    pair = load_files(zh_path, en_path)
    assert pair.anchors == [(1, 1)]
    document = align_pair(pair)
    assert [row.kind for row in document.rows] == ["1-1", "1-1", "2-1", "1-1"]
    assert document.rows[2].zh == ["港口新开通了三条国际航线。", "其中两条通往东南亚。"]
    assert document.rows[0].headline and document.title == "港口集装箱吞吐量创新高"
    assert all(0.0 <= (row.confidence or 0.0) <= 1.0 for row in document.rows)
