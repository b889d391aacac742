"""The bundled demo article, aligned the way `zhen-align demo` aligns it, shows every kind of row."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.pipeline import align_pair
from corpora.readers.inputs import load_files
from corpora.readers.mtfile import read_mt_file

SAMPLE = Path(__file__).resolve().parent.parent / "tui" / "sample"


@pytest.fixture(scope="module")
def demo_rows():
    pair = load_files(SAMPLE / "article.zh.txt", SAMPLE / "article.en.txt", presegmented=True)
    mt = read_mt_file(SAMPLE / "sample.mt.txt", sources=pair.zh.sentences).translate
    return align_pair(pair, mt=mt).rows


def test_the_demo_starts_with_its_headline(demo_rows):
    assert demo_rows[0].headline and (len(demo_rows[0].zh), len(demo_rows[0].en)) == (1, 1)


def test_the_demo_has_a_one_to_two_a_two_to_one_and_an_unaligned_row(demo_rows):
    shapes = [(len(r.zh), len(r.en)) for r in demo_rows]
    assert shapes[3:5] == [(1, 2), (2, 1)]
    assert shapes.count((1, 0)) == 1
    assert demo_rows[shapes.index((1, 0))].zh[0].startswith("分析人士认为")


def test_the_demo_flags_its_mismatched_last_row(demo_rows):
    assert demo_rows[-1].is_low_confidence
    assert sum(r.is_low_confidence for r in demo_rows) <= 3
