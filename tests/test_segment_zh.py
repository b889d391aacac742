"""Chinese sentence splitting: the tricky cases of the segmentation probe, one per row."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.segment import split_zh

# (case, text, expected sentences) — example sentences written for these tests.
CASES = [
    ("quote_after_period", "她表示：“工程将按期完工。”随后回答了提问。",
     ["她表示：“工程将按期完工。”", "随后回答了提问。"]),
    ("quote_question_exclamation", "有人问：“这是真的吗？！”发言人没有回应。",
     ["有人问：“这是真的吗？！”", "发言人没有回应。"]),
    ("single_quote_after_book_title", "《经济日报》评论说：‘改革进入新阶段。’市场反应积极。",
     ["《经济日报》评论说：‘改革进入新阶段。’", "市场反应积极。"]),
    ("corner_brackets", "他說：「計劃已經展開。」各界表示支持。",
     ["他說：「計劃已經展開。」", "各界表示支持。"]),
    ("decimals_and_percent", "出口额为356.8亿美元，增长4.7%。比上月高0.3个百分点。",
     ["出口额为356.8亿美元，增长4.7%。", "比上月高0.3个百分点。"]),
    ("ellipsis_inside_sentence", "谈判一直持续到凌晨……双方最终签署了协议。",
     ["谈判一直持续到凌晨……双方最终签署了协议。"]),
    ("ellipsis_at_line_end", "谈判一直持续到凌晨……", ["谈判一直持续到凌晨……"]),
    ("ellipsis_before_closing_quote", "他说：“再等等……”然后离开了。",
     ["他说：“再等等……”", "然后离开了。"]),
    ("three_dots_inside_sentence", "会议延长了两次...最后宣布休会。", ["会议延长了两次...最后宣布休会。"]),
    ("semicolon_not_a_break", "一是扩大内需；二是稳定就业。", ["一是扩大内需；二是稳定就业。"]),
    ("colon_not_a_break", "报告指出：经济运行总体平稳。", ["报告指出：经济运行总体平稳。"]),
    ("latin_abbreviation_and_halfwidth_stop", "外长会见了U.S. Trade Representative Tai。会谈气氛友好.",
     ["外长会见了U.S. Trade Representative Tai。", "会谈气氛友好."]),
    ("quoted_english_sentence", "他说：“We will win.”随后离场。", ["他说：“We will win.”", "随后离场。"]),
    ("company_suffix_before_chinese", "由Acme Holdings Ltd.于今日发布。",
     ["由Acme Holdings Ltd.于今日发布。"]),
    ("abbreviation_in_brackets", "美国（U.S.）代表团今天抵达。", ["美国（U.S.）代表团今天抵达。"]),
    ("closing_bracket_after_stop", "公司在公告中说明（见附表。）该问题已经解决。",
     ["公司在公告中说明（见附表。）", "该问题已经解决。"]),
    ("halfwidth_terminators", "真的吗?他问道!大家都笑了。", ["真的吗?", "他问道!", "大家都笑了。"]),
    ("numbered_item", "二.完善监管体系。三.优化营商环境。", ["二.完善监管体系。", "三.优化营商环境。"]),
    ("halfwidth_stop_before_digit", "第3.2条规定了罚则。", ["第3.2条规定了罚则。"]),
    ("fullwidth_stop_in_number", "增长了１２．５％。随后回落。", ["增长了１２．５％。", "随后回落。"]),
    ("newline_is_hard_break", "省政府发布三季度经济数据\n地区生产总值同比增长5.1%。",
     ["省政府发布三季度经济数据", "地区生产总值同比增长5.1%。"]),
    ("blank_lines_and_spaces_dropped", "  第一句。  \n\n\n　第二句。　", ["第一句。", "第二句。"]),
    ("attribution_after_quote_stays", "“能参与其中是我们的荣幸。”他说。下一步是落地。",
     ["“能参与其中是我们的荣幸。”他说。", "下一步是落地。"]),
    ("named_attribution_after_quote", "“开源会胜出。”蔡崇信在峰会上表示。",
     ["“开源会胜出。”蔡崇信在峰会上表示。"]),
    ("long_text_after_quote_splits", "“开源会胜出。”这一判断在业内引发了广泛的讨论。",
     ["“开源会胜出。”", "这一判断在业内引发了广泛的讨论。"]),
    ("spaced_closing_quote", "他说：“会议圆满结束 。 ”记者随后离开。",
     ["他说：“会议圆满结束 。 ”", "记者随后离开。"]),
    ("spaced_ascii_quote_opens_next", '他已离开。 "新政"随即公布。', ["他已离开。", '"新政"随即公布。']),
    ("no_terminator_at_end", "记者在现场看到，救援仍在进行", ["记者在现场看到，救援仍在进行"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_zh_case(text: str, expected: list[str]) -> None:
    assert split_zh(text) == expected


def test_semicolon_option_splits_after_semicolon() -> None:
    expected = ["一是扩大内需；", "二是稳定就业。"]
    assert split_zh("一是扩大内需；二是稳定就业。", split_on_semicolon=True) == expected


def test_sentences_cover_the_text() -> None:
    text = "他说：“好。”她说：“不好！”……然后呢？"
    assert "".join(split_zh(text)) == text


def test_empty_and_whitespace_give_no_sentences() -> None:
    assert split_zh("") == []
    assert split_zh(" \n\u3000\n") == []


def test_windows_newlines_are_breaks() -> None:
    assert split_zh("标题\r\n正文。") == ["标题", "正文。"]


ALPHABET = "中国经济增长。！？!?.．…；：，”’」）》\"'U.S3 \n\u3000"


@given(st.text(alphabet=ALPHABET, max_size=80))
@settings(max_examples=300, deadline=None)
def test_split_zh_loses_and_invents_nothing(text: str) -> None:
    sentences = split_zh(text)
    assert all(s and s == s.strip() and "\n" not in s for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@pytest.mark.parametrize("unseen", ["\u200b", "\x1b[2J", "\x08\x08\x7f", "\u202e\u202c", "\ufeff"])
def test_a_piece_that_shows_nothing_is_not_a_sentence(unseen: str) -> None:
    """USERTEST4 entry 16: a ZWSP, an escape sequence or backspaces after 。 were sentences of their own."""
    text = f"救援工作仍在进行中。{unseen}台北大楼晃动明显。"
    assert len(split_zh(text)) == 2 and "".join(split_zh(text)) == text
    assert split_zh(f"晃动明显。{unseen}") == [f"晃动明显。{unseen}"]
    assert split_zh(f"{unseen}\n正文。") == ["正文。"]
    assert split_zh(f" {unseen}\t{unseen} ") == []
