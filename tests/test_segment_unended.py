"""Chinese without sentence ends (ASR output, comma-only transcripts): cut at clause marks into pieces
that align, and never taken for a missing body (USERTEST3 entry 8)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aligner.segment import segment
from aligner.segment.zh import CLAUSE_PIECE_CHARS, UNENDED_MIN_CHARS
from cli import main
from corpora.pipeline import balance_note, one_sided, pair_from_texts
from tests.conftest import shared_path

CLAUSES = ["市政府今天公布了年度预算", "财政收入比去年增长百分之八", "支出重点投向教育和医疗",
           "新建学校二十所", "据悉", "明年还将扩建三家医院", "市长表示", "预算将提交人大审议"]
COMMA_ONLY = "，".join(CLAUSES * 3)   # no 。！？ anywhere: one long run-on line


def test_a_long_line_without_sentence_ends_is_cut_after_clause_marks() -> None:
    seg = segment(COMMA_ONLY + "\n", "zh")
    assert len(COMMA_ONLY) > UNENDED_MIN_CHARS
    assert seg.cut_lines == 1
    assert len(seg.sentences) > 10
    assert "".join(seg.sentences) == COMMA_ONLY
    assert all(s.endswith("，") and len(s) >= CLAUSE_PIECE_CHARS for s in seg.sentences[:-1])
    assert "新建学校二十所，据悉，" in seg.sentences   # short clauses do not stand alone


def test_headlines_and_punctuated_sentences_are_not_cut() -> None:
    long_sentence = COMMA_ONLY + "。"   # one real (if long) sentence: it ends
    text = f"市政府公布年度预算\n\n{long_sentence}\n{CLAUSES[0]}，{CLAUSES[1]}。"
    seg = segment(text, "zh")
    assert seg.sentences == ["市政府公布年度预算", long_sentence, f"{CLAUSES[0]}，{CLAUSES[1]}。"]
    assert seg.cut_lines == 0


def test_pieces_are_never_a_missing_body() -> None:
    english = " ".join(f"Sentence {k} of the English says something about the budget." for k in range(60))
    pair = pair_from_texts(COMMA_ONLY, english)
    assert 3 * len(pair.zh.sentences) < len(pair.en.sentences)   # the counts alone say one-sided
    assert not one_sided(pair)
    note = balance_note(pair)
    assert note is not None and "the Chinese lacks sentence ends" in note and "missing" not in note


def test_punctuated_one_sided_article_is_still_reported() -> None:
    english = " ".join(f"Sentence {k} of the English says something about the budget." for k in range(60))
    pair = pair_from_texts("市政府公布年度预算", english)
    assert one_sided(pair)
    assert "the Chinese body is missing" in (balance_note(pair) or "")


def test_comma_only_news_article_aligns_row_by_row(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """wmt22-news 005 with every 。？ made a comma, as the user test ran it: 32 rows, none with both sides."""
    source = shared_path("eval", "zhen", "wmt22-news", "zh", "005.txt")
    text = source.read_text(encoding="utf-8").replace("。", "，").replace("？", "，").replace("\n", "")
    zh, out = tmp_path / "np.zh.txt", tmp_path / "np.tsv"
    zh.write_text(text + "\n", encoding="utf-8")
    en = shared_path("eval", "zhen", "wmt22-news", "en", "005.txt")
    assert main(["align", str(zh), str(en), "--no-mt", "--fast", "-f", "tsv", "-o", str(out)]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    both = [row for row in rows if row[0] and row[1]]
    assert len(both) >= 0.9 * len(rows)
    err = capsys.readouterr().err
    assert "the Chinese lacks sentence ends" in err and "missing" not in err
