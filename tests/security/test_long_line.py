"""Item 4: a 200,000-character line with no sentence end is cut into bounded pieces, so that aligning
it costs what any text of that length costs (it used to be one sentence that every bead re-encoded)."""

from __future__ import annotations

from aligner.segment import MAX_SENTENCE_CHARS, segment
from tests.security.hostile import run_on_line

LONGEST_LINE = 200_000  # corpora.textio.MAX_LINE_CHARS: the longest line a reader accepts


def test_run_on_line_becomes_bounded_pieces_in_order() -> None:
    line = run_on_line(LONGEST_LINE)
    sentences = segment(line + "\n", "zh").sentences
    assert max(map(len, sentences)) <= MAX_SENTENCE_CHARS["zh"]
    assert len(sentences) >= LONGEST_LINE // MAX_SENTENCE_CHARS["zh"]
    assert "".join(sentences) == line  # nothing lost, nothing reordered


def test_pieces_end_at_a_clause_mark_when_there_is_one() -> None:
    clause = "，".join(run_on_line(90, seed=k) for k in range(40))  # 3,639 characters, commas only
    sentences = segment(clause, "zh").sentences
    assert len(sentences) > 1
    assert all(s.endswith("，") for s in sentences[:-1])


def test_english_run_on_line_is_cut_at_spaces_and_presegmented_too() -> None:
    words = " ".join(["and the talks went on"] * 2000)   # 43,999 characters, no full stop
    for presegmented in (False, True):
        sentences = segment(words, "en", presegmented=presegmented).sentences
        assert max(map(len, sentences)) <= MAX_SENTENCE_CHARS["en"]
        assert " ".join(sentences) == words

