"""Untranslated text and punctuation checks."""

from __future__ import annotations

from qa.findings import SideText
from qa.text import check_punctuation, check_untranslated


def run(check, zh: str, en: str) -> list[str]:
    return [f.message for f in check(SideText("zh", [zh]), SideText("en", [en]))]


def test_chinese_left_in_the_english():
    assert run(check_untranslated, "他说你好", "He said 你好 there") == ["Chinese left in the English: 你好"]
    # 丨 is a separator in Chinese news, not a character left untranslated
    assert run(check_untranslated, "新华全媒+丨北京", "Xinhua All Media+丨Beijing") == []


def test_identical_sides():
    (finding,) = check_untranslated(SideText("zh", ["你好。"]), SideText("en", ["你好。"]))
    assert finding.severity == "error" and finding.subject == "identical"
    (name,) = check_untranslated(SideText("zh", ["DeepSeek"]), SideText("en", ["DeepSeek"]))
    assert name.severity == "warning"


def test_quotation_marks_open_across_rows_alike_are_fine():
    assert run(check_punctuation, "他说：“你好。", "He said: “Hello.") == []
    assert run(check_punctuation, "皮莱说：“他们能够在家里控制疾病。”",
               'Pillay said, "Their diseases can be controlled at home."') == []
    assert run(check_punctuation, '美国举办"领导人民主峰会 " ， 是"以意识形态划线 " 。',
               "the U.S. hosted the “Leaders' Summit” to “draw lines by ideology”.") == []


def test_quotation_marks_and_brackets_that_do_not_pair_up():
    assert run(check_punctuation, "他说：“你好。”", "He said: “Hello.") == [
        "quotation marks do not pair up in the English as on the other side"]
    assert run(check_punctuation, "（完）", "(End") == [
        "brackets do not pair up in the English as on the other side"]


def test_a_question_on_one_side_only():
    assert run(check_punctuation, "你好吗？", "How are you.") == ["a question in the Chinese only"]
    assert run(check_punctuation, "你好吗？", "How are you?") == []
