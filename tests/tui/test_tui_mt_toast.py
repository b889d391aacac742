"""What the MT engines say when the editor opens comes in one toast, both directions together (user test 4,
item 17: two or three stacked "no MT model" toasts covered the grid on every open)."""

from __future__ import annotations

from pathlib import Path

from tui_support import sample_document, settle

from corpora.document import Row
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.mt_service import mt_summary

WHY = "not downloaded, huggingface.co unreachable"
ZH_EN = (f"MT model 'Helsinki-NLP/opus-mt-zh-en' is not available ({WHY}); run `zhen-align mt download` on a "
         "networked machine, or pass --model DIR")
EN_ZH = (f"MT model 'Helsinki-NLP/opus-mt-en-zh' is not available ({WHY}); run `zhen-align mt download "
         "Helsinki-NLP/opus-mt-en-zh` on a networked machine, or pass --model DIR")


class Gloss:
    """A stand-in for the word-by-word gloss the engines fall back to."""

    name = "gloss"
    is_gloss = True

    def translate(self, texts: list[str]) -> list[str]:
        return [f"gloss of {t}" for t in texts]


def falling_back(notice: str):
    """A factory that says a model is missing, as get_translator does, and returns the gloss."""
    def build(notify):
        notify(notice)
        return Gloss()
    return build


async def test_both_directions_missing_their_model_make_one_toast(tmp_path: Path):
    doc = sample_document()
    doc.rows.append(Row([], ["A paragraph only the English has."], "auto", 0.3))   # asks en→zh too
    path = tmp_path / "ws.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(doc)
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1, translator_factory=falling_back(ZH_EN),
                        reverse_translator_factory=falling_back(EN_ZH))
        app.MT_TOAST_SECONDS = 600   # the checks take seconds to start here: the toast must outlast them
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.pause(2 * app.MT_TOAST_DELAY)
            toasts = list(app._notifications)
            assert [t.title for t in toasts] == ["MT"]
            text = toasts[0].message
            assert "zh→en (Helsinki-NLP/opus-mt-zh-en) or en→zh (Helsinki-NLP/opus-mt-en-zh)" in text
            assert "`zhen-align mt download` and `zhen-align mt download Helsinki-NLP/opus-mt-en-zh`" in text
            assert text.count(WHY) == 1 and "word-by-word gloss" in text
    assert EditorApp.MT_TOAST_SECONDS <= 8


def test_notices_of_different_kinds_are_listed_by_direction():
    text = mt_summary({"zh-en": ["model.bin: not a CTranslate2 model"], "en-zh": [EN_ZH]}, gloss=False)
    assert text.startswith("zh→en: model.bin: not a CTranslate2 model en→zh: MT model")
    assert "gloss" not in text
    assert mt_summary({}, gloss=True).startswith("No MT model can run here, so the MT column is a word-")
