"""Wrapping mixed Chinese/English text by display width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.widgets.wrap import wrap


def test_chinese_counts_two_cells_and_punctuation_never_starts_a_line():
    text = "蔡崇信认为，DeepSeek的走红将改变行业方向，企业不再一味把数千亿美元砸向算力基础设施。"
    lines = wrap(text, 12)
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(lines) == text
    assert not any(line[0] in "，。" for line in lines[1:])


def test_english_breaks_between_words():
    lines = wrap("Alibaba Group chairman Joseph Tsai spoke at the summit.", 20)
    assert lines == ("Alibaba Group", "chairman Joseph Tsai", "spoke at the summit.")


@given(st.text(alphabet=st.sampled_from("阿里巴巴，。AI model 2025 “”（）-"), max_size=80),
       st.integers(min_value=2, max_value=40))
def test_wrapping_keeps_every_visible_character_within_the_width(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
