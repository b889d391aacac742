"""The Latin-token check: names and acronyms written in Latin letters in the Chinese."""

from __future__ import annotations

import pytest

from qa.findings import SideText
from qa.latin import check_latin


def subjects(zh: str, en: str) -> list[str]:
    return [f.subject for f in check_latin(SideText("zh", [zh]), SideText("en", [en]))]


@pytest.mark.parametrize(("zh", "en"), [
    ("DeepSeek发布V3模型", "DeepSeek released its V3 model"),
    ("DeepSeek-V3发布", "DeepSeek V3 is out"),
    ("iPhone销量", "sales of iPhones"),
    ("世界卫生组织（WHO）", "the World Health Organization"),
    ("AI竞争激烈", "competition in artificial intelligence is fierce"),
    ("新冠COVID-19", "Covid 19"),
    ("全长5km", "5 kilometres long"),                  # a unit of measure is not a name
    ("ＡＩ竞争", "AI competition"),                     # full-width letters
])
def test_tokens_found(zh, en):
    assert subjects(zh, en) == []


def test_missing_names_are_errors_with_their_span():
    zh = SideText("zh", ["安本·皮莱（Unben Pillay）医生说"])
    found = check_latin(zh, SideText("en", ["Doctor John Smith said"]))
    assert [(f.subject, f.severity) for f in found] == [("Unben", "error"), ("Pillay", "error")]
    span = found[1].spans[0]
    assert zh.sentences[0][span.start:span.end] == "Pillay"


def test_an_acronym_is_not_found_inside_a_word():
    assert subjects("AI竞争", "he said so") == ["AI"]


@pytest.mark.parametrize(("zh", "en"), [
    ("要理解J·吉布森和R·阿恩海姆的理论", "in the writings of James J. Gibson and Rudolf Arnheim"),
    ("建筑师N.迪塞在校园住了一周", "architect Neal Deasy lived for a week on campus"),
    ("使用者需要分析（User Need Analysis，缩写为UNA）", "the technique does not qualify as a UNA"),
    ("能量高达20J", "energies of about 20 joules"),
    ("在1GeV附近", "in the interval around one GeV"),
    ("面积为100cm2的探测器", "a detector of area 100 cm2"),
    ("在2.5 GHz附近", "at 2.5GHz"),
])
def test_initials_spelled_phrases_and_units_after_numbers(zh, en):
    assert subjects(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "missing"), [
    ("R·阿恩海姆的理论", "the theory of Gibson", ["R"]),               # no English word starts with R
    ("（User Need Analysis）", "a study of what people want", ["User", "Need", "Analysis"]),   # no UNA
    ("能量高达20J", "energies of about 20 electronvolts", ["20J"]),
    ("R是变量", "a variable of rank", ["R"]),                          # a lone letter is no initial
])
def test_what_the_new_shapes_do_not_excuse(zh, en, missing):
    assert subjects(zh, en) == missing
