"""The align command takes its translation signal from the model named with --model."""

from __future__ import annotations

from pathlib import Path

import pytest

import aligner.api
from cli import main


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path]:
    zh = tmp_path / "a.zh.txt"
    en = tmp_path / "a.en.txt"
    zh.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    en.write_text("The weather is fine today.\nWe went for a walk in the park.\n", encoding="utf-8")
    return zh, en


def test_align_translates_with_the_model_given(article, tiny_marian: Path, monkeypatch, capsys):
    seen: dict[str, object] = {}
    real_align = aligner.api.align

    def spy(zh, en, *, mt=None, **kwargs):
        seen["mt"] = mt(list(zh)) if callable(mt) else mt
        return real_align(zh, en, mt=seen["mt"], **kwargs)

    monkeypatch.setattr(aligner.api, "align", spy)
    zh, en = article
    assert main(["align", str(zh), str(en), "--presegmented", "--fast", "--model", str(tiny_marian)]) == 0
    translations = seen["mt"]
    assert isinstance(translations, list) and len(translations) == 2
    assert all(isinstance(t, str) and t for t in translations)
    assert capsys.readouterr().out.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_align_without_a_usable_model_says_so_once_and_aligns(article, tmp_path, capsys):
    zh, en = article
    assert main(["align", str(zh), str(en), "--presegmented", "--fast", "--model",
                 str(tmp_path / "no-such-model")]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["[0]:[0]", "[1]:[1]"]
    notices = [line for line in captured.err.splitlines() if "no-such-model" in line]
    assert len(notices) == 1
