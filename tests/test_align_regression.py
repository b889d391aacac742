"""Accuracy on the team's gold sets (skipped when ../shared is absent); full figures live in bench/."""

from __future__ import annotations

import pytest

from aligner.api import AlignConfig, align
from aligner.evaluation import score_documents
from corpora.readers.goldset import load_set
from tests.conftest import shared_path

pytestmark = pytest.mark.slow  # whole articles and chapters through the default aligner


def _strict_f1(set_name: str, names: set[str], config: AlignConfig, use_mt: bool = False) -> float:
    docs = [d for d in load_set(shared_path("eval", "zhen", set_name)) if d.name in names]
    assert docs
    return score_documents(
        (align(d.zh, d.en, mt=d.mt if use_mt else None, config=config), d.gold) for d in docs
    ).strict_f1


def test_wmt22_news_documents():
    docs = load_set(shared_path("eval", "zhen", "wmt22-news"))
    names = {d.name for d in docs[:12]}
    assert _strict_f1("wmt22-news", names, AlignConfig()) >= 0.99


def test_mac_dev_chapter():
    assert _strict_f1("mac-dev", {"004"}, AlignConfig()) >= 0.93


def test_mac_dev_chapter_fast():
    assert _strict_f1("mac-dev", {"004"}, AlignConfig.fast()) >= 0.87


def test_academic_text():
    assert _strict_f1("aca", {"001"}, AlignConfig()) >= 0.985


def test_mac_dev_all_chapters():
    names = {d.name for d in load_set(shared_path("eval", "zhen", "mac-dev"))}
    assert _strict_f1("mac-dev", names, AlignConfig()) >= 0.915


def test_mac_dev_all_chapters_with_mt():
    names = {d.name for d in load_set(shared_path("eval", "zhen", "mac-dev"))}
    assert _strict_f1("mac-dev", names, AlignConfig(), use_mt=True) >= 0.917


def test_bible_part_by_verse_fast():
    """Text no fit has seen: Bertalign's Bible part, scored by verse (bench/alignment.md has the default
    scorer, .992, beside Bertalign's .984)."""
    from bench.align_bench import load_bible_part

    shared_path("eval", "bertalign-bible", "data", "bible")
    doc = load_bible_part()[0]
    beads = doc.at_gold_level(align(doc.zh, doc.en, config=AlignConfig.fast()))
    assert score_documents([(beads, doc.gold)]).strict_f1 >= 0.955
