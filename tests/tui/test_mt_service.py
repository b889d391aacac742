"""The MT suggestion service: what it holds per direction, and what its worker body posts."""

from __future__ import annotations

import pytest

from corpora.document import Row
from corpora.workspace import Workspace
from tui.messages import Progress, SuggestionsArrived, SuggestionsFailed
from tui.mt_service import Suggestions, fetch
from tui.suggestions import SHOWN

ROWS = [Row(["一。", "二。"], ["One.", "Two."]), Row([], ["Only English."]), Row(["一。"], ["One again."])]


class Stub:
    """A translator answering ``name:text``, recording what it was asked."""

    def __init__(self, name: str = "stub", is_gloss: bool = False, fail: bool = False) -> None:
        self.name, self.is_gloss, self.fail = name, is_gloss, fail
        self.asked: list[list[str]] = []

    def translate(self, texts: list[str]) -> list[str]:
        self.asked.append(texts)
        if self.fail:
            raise RuntimeError("engine broke")
        return [f"{self.name}:{t}" for t in texts]


def test_a_sentence_is_asked_once_until_it_is_answered_or_fails():
    mt = Suggestions()
    assert mt.to_ask("zh-en", ROWS) == ["一。", "二。"]          # each once, in order
    assert mt.to_ask("en-zh", ROWS) == ["Only English."]         # the English of rows without Chinese
    assert mt.to_ask("zh-en", ROWS) == []                        # in flight: not asked again
    mt.failed("zh-en", ["二。"])
    mt.arrived("zh-en", {"一。": "One."}, "eng", False)
    assert mt.to_ask("zh-en", ROWS) == ["二。"]                  # the failed one only
    assert mt.zh_en.asked == {"二。"} and mt.zh_en.found == {"一。": "One."}


def test_a_row_shows_the_suggestions_of_its_direction():
    mt = Suggestions()
    mt.arrived("zh-en", {"一。": "One.", "二。": ""}, "eng", False)
    mt.arrived("en-zh", {"Only English.": "只有英文。"}, "gloss", True)
    assert mt.for_row(ROWS[0]) == (["One.", ""], False)
    assert mt.for_row(ROWS[1]) == (["只有英文。"], True)
    assert (mt.zh_en.engine, mt.en_zh.engine) == ("eng", "gloss")


def test_fetch_posts_progress_then_the_suggestions_and_keeps_them(tmp_path):
    posted: list = []
    engine = Stub("file")
    with Workspace.create(tmp_path / "w.zhalign") as ws:
        fetch("zh-en", ["一。", "二。"], lambda: engine, ws, posted.append, lambda: False)
        assert ws.get_translations(SHOWN, "file", "", ["一。"]) == {"一。": "file:一。"}
    progress, done, arrived = posted
    assert isinstance(progress, Progress) and progress.label == "MT (file) for 2 sentences…"
    assert isinstance(done, Progress) and done.label is None
    assert isinstance(arrived, SuggestionsArrived)
    assert arrived.found == {"一。": "file:一。", "二。": "file:二。"} and arrived.engine == "file"


def test_fetch_keeps_no_gloss_and_shows_no_progress_for_chinese(tmp_path):
    posted: list = []
    with Workspace.create(tmp_path / "w.zhalign") as ws:
        fetch("zh-en", ["一。"], lambda: Stub("gloss", is_gloss=True), ws, posted.append, lambda: False)
        fetch("en-zh", ["One."], lambda: Stub("rev"), ws, posted.append, lambda: False)
        assert ws.get_translations(SHOWN, "gloss", "", ["一。"]) == {}
    assert [type(m).__name__ for m in posted] == ["Progress", "Progress", "SuggestionsArrived",
                                                  "SuggestionsArrived"]
    assert posted[-1].direction == "en-zh" and posted[-1].found == {"One.": "rev:One."}


def test_fetch_reports_no_engine_and_a_broken_one():
    posted: list = []
    fetch("zh-en", ["一。"], lambda: None, None, posted.append, lambda: False)
    with pytest.raises(RuntimeError):
        fetch("en-zh", ["One."], lambda: Stub(fail=True), None, posted.append, lambda: False)
    none, broken = posted
    assert isinstance(none, SuggestionsFailed) and none.no_engine and none.asked == ["一。"]
    assert isinstance(broken, SuggestionsFailed) and not broken.no_engine and broken.direction == "en-zh"


def test_a_cancelled_fetch_asks_nothing():
    posted: list = []
    engine = Stub()
    fetch("zh-en", ["一。"], lambda: engine, None, posted.append, lambda: True)
    assert posted == [] and engine.asked == []


def test_a_newer_progress_supersedes_a_waiting_one_and_nothing_else_does():
    waiting = Progress("MT for 3 sentences…")
    assert waiting.can_replace(Progress(None))
    assert not waiting.can_replace(SuggestionsFailed("zh-en", [], no_engine=True))
