"""Segmentation and encoding detection measured on the team's gold data (skipped when it is absent).

The wmt22-news documents hold one sentence per line. Joining a document's body lines and splitting
the result again must recover those line ends; the headline line is left out because, once joined,
nothing marks its end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aligner.segment import split_en, split_zh
from corpora.textio import read_text
from tests.conftest import shared_path


def _body_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][1:]


def _ends(sentences: list[str]) -> set[int]:
    """Positions of sentence ends, counted in non-space characters."""
    ends, position = set(), 0
    for sentence in sentences:
        position += len("".join(sentence.split()))
        ends.add(position)
    return ends


@pytest.mark.parametrize(("lang", "split", "joiner", "min_precision", "min_recall"), [
    ("zh", split_zh, "", 0.98, 0.96),
    ("en", split_en, " ", 0.99, 0.96),
])
def test_wmt22_news_sentence_ends_are_recovered(lang: str, split: Callable[[str], list[str]], joiner: str,
                                                min_precision: float, min_recall: float) -> None:
    found = wanted = hits = 0
    for path in sorted(shared_path("eval", "zhen", "wmt22-news", lang).glob("*.txt")):
        lines = _body_lines(path)
        gold, got = _ends(lines), _ends(split(joiner.join(lines)))
        found, wanted, hits = found + len(got), wanted + len(gold), hits + len(gold & got)
    assert wanted > 300
    assert hits / found >= min_precision
    assert hits / wanted >= min_recall


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_encoding_of_single_news_lines_is_recognised(tmp_path: Path, encoding: str) -> None:
    """Each line alone, as the only content of a file; Big5 drops the simplified-only characters."""
    right = total = 0
    path = tmp_path / "line.txt"
    for source in sorted(shared_path("eval", "zhen", "wmt22-news", "zh").glob("*.txt")):
        for line in _body_lines(source):
            data = line.encode(encoding, errors="ignore")
            expected = data.decode(encoding)
            if sum(char > "\x7f" for char in expected) < 8:
                continue
            path.write_bytes(data)
            total += 1
            right += read_text(path) == expected
    assert total > 300
    assert right / total >= 0.99
