"""The zhen-align editor: a Textual app over one workspace."""

from __future__ import annotations

import asyncio
import gc
import importlib
import signal
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import notifications, work
from textual.app import App
from textual.binding import BindingType
from textual.notifications import Notification, SeverityLevel
from textual.screen import ModalScreen

from aligner.display import visible
from aligner.errors import UserError
from aligner.mt.base import Translator
from corpora.workspace import Workspace
from tui.bindings import key_label, screen_bindings
from tui.commands import EditorCommands
from tui.engines import Engines
from tui.messages import Direction, Progress
from tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from tui.screens.export import ExportRequest

Notify = Callable[[str], None]
TranslatorFactory = Callable[[Notify], Translator | None]
#: Builds the document to open (e.g. aligns a new article) and returns its id; runs in a worker thread.
Prepare = Callable[[Notify], int]


class EditorApp(App[None]):
    """Check and fix the alignments of a workspace's articles.

    ``translator_factory(notify)`` builds the MT suggestion engine; it is called once, in a worker
    thread, the first time suggestions are needed (loading a model can take seconds);
    ``reverse_translator_factory(notify)`` likewise builds the en→zh engine that suggests Chinese for rows
    that have only English. ``keymap``
    maps binding ids to keys (see :mod:`tui.keymap`); ``align_fn(zh, en) -> beads`` replaces the
    aligner used by re-alignment. ``prepare(notify) -> doc_id`` (e.g. aligning a new article) runs in a
    worker behind a loading screen before the editor opens; if it raises ``UserError`` the app exits
    with code 2 and the message in :attr:`failure`. ``greeting`` is shown once the first article is open
    (the terminal's own output is hidden while the editor runs). ``read_only_reason`` says why a workspace
    opened read-only without ``--read-only`` was (it cannot be written here), for the status line.

    SIGTERM and SIGHUP quit as ``q`` does, restoring the terminal; the exit code is then 128 + the signal.
    """

    CSS_PATH = "app.tcss"
    TITLE = "zhen-align"
    COMMANDS = App.COMMANDS | {EditorCommands}
    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Anywhere")
    #: Seconds the MT toast waits for more notices (the other direction's engine is built meanwhile).
    MT_TOAST_DELAY = 0.3
    #: Seconds the MT toast stays (over the grid's right half).
    MT_TOAST_SECONDS = 8.0

    def __init__(self, workspace: Workspace, doc_id: int | None = None, *,
                 translator_factory: TranslatorFactory | None = None,
                 reverse_translator_factory: TranslatorFactory | None = None,
                 keymap: dict[str, str] | None = None, align_fn: Callable | None = None,
                 prepare: Prepare | None = None, preparing: str = "Aligning…", greeting: str = "",
                 read_only_reason: str = "") -> None:
        super().__init__()
        self.greeting = greeting
        self.read_only_reason = read_only_reason
        self.align_fn = align_fn
        self.prepare = prepare
        self.preparing = preparing
        #: One line for the user when the app stopped because ``prepare`` failed (exit code 2).
        self.failure: str | None = None
        self.workspace = workspace
        self.doc_id = doc_id
        self.translator_factory = translator_factory
        self.reverse_translator_factory = reverse_translator_factory
        self.keymap = dict(keymap or {})
        self._translators: dict[str, Translator | None] = {}
        self._translator_lock = threading.Lock()
        self._signals: list[int] = []   # handled by the event loop while the app runs
        #: The editor said once why its MT column is a gloss (see EditorScreen._suggestions_arrived).
        self.gloss_explained = False
        #: What the MT engines of each direction said (a model missing...): shown together in one toast.
        self.mt_notices: dict[Direction, list[str]] = {}
        self._mt_toast: Notification | None = None   # that toast, replaced when more comes
        self._mt_toast_due = False

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self._handle_signals()
        if self.prepare is not None:
            # The loading screen is painted before the work starts: the worker's imports and model
            # loading hold the interpreter for seconds and would otherwise delay the first frame.
            self.push_screen(LoadingScreen(self.preparing))
            self.call_after_refresh(self._prepare)
            return
        from tui.screens.documents import DocumentsScreen

        infos = self.workspace.documents()
        if self.doc_id is not None:
            self.open_document(self.doc_id)
        elif len(infos) == 1:
            self.open_document(infos[0].id)
        else:
            self.push_screen(DocumentsScreen(infos, self.workspace.path.name,
                                             unrelated=self.workspace.unrelated()))
            if not infos:
                self.notify("this workspace holds no article yet; add one with `zhen-align add`",
                            severity="warning", timeout=10)

    def _handle_signals(self) -> None:
        """Quit on SIGTERM and SIGHUP (a plain ``kill``, a closed terminal) as on ``q``, so that the terminal
        is restored; every edit is stored already. Only the main thread's event loop can take signals."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.exit, None, 128 + signum)
            self._signals.append(signum)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)

    @work(thread=True, description="Preparing the document")
    def _prepare(self) -> None:
        assert self.prepare is not None
        # The screens after the loading screen are imported here, behind it, not before the first frame.
        importlib.import_module("tui.screens.editor")
        try:
            doc_id = self.prepare(self._notify_from_thread)
        except UserError as exc:
            self.failure = str(exc)
            self.call_from_thread(self.exit, None, 2)
            return
        self.call_from_thread(self.open_document, doc_id)

    def open_document(self, doc_id: int) -> None:
        """Show the editor for one article (replacing the article list or another article)."""
        from tui.screens.documents import DocumentsScreen
        from tui.screens.editor import EditorScreen
        from tui.session import EditSession

        self.doc_id = doc_id
        screen = EditorScreen(EditSession(self.workspace, doc_id), self.engines(),
                              read_only_reason=self.read_only_reason)
        if isinstance(self.screen, EditorScreen | DocumentsScreen | LoadingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        screen.fetch_mt()
        if self.greeting:
            self.notify(self.greeting, timeout=8)
            self.greeting = ""
        # The article's rows and the screen built for them live as long as the editor: move them out of
        # the collector's reach so that a full collection does not stall a keystroke on a long article.
        self.call_after_refresh(gc.freeze)

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        """Open ``screen`` (as ``App.push_screen``); a dialog first dismisses the toasts on screen, said
        before it opened, which would cover it (those said while it is open show above it: app.tcss)."""
        if isinstance(screen, ModalScreen):
            self.clear_notifications()
        return super().push_screen(screen, *args, **kwargs)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A toast; its text may name files or quote articles, so it is shown as plain text with every
        control character visible (``markup`` is ignored)."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout,
                       markup=False)

    async def action_quit(self) -> None:
        """Quit; in the sentence editor with changed text, only after a yes; while an article is being
        aligned, once it is stored (saying so at once)."""
        from tui.screens.dialogs import SentenceDialog

        if isinstance(self.screen, SentenceDialog):
            self.screen.discard_then(self.exit, "Throw away the changes to these sentences and quit?")
        elif isinstance(self.screen, LoadingScreen):
            # the alignment cannot be stopped half-way: it finishes and is stored, then the app quits; say
            # so at once (the frame is drawn before the exit waits for the worker)
            self.screen.finishing()
            self.call_after_refresh(self.exit)
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (Textual's default): say which keys of the user's key map do."""
        keys = [key_label(key) for key, active in self.active_bindings.items()
                if active.binding.action in ("quit", "app.quit")]
        if keys:
            self.notify(f"Press {' or '.join(dict.fromkeys(keys))} to quit the app",
                        title="Do you want to quit?")

    def engines(self) -> Engines:
        """What an editor's workers run: the MT engines configured (built on first use), the aligner of
        re-alignment and, for the project's aligner, its warm-up (a given ``align_fn`` needs none)."""
        return Engines(
            align_function=self.align_function,
            translator=self.get_translator if self.translator_factory is not None else None,
            reverse_translator=(self.get_reverse_translator if self.reverse_translator_factory is not None
                                else None),
            warm_up=self.warm_up_aligner if self.align_fn is None else None)

    def get_translator(self) -> Translator | None:
        """The MT engine, built on first use (call from a worker thread: it may load a model)."""
        return self._built("zh-en", self.translator_factory)

    def get_reverse_translator(self) -> Translator | None:
        """The en→zh engine, built on first use (call from a worker thread)."""
        return self._built("en-zh", self.reverse_translator_factory)

    def _built(self, direction: Direction, factory: TranslatorFactory | None) -> Translator | None:
        with self._translator_lock:
            if direction not in self._translators and factory is not None:
                self._translators[direction] = factory(partial(self._mt_notice_from_thread, direction))
            return self._translators.get(direction)

    def _notify_from_thread(self, message: str) -> None:
        """A one-line notice of the work behind the loading screen (``prepare``, run in a worker thread),
        shown as a toast."""
        self.call_from_thread(self.notify, message, title="MT", timeout=6)

    def _mt_notice_from_thread(self, direction: Direction, message: str) -> None:
        """An MT engine's notice (from a worker thread): added to the one MT toast."""
        self.call_from_thread(self.mt_notice, direction, message)

    def mt_notice(self, direction: Direction, message: str) -> None:
        """Add an MT engine's notice for ``direction`` (``zh-en``, ``en-zh``) to the MT toast."""
        said = self.mt_notices.setdefault(direction, [])
        if message not in said:
            said.append(message)
            self._show_mt_toast()

    def explain_gloss(self) -> None:
        """Say (once per run, in the MT toast) that the MT column is a word-by-word gloss."""
        if not self.gloss_explained:
            self.gloss_explained = True
            self._show_mt_toast()

    def _show_mt_toast(self) -> None:
        """Show the MT toast a moment from now, so that what the engines of both directions say as the
        editor opens makes one toast (not one each, stacked over the grid)."""
        if not self._mt_toast_due:
            self._mt_toast_due = True
            self.set_timer(self.MT_TOAST_DELAY, self._post_mt_toast)

    def _post_mt_toast(self) -> None:
        """One toast for everything the MT engines said, in both directions, replacing the one shown."""
        from tui.mt_service import mt_summary

        self._mt_toast_due = False
        if self._mt_toast is not None and self._mt_toast in self._notifications:
            self._unnotify(self._mt_toast, refresh=False)
        text = mt_summary(self.mt_notices, self.gloss_explained)
        self._mt_toast = Notification(visible(text), "MT", "information", self.MT_TOAST_SECONDS)
        self.post_message(notifications.Notify(self._mt_toast))

    def align_function(self) -> Callable:
        """What re-alignment runs: ``align_fn`` if given, else the project's aligner (with MT if any, and
        the workspace's stored sentence vectors)."""
        from functools import partial

        if self.align_fn is not None:
            return self.align_fn

        from aligner.api import align
        from corpora.pipeline import with_vector_store

        translator = self.get_translator()
        mt = translator.translate if translator is not None and not translator.is_gloss else None
        # sentence vectors kept in the workspace: a re-align encodes only sentences it never saw
        return partial(align, mt=mt, config=with_vector_store(None, self.workspace))

    def warm_up_aligner(self) -> None:
        """Load the resources of the aligner :meth:`align_function` gives, without aligning or building
        an MT engine (call from a worker thread: it takes most of a second the first time)."""
        from aligner.api import warm_up
        from corpora.pipeline import with_vector_store

        warm_up(with_vector_store(None, self.workspace))

    # ----------------------------------------------------------------------------- screens

    def action_documents(self) -> None:
        """Show the article list."""
        from tui.screens.documents import DocumentsScreen

        self.switch_screen(DocumentsScreen(self.workspace.documents(), self.workspace.path.name, self.doc_id,
                                           self.workspace.unrelated()))

    def action_keys_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap))

    def action_export_dialog(self) -> None:
        """Ask how to export, then export in a worker."""
        from tui.screens.export import ExportDialog

        self.push_screen(ExportDialog(self.workspace.path, len(self.workspace.documents()), self.doc_id),
                         self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.export(request)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="Exporting")
    def export(self, request: ExportRequest) -> list[Path]:
        """Write the chosen articles in the chosen format (in a thread); notifies when done."""
        from corpora.writers import ExportOptions, export_documents, keeping_what_is_exported
        from tui.screens.editor import EditorScreen

        screen = self.screen if isinstance(self.screen, EditorScreen) else None
        if screen is not None:
            screen.post_message(Progress(f"exporting {request.fmt}…"))
        out = request.target(self.workspace.path)
        try:
            ids = [i.id for i in self.workspace.documents()] if request.all_documents else [self.doc_id]
            docs = [self.workspace.load(i) for i in ids if i is not None]
            options = ExportOptions(glossary=self.workspace.glossary())   # check findings as notes
            with keeping_what_is_exported(self.workspace.path, docs, "give the export another name"):
                report = export_documents(docs, request.fmt, out, row_filter=request.row_filter,
                                          options=options, source=self.workspace.path)
        except UserError as exc:
            self.call_from_thread(self.notify, f"not exported: {exc}", severity="warning", timeout=10)
            return []
        except Exception as exc:  # a failed export must never take the editor down
            self.call_from_thread(self.notify, f"export failed: {exc}", severity="error", timeout=10)
            return []
        finally:
            if screen is not None:
                screen.post_message(Progress(None))
        files = report.files
        shown = ", ".join(str(f) for f in files[:3]) + (" …" if len(files) > 3 else "")
        self.call_from_thread(self.notify, report.describe(shown), title="export", timeout=8)
        return files

