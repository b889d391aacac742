"""The en→zh direction: default model found offline first, the reverse-gloss fallback, the CLI option."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import UserError
from aligner.mt.base import DEFAULT_MODELS
from aligner.mt.factory import get_translator
from aligner.mt.gloss_engine import ReverseGlossTranslator
from aligner.mt.hf_engine import TransformersTranslator
from cli import main

pytestmark = pytest.mark.usefixtures("xdg")


def test_en_zh_looks_for_opus_mt_en_zh_offline_then_falls_back_to_a_labelled_reverse_gloss():
    notes: list[str] = []
    translator = get_translator(notify=notes.append, direction="en-zh")
    assert len(notes) == 1 and DEFAULT_MODELS["en-zh"] in notes[0] and "HF_HUB_OFFLINE" in notes[0]
    assert isinstance(translator, ReverseGlossTranslator)
    assert translator.is_gloss and translator.name == "reverse gloss"


def test_an_unknown_direction_is_refused():
    with pytest.raises(UserError, match="direction"):
        get_translator(direction="fr-en")  # type: ignore[arg-type]


def test_the_reverse_gloss_writes_chinese_and_keeps_names_and_numbers():
    sentences = ["The doctors in Gauteng treated 5,000 patients.", " "]
    (gloss, blank) = ReverseGlossTranslator().translate(sentences)
    assert "医生" in gloss and "Gauteng" in gloss and "5,000" in gloss and "the" not in gloss.lower()
    assert blank == ""


def test_a_local_model_runs_in_the_en_zh_direction(tiny_marian: Path):
    translator = TransformersTranslator(str(tiny_marian), direction="en-zh")
    out = translator.translate(["The city plans three new metro lines.", ""])
    assert len(out) == 2 and out[0] and out[1] == ""


def test_translate_command_in_the_en_zh_direction(tmp_path: Path, capsys):
    source = tmp_path / "en.txt"
    source.write_text("The doctors said so.\n\nWe need more green space.\n", encoding="utf-8")
    assert main(["translate", str(source), "--direction", "en-zh", "--engine", "gloss", "--no-cache"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.split("\n")
    assert "医生" in lines[0] and lines[1] == "" and "空间" in lines[2]
    assert "reverse gloss" in captured.err
