"""The file engine (one per line, TSV) and the word-by-word gloss engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import UserError
from aligner.mt.gloss_engine import GlossTranslator
from corpora.readers.mtfile import read_mt_file


def test_one_per_line_follows_the_input(tmp_path: Path) -> None:
    path = tmp_path / "mt.txt"
    path.write_text("First.\nSecond.\n\nFourth.\n", encoding="utf-8")
    notes: list[str] = []
    tr = read_mt_file(path, notify=notes.append)
    assert (tr.name, tr.is_gloss, tr.is_tsv) == ("file", False, False)
    assert tr.translate(["一", "二", "三", "四"]) == ["First.", "Second.", "", "Fourth."]
    assert notes == [f"{path}: no translation for 1 of 4 sentences (left empty)"]


def test_one_per_line_shorter_or_longer_than_the_input_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "mt.txt"
    path.write_text("A\nB\nC\n", encoding="utf-8")
    notes: list[str] = []
    tr = read_mt_file(path, notify=notes.append)
    assert tr.translate(["一", "二", "三", "四", "五"]) == ["A", "B", "C", "", ""]
    assert "2 of 5" in notes[-1]
    assert tr.translate(["一"]) == ["A"]
    assert "3 lines for 1 sentences" in notes[-1]


def test_tsv_is_looked_up_by_source_text(tmp_path: Path) -> None:
    path = tmp_path / "mt.tsv"
    path.write_text("你好。\tHello.\n谢谢！\tThanks!\n\n再见\tBye\n", encoding="utf-8")
    notes: list[str] = []
    tr = read_mt_file(path, notify=notes.append)
    assert tr.is_tsv
    assert tr.translate([" 谢谢！", "没有", "你好。", ""]) == ["Thanks!", "", "Hello.", ""]
    assert notes == [f"{path}: no translation for 1 of 4 sentences (left empty)"]
    notes.clear()
    assert tr.translate(["再见"]) == ["Bye"]
    assert notes == []


def test_utf8_bom_is_not_part_of_the_first_source(tmp_path: Path) -> None:
    path = tmp_path / "bom.tsv"
    path.write_bytes("\ufeff你好\tHello\n".encode())
    assert read_mt_file(path).translate(["你好"]) == ["Hello"]


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"no-such\.tsv"):
        read_mt_file(tmp_path / "no-such.tsv")


@pytest.fixture(scope="module")
def gloss() -> GlossTranslator:
    return GlossTranslator()


def test_gloss_is_labelled_as_a_gloss(gloss: GlossTranslator) -> None:
    assert gloss.name == "gloss"
    assert gloss.is_gloss is True


def test_gloss_uses_the_dictionary_word_by_word(gloss: GlossTranslator) -> None:
    from aligner import lexicon

    words = lexicon.segment_words("城市交通")
    out = gloss.translate(["城市交通", "", "城市交通。"])
    expected = [gloss._word(w) for w in words]
    assert out[0] == " ".join(expected)
    assert all(e and not any("\u4e00" <= ch <= "\u9fff" for ch in e) for e in expected)
    assert out[1] == ""
    assert out[2] == out[0] + "."


def test_gloss_keeps_numbers_and_latin_and_converts_punctuation(gloss: GlossTranslator) -> None:
    out = gloss.translate(["GDP增长了3.5%，“很好”。"])[0]
    assert "GDP" in out and "3.5" in out
    assert "，" not in out and "。" not in out and "“" not in out
    assert out.endswith(".")


class FakeLexicon:
    """A two-entry dictionary standing in for CC-CEDICT, and a fixed segmentation."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.table = {"城市": ["city", "town"], "交通": ["to be connected", "traffic"],
                      "市": ["market", "city"], "的": ["of"]}

    def segment_words(self, zh: str) -> list[str]:
        return self.words

    def glosses(self, word: str) -> list[str]:
        return list(self.table.get(word, []))


def test_unknown_compounds_are_split_into_known_words(gloss: GlossTranslator,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gloss, "_lexicon", FakeLexicon(["城市交通", "了", "X光", "。"]))
    assert gloss.gloss("ignored") == "city be connected X 光."


def test_news_senses_override_the_first_dictionary_sense(gloss: GlossTranslator,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gloss, "_lexicon", FakeLexicon(["市", "的", "交通"]))
    assert gloss.gloss("ignored") == "market's be connected"


def test_one_per_line_bound_to_its_sources_may_keep_or_drop_paragraph_blanks(tmp_path: Path) -> None:
    sources = ["一。", "二。", "三。"]
    with_blanks, without = tmp_path / "blanks.txt", tmp_path / "plain.txt"
    with_blanks.write_text("One.\n\nTwo.\nThree.\n", encoding="utf-8")
    without.write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    for path in (with_blanks, without):
        assert read_mt_file(path, sources=sources).translate(["三。", "一。"]) == ["Three.", "One."]
    gap = tmp_path / "gap.txt"
    gap.write_text("One.\n\nThree.\n", encoding="utf-8")  # as many lines as sources: the blank is a gap
    bound = read_mt_file(gap, sources=sources, notify=lambda _: None)
    assert bound.translate(sources) == ["One.", "", "Three."]
    with pytest.raises(UserError, match="2 translations for 4 Chinese sentences"):
        read_mt_file(gap, sources=[*sources, "四。"])


def test_a_gloss_never_shows_cc_cedict_reference_syntax():
    """A definition naming another headword (``嘉義縣|嘉义县``, ``[Jia1 yi4]``) showed it raw (user
    test 4)."""
    from aligner.mt.gloss_engine import GlossTranslator, _first_sense

    assert _first_sense(["Meishan Township in Chiayi County 嘉義縣|嘉义县[Jia1 yi4 xian4], Taiwan"]) == \
        "Meishan Township in Chiayi County"
    glosses = GlossTranslator().translate(["梅山乡位于嘉义县。"])
    assert glosses[0] and not any("|" in gloss or "[" in gloss for gloss in glosses)
