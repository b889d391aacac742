"""One-sided articles: a headline in one language over a body in the other (the seed's own shape)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.api import AlignConfig, align, is_one_sided
from cli import main
from tests.align_sample import EN, ZH
from tests.conftest import shared_path

CONFIGS = [AlignConfig.fast(), AlignConfig()]


def test_one_sided_is_under_a_third():
    assert is_one_sided(1, 40) and is_one_sided(40, 1) and is_one_sided(3, 10)
    assert not is_one_sided(4, 12) and not is_one_sided(10, 12) and not is_one_sided(0, 5)


@pytest.mark.parametrize("config", CONFIGS, ids=["fast", "default"])
def test_unrelated_chinese_headline_stays_alone_at_the_top(config):
    beads = align(["股市今天大幅下跌"], EN, config=config)
    assert [(b.zh, b.en) for b in beads] == [((0,), ()), *[((), (j,)) for j in range(len(EN))]]


@pytest.mark.parametrize("config", CONFIGS, ids=["fast", "default"])
def test_english_headline_over_a_chinese_body(config):
    beads = align(ZH, ["Stock markets fell sharply today"], config=config)
    assert [(b.zh, b.en) for b in beads] == [((), (0,)), *[((i,), ()) for i in range(len(ZH))]]


@pytest.mark.parametrize("config", CONFIGS, ids=["fast", "default"])
def test_a_headline_that_translates_a_body_sentence_is_paired(config):
    beads = align([ZH[0]], EN, config=config)
    assert ((0,), (0,)) in [(b.zh, b.en) for b in beads]
    assert sum(1 for b in beads if b.zh and b.en) == 1


def test_seed_article_headline_first_and_alone_every_english_line_in_order(capsys):
    seed = shared_path("seed", "article-alibaba-ai.txt")
    for fast in (["--fast"], []):
        assert main(["align", str(seed), "--no-mt", *fast]) == 0
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        assert lines[0] == "[0]:[]"
        assert lines[1:] == [f"[]:[{j}]" for j in range(len(lines) - 1)]
        assert len(lines) - 1 >= 35
        (note,) = [line for line in captured.err.splitlines() if "missing" in line]
        assert "1 Chinese and" in note and "the Chinese body is missing" in note


def test_add_of_a_mixed_file_warns_once(tmp_path: Path, capsys):
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("股市今天大幅下跌\n\n" + "\n".join(EN) + "\n", encoding="utf-8")
    workspace = tmp_path / "w.zhalign"
    assert main(["new", str(workspace)]) == 0
    assert main(["add", str(workspace), str(mixed), "--fast", "--no-mt"]) == 0
    err = capsys.readouterr().err
    assert err.count("the Chinese body is missing") == 1


@pytest.mark.parametrize("fast", [["--fast"], []], ids=["fast", "default"])
def test_a_headline_never_pairs_with_a_body_sentence_of_an_english_without_a_title(tmp_path: Path, capsys,
                                                                                   fast):
    # the Chinese headline translates the body's third sentence; the English has no title line of its
    # own (its first paragraph holds several sentences), so the headline stays alone at the top
    mixed = tmp_path / "draft.txt"
    mixed.write_text(ZH[2] + "\n\n" + " ".join(EN[:4]) + "\n\n" + " ".join(EN[4:]) + "\n", encoding="utf-8")
    assert main(["align", str(mixed), "--no-mt", *fast]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["[0]:[]", *[f"[]:[{j}]" for j in range(len(EN))]]


@pytest.mark.parametrize("fast", [["--fast"], []], ids=["fast", "default"])
def test_a_headline_pairs_with_the_english_title_line_that_translates_it(tmp_path: Path, capsys, fast):
    mixed = tmp_path / "draft.txt"
    mixed.write_text(ZH[0] + "\n\n" + EN[0] + "\n\n" + " ".join(EN[1:]) + "\n", encoding="utf-8")
    assert main(["align", str(mixed), "--no-mt", *fast]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["[0]:[0]", *[f"[]:[{j}]" for j in range(1, len(EN))]]
