"""segment(): paragraphs, presegmented input, mixed scripts; hard_anchors(); script_of()."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.segment import Segmentation, hard_anchors, script_of, segment

ZH_NEWS = "省政府发布三季度数据\n地区生产总值增长5.1%。就业保持稳定。\n消费市场持续回暖。"
EN_NEWS = ("Province releases Q3 data\nRegional output grew 5.1%. Jobs held steady.\n"
           "Consumer spending kept recovering.")


def test_every_line_is_a_paragraph_without_blank_lines() -> None:
    seg = segment(ZH_NEWS, "zh")
    assert seg.sentences == ["省政府发布三季度数据", "地区生产总值增长5.1%。", "就业保持稳定。",
                             "消费市场持续回暖。"]
    assert seg.paragraph_starts == [0, 1, 3]
    assert seg.headline == "省政府发布三季度数据"


def test_a_line_of_ideographic_spaces_is_blank() -> None:
    assert segment("甲。\n\u3000\n乙。\n丙。", "zh", presegmented=True).paragraph_starts == [0, 1]


def test_lines_are_paragraphs_even_with_some_blank_lines() -> None:
    text = "\nHeadline\n\nBy a reporter\nFirst paragraph. It has two sentences.\nSecond paragraph.\n"
    seg = segment(text, "en")
    assert seg.paragraph_starts == [0, 1, 2, 4]
    assert seg.headline == "Headline"


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    text = ("Title\n\nThe council met on Monday and\nagreed to widen the road. Work\nstarts soon.\n\n"
            "Residents welcomed the\ndecision. Shops did too.")
    seg = segment(text, "en")
    assert seg.paragraph_starts == [0, 1, 5]
    assert seg.sentences[1] == "The council met on Monday and"  # a newline still ends a sentence


def test_blank_lines_separate_paragraphs() -> None:
    text = "Headline here\n\nThe first one. Then the\nsecond, which goes on.\n\n\nLast paragraph."
    seg = segment(text, "en")
    assert seg.sentences == ["Headline here", "The first one.", "Then the", "second, which goes on.",
                             "Last paragraph."]
    assert seg.paragraph_starts == [0, 1, 4]
    assert seg.paragraphs == [["Headline here"], ["The first one.", "Then the", "second, which goes on."],
                              ["Last paragraph."]]


def test_presegmented_keeps_lines_as_written_in_one_paragraph() -> None:
    seg = segment("Dr. Li spoke. Then left.\n  Second line。第二句。\u3000\n", "en", presegmented=True)
    assert seg.sentences == ["Dr. Li spoke. Then left.", "Second line。第二句。"]
    assert seg.paragraph_starts == [0]


def test_presegmented_honours_blank_line_paragraphs() -> None:
    seg = segment("a\nb\n\nc", "zh", presegmented=True)
    assert seg == Segmentation(["a", "b", "c"], [0, 2])


def test_semicolon_option_reaches_the_chinese_splitter() -> None:
    assert segment("甲；乙。", "zh", split_on_semicolon=True).sentences == ["甲；", "乙。"]
    assert segment("甲；乙。", "zh").sentences == ["甲；乙。"]


def test_abbreviations_option_reaches_the_english_splitter() -> None:
    text = "It was backed by Xyzz. Ltd board members."
    assert len(segment(text, "en").sentences) == 2
    assert segment(text, "en", abbreviations=["Xyzz."]).sentences == [text]


def test_lines_are_split_by_their_own_script() -> None:
    seg = segment("新华社北京电。记者报道。\nThe minister said so. He left.", "zh")
    assert seg.sentences == ["新华社北京电。", "记者报道。", "The minister said so.", "He left."]
    seg = segment("国务院召开常务会议。研究部署工作。\nThe State Council met. It set out plans.", "en")
    assert seg.sentences[:2] == ["国务院召开常务会议。", "研究部署工作。"]


def test_empty_text() -> None:
    assert segment(" \n\n ", "zh") == Segmentation([], [])
    assert segment("", "en").headline is None


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="lang"):
        segment("text", "fr")  # type: ignore[arg-type]


def test_anchors_headline_and_equal_paragraphs() -> None:
    zh, en = segment(ZH_NEWS, "zh"), segment(EN_NEWS, "en")
    assert hard_anchors(zh, en) == [(1, 1), (3, 3)]


def test_anchors_headline_only_when_paragraph_counts_differ() -> None:
    zh = Segmentation(["标题", "一。", "二。", "三。"], [0, 1, 2])
    en = Segmentation(["Title", "One.", "Two.", "Three.", "Four."], [0, 1])
    assert hard_anchors(zh, en) == [(1, 1)]
    assert hard_anchors(zh, en, headline=False) == []


def test_no_headline_anchor_when_one_side_lacks_a_headline() -> None:
    zh = Segmentation(["标题", "一。", "二。"], [0, 1])
    en = Segmentation(["Title. One.", "Two."], [0])
    assert hard_anchors(zh, en) == []


def test_no_paragraph_anchors_when_the_translation_regroups_paragraphs() -> None:
    zh = Segmentation(["标题", "甲" * 40, "乙" * 40, "丙" * 20], [0, 1, 2, 3])
    same = Segmentation(["Title", "x" * 100, "y" * 100, "z" * 50], [0, 1, 2, 3])
    regrouped = Segmentation(["Title", "x" * 150, "y" * 50, "z" * 50], [0, 1, 2, 3])
    assert hard_anchors(zh, same) == [(1, 1), (2, 2), (3, 3)]
    assert hard_anchors(zh, regrouped) == [(1, 1)]


def test_anchors_exclude_the_end_point() -> None:
    zh = Segmentation(["标题", "一。"], [0, 1])
    en = Segmentation(["Title", "One."], [0, 1])
    assert hard_anchors(zh, en) == [(1, 1)]
    single = Segmentation(["Only one."], [0])
    assert hard_anchors(single, single) == []


def test_anchors_are_monotone_with_uneven_paragraphs() -> None:
    zh = Segmentation(["标题", "甲" * 10, "乙" * 10, "丙" * 10, "丁" * 20, "戊" * 30, "己" * 30],
                      [0, 1, 4, 6])
    en = Segmentation(["Title", *["x" * 40] * 2, *["y" * 50] * 5, "z" * 80], [0, 1, 3, 8])
    anchors = hard_anchors(zh, en)
    assert anchors == [(1, 1), (4, 3), (6, 8)]
    assert all(a < c and b < d for (a, b), (c, d) in itertools.pairwise(anchors))


@pytest.mark.parametrize(("line", "expected"), [
    ("国家主席会见了来访的总统。", "zh"),
    ("外长在北京会见了美国国务卿Blinken。", "zh"),
    ("外长会见了U.S. Secretary of State Antony Blinken。", "en"),
    ("Chinese President Xi Jinping (习近平) met the delegation.", "en"),
    ("The talks were held in Beijing.", "en"),
    ("2024-05-01 12:30", "other"),
    ("", "other"),
])
def test_script_of(line: str, expected: str) -> None:
    assert script_of(line) == expected


@given(st.text(alphabet="ab .。\n\u3000中", max_size=60), st.booleans(), st.sampled_from(["zh", "en"]))
@settings(max_examples=200, deadline=None)
def test_paragraph_starts_are_valid(text: str, presegmented: bool, lang: str) -> None:
    seg = segment(text, lang, presegmented=presegmented)  # type: ignore[arg-type]
    starts = seg.paragraph_starts
    assert (starts[:1] == [0]) == bool(seg.sentences)
    assert all(a < b for a, b in itertools.pairwise([*starts, len(seg.sentences)]))
    assert sum(map(len, seg.paragraphs)) == len(seg.sentences)


def test_no_paragraph_anchors_when_a_sentence_moved_across_a_paragraph_break() -> None:
    # One sentence per line on both sides and as many lines: the English moves part of line 2 into
    # line 3, so line k is not the translation of line k although the running shares stay close.
    body = ["己" * 30] * 10
    zh = Segmentation(["标题" * 5, "甲" * 40, "乙" * 8, "丙" * 12, *body], list(range(14)))
    en_body = ["w" * 75] * 10
    moved = Segmentation(["T" * 25, "x" * 50, "y" * 70, "z" * 30, *en_body], list(range(14)))
    assert hard_anchors(zh, moved) == [(1, 1)]
    kept = Segmentation(["T" * 25, "x" * 100, "y" * 20, "z" * 30, *en_body], list(range(14)))
    assert hard_anchors(zh, kept) == [(k, k) for k in range(1, 14)]


def test_a_line_that_shows_nothing_is_no_sentence_even_presegmented() -> None:
    for presegmented in (False, True):
        seg = segment("标题\n\u200b\n\x1b[2J\x07\n正文。", "zh", presegmented=presegmented)
        assert seg.sentences == ["标题", "正文。"]
