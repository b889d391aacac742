"""The editor's MT suggestions, owned by one service.

Two directions (:data:`tui.messages.Direction`): English for the Chinese sentences (``zh-en``), and
Chinese for the English of rows that have no Chinese (``en-zh``). For each, :class:`Suggestions` holds
what the engine answered (sentence → suggestion, "" where it had none, so that nothing is asked twice),
the engine's name and whether it is a word-by-word gloss, and the sentences asked but not answered yet.
The grid and the detail pane read suggestions here; the editor asks for the missing ones
(:meth:`Suggestions.to_ask`) in a worker that runs :func:`fetch`, and hands what that worker posts back
to :meth:`Suggestions.arrived` or :meth:`Suggestions.failed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aligner.errors import UserError
from tui.messages import Direction, Progress, SuggestionsArrived, SuggestionsFailed
from tui.suggestions import StoredSuggestions, record_shown

#: How to get real suggestions where only the gloss can run.
GET_A_MODEL = "for machine translation, run `zhen-align mt download` once on a machine with network"
#: How the MT toast names each direction.
ARROWS: dict[Direction, str] = {"zh-en": "zh→en", "en-zh": "en→zh"}
#: An engine's notice that a model is missing (aligner.mt.hub): the model, why, and the advice.
_UNAVAILABLE = re.compile(r"MT model '(?P<model>[^']+)' is not available \((?P<why>.*)\); (?P<advice>.*)$")

if TYPE_CHECKING:
    from textual.message import Message

    from aligner.mt.base import Translator
    from corpora.document import Row
    from corpora.workspace import Workspace


@dataclass
class Answers:
    """One direction's suggestions, the engine that made them, and what is asked but not answered."""

    found: dict[str, str] = field(default_factory=dict)
    engine: str = ""
    is_gloss: bool = False
    asked: set[str] = field(default_factory=set)


class Suggestions:
    """The MT suggestions of the open article, both directions."""

    def __init__(self) -> None:
        self.zh_en = Answers()
        self.en_zh = Answers()

    def __getitem__(self, direction: Direction) -> Answers:
        return self.zh_en if direction == "zh-en" else self.en_zh

    def for_row(self, row: Row) -> tuple[list[str], bool]:
        """The suggestions shown for a row, one per sentence ("" where there is none): English of its
        Chinese, or, on a row with English only, Chinese of its English; and whether they are a gloss."""
        if row.zh or not row.en:
            return [self.zh_en.found.get(s, "") for s in row.zh], self.zh_en.is_gloss
        return [self.en_zh.found.get(s, "") for s in row.en], self.en_zh.is_gloss

    def to_ask(self, direction: Direction, rows: Sequence[Row]) -> list[str]:
        """The sentences of ``rows`` that ``direction`` has no suggestion for and has not asked for yet,
        each once, in order; they count as asked from now on."""
        answers = self[direction]
        if direction == "zh-en":
            texts = (s for row in rows for s in row.zh)
        else:
            texts = (s for row in rows if not row.zh for s in row.en)
        todo = [s for s in dict.fromkeys(texts) if s not in answers.found and s not in answers.asked]
        answers.asked.update(todo)
        return todo

    def arrived(self, direction: Direction, found: dict[str, str], engine: str, is_gloss: bool) -> None:
        """Keep an engine's answers (they replace earlier ones of the same sentences)."""
        answers = self[direction]
        answers.found.update(found)
        answers.asked.difference_update(found)
        answers.engine, answers.is_gloss = engine, is_gloss

    def failed(self, direction: Direction, asked: Sequence[str]) -> None:
        """No answer came for ``asked``: they may be asked again."""
        self[direction].asked.difference_update(asked)


def fetch(direction: Direction, texts: list[str], engine: Callable[[], Translator | None],
          keep: Workspace | None, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
    """Ask ``engine()`` (built on first use, so call this from a worker thread) for suggestions of
    ``texts`` and ``post`` what came of it. zh→en suggestions show a progress bar while they are made, and
    those of a real engine (not a gloss, not stored ones) are kept in the workspace ``keep`` (None: keep
    nothing) so that reopening it shows them again."""
    translator = engine()
    if translator is None:
        post(SuggestionsFailed(direction, texts, no_engine=True))
        return
    if cancelled():
        return
    shown = direction == "zh-en"
    if shown:
        post(Progress(f"MT ({translator.name}) for {len(texts)} sentences…"))
    try:
        found = dict(zip(texts, translator.translate(texts), strict=True))   # "" too: not asked again
    except Exception:
        post(SuggestionsFailed(direction, texts, no_engine=False))
        raise
    finally:
        if shown:
            post(Progress(None))
    not_kept = ""
    real = not translator.is_gloss and not isinstance(translator, StoredSuggestions)
    if shown and keep is not None and real:
        try:
            record_shown(keep, translator.name, found)
        except UserError as exc:
            not_kept = str(exc)
    post(SuggestionsArrived(direction, found, translator.name, translator.is_gloss, not_kept))


def mt_summary(notices: dict[Direction, list[str]], gloss: bool) -> str:
    """What the MT engines said, in both directions, as one message: models missing for the same reason are
    named together, with the commands that fetch them; ``gloss`` adds that the MT column is a gloss."""
    lines = [(direction, line) for direction in ARROWS for line in notices.get(direction, [])]
    found = [(direction, _UNAVAILABLE.match(line)) for direction, line in lines]
    whys = {match["why"] for _, match in found if match}
    if found and len(whys) == 1 and all(match for _, match in found):
        models = " or ".join(f"{ARROWS[direction]} ({match['model']})" for direction, match in found if match)
        commands = dict.fromkeys(c for _, match in found if match for c in re.findall(r"`[^`]+`",
                                                                                      match["advice"]))
        text = (f"No MT model for {models}: {whys.pop()}. Run {' and '.join(commands)} on a networked "
                f"machine, or pass --model DIR.")
    else:
        text = " ".join(f"{ARROWS[direction]}: {line}" for direction, line in lines)
    if gloss:
        text += (" Meanwhile the MT column is a word-by-word gloss, not a translation." if text else
                 f"No MT model can run here, so the MT column is a word-by-word gloss, not a translation "
                 f"({GET_A_MODEL}).")
    return text
