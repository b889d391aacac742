"""English sentence splitting: nupunkt plus the news abbreviation list, one tricky case per row."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.segment import load_abbreviations, split_en

# (case, text, expected sentences) — example sentences written for these tests.
CASES = [
    ("titles", "Mr. Zhang met Dr. Lopez in Geneva. They discussed trade.",
     ["Mr. Zhang met Dr. Lopez in Geneva.", "They discussed trade."]),
    ("country_then_month", "U.S. officials said on Feb. 13 that talks would resume. Markets rose.",
     ["U.S. officials said on Feb. 13 that talks would resume.", "Markets rose."]),
    ("decimals_and_percent", "Exports reached USD 35.68 billion, up 4.7%. Imports fell.",
     ["Exports reached USD 35.68 billion, up 4.7%.", "Imports fell."]),
    ("quote_then_new_sentence", 'She said, "The project will finish on time." She then left.',
     ['She said, "The project will finish on time."', "She then left."]),
    ("question_in_quote_then_lowercase", '"Is that confirmed?" a reporter asked.',
     ['"Is that confirmed?" a reporter asked.']),
    ("initials", "J.R. Ewing was not at the meeting. Others were.",
     ["J.R. Ewing was not at the meeting.", "Others were."]),
    ("time_of_day_mid_sentence", "The launch is at 9 a.m. Beijing time. Crowds gathered.",
     ["The launch is at 9 a.m. Beijing time.", "Crowds gathered."]),
    ("number_sign", "The team ranked No. 2 in Asia. Fans cheered.",
     ["The team ranked No. 2 in Asia.", "Fans cheered."]),
    ("abbreviation_ends_sentence_then_pronoun", "The firm moved to the U.S. He said costs were lower.",
     ["The firm moved to the U.S.", "He said costs were lower."]),
    ("abbreviation_ends_sentence_then_capital", "She studied in the U.K. Last year she returned.",
     ["She studied in the U.K.", "Last year she returned."]),
    ("ellipsis_then_capital", "The talks dragged on... Finally a deal was signed.",
     ["The talks dragged on...", "Finally a deal was signed."]),
    ("company_suffixes", "Acme Holdings Ltd. and Beta Corp. signed the deal. Shares rose.",
     ["Acme Holdings Ltd. and Beta Corp. signed the deal.", "Shares rose."]),
    ("officials_titles", "Sen. Ortiz and Gov. Reyes spoke first. Rep. Kim followed.",
     ["Sen. Ortiz and Gov. Reyes spoke first.", "Rep. Kim followed."]),
    ("versus_and_un", "The vote was 12 vs. 3 in the U.N. General Assembly.",
     ["The vote was 12 vs. 3 in the U.N. General Assembly."]),
    ("military_ranks", "Lt. Gen. Park inspected the base. He left at noon.",
     ["Lt. Gen. Park inspected the base.", "He left at noon."]),
    ("newline_is_hard_break", "Province releases third-quarter figures\nOutput grew 5.1% year on year.",
     ["Province releases third-quarter figures", "Output grew 5.1% year on year."]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_en_case(text: str, expected: list[str]) -> None:
    assert split_en(text) == expected


def test_bundled_list_has_the_news_abbreviations() -> None:
    bundled = load_abbreviations()
    for abbreviation in ("Mr.", "U.S.", "Feb.", "No.", "a.m.", "Inc.", "Sen.", "vs."):
        assert abbreviation in bundled


def test_custom_abbreviation_prevents_a_break() -> None:
    text = "The plan was backed by Xyzz. Ltd board members in May."
    assert len(split_en(text)) == 2
    assert split_en(text, abbreviations=["Xyzz."]) == [text]


def test_abbreviation_file(tmp_path) -> None:
    path = tmp_path / "abbr.txt"
    path.write_text("# my list\nXyzz.\n\n  Qrst.  \n", encoding="utf-8")
    assert load_abbreviations(path) == {"Xyzz.", "Qrst."}


def test_missing_abbreviation_file_is_a_user_error(tmp_path) -> None:
    from aligner.errors import UserError

    with pytest.raises(UserError, match=r"nope\.txt"):
        load_abbreviations(tmp_path / "nope.txt")


@given(st.text(alphabet="Mr.U.S Fb13 he said?!\"'\n", max_size=80))
@settings(max_examples=200, deadline=None)
def test_split_en_loses_and_invents_nothing(text: str) -> None:
    sentences = split_en(text)
    assert all(s and s == s.strip() and "\n" not in s for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@pytest.mark.parametrize("unseen", ["\u200b", "\x1b[2J", "\x08\x08\x7f", "\u202e\u202c", "\ufeff"])
def test_a_piece_that_shows_nothing_is_not_a_sentence(unseen: str) -> None:
    """USERTEST4 entry 16: control and format characters that stood alone were sentences of their own."""
    sentences = split_en(f"Rescue work is still under way. {unseen} Taipei 101 swayed.")
    assert len(sentences) == 2 and " ".join(sentences).split() == \
        f"Rescue work is still under way. {unseen} Taipei 101 swayed.".split()
    assert split_en(f"The tower swayed. {unseen}") == [f"The tower swayed. {unseen}"]
    assert split_en(f"{unseen}\nThe tower swayed.") == ["The tower swayed."]
    assert split_en(f" {unseen}\t{unseen} ") == []
