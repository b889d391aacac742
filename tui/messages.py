"""What the editor's workers tell the editor screen, as typed messages.

A worker thread posts them (``post_message`` is safe from any thread) and the screen handles them on the
UI thread, so no worker touches a widget, the rows or the app. None bubbles past the screen it is posted
to: a message for a screen that has closed is dropped with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from textual.worker import Worker

    from corpora.edits import Change
    from tui.findings import Checked

#: Which suggestions: English for Chinese sentences, or Chinese for the English of rows without Chinese.
Direction = Literal["zh-en", "en-zh"]


class Progress(Message, bubble=False):
    """Slow work started (``label`` says what, shown with a progress bar) or ended (None).

    A newer progress supersedes one still waiting in the queue: only the latest state is drawn.
    """

    def __init__(self, label: str | None) -> None:
        super().__init__()
        self.label = label

    def can_replace(self, message: Message) -> bool:
        """Textual asks this of a waiting message when a newer one is next in the queue: a waiting
        progress is dropped in favour of the newer."""
        return isinstance(message, Progress)


class SuggestionsArrived(Message, bubble=False):
    """An MT engine answered: ``found`` maps each asked sentence to its suggestion ("" for none)."""

    def __init__(self, direction: Direction, found: dict[str, str], engine: str, is_gloss: bool,
                 not_kept: str = "") -> None:
        super().__init__()
        self.direction = direction
        self.found = found
        self.engine = engine
        self.is_gloss = is_gloss
        #: Why the suggestions could not be kept in the workspace ("" when they were, or need not be).
        self.not_kept = not_kept


class SuggestionsFailed(Message, bubble=False):
    """No suggestions for ``asked``: no engine can run here (``no_engine``), or the engine failed."""

    def __init__(self, direction: Direction, asked: list[str], *, no_engine: bool) -> None:
        super().__init__()
        self.direction = direction
        self.asked = asked
        self.no_engine = no_engine


class ChecksArrived(Message, bubble=False):
    """Check findings of some rows, as :meth:`tui.findings.RowFindings.store` takes them."""

    def __init__(self, results: list[Checked]) -> None:
        super().__init__()
        self.results = results


class ChecksFinished(Message, bubble=False):
    """Every row of one request (``rows`` of them) is checked."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows


class RealignFinished(Message, bubble=False):
    """The re-alignment computed by ``worker``: its change, or the error that stopped it."""

    def __init__(self, worker: Worker, change: Change | None, error: Exception | None = None) -> None:
        super().__init__()
        self.worker = worker
        self.change = change
        self.error = error
