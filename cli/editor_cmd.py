"""``zhen-align edit``, ``open`` and ``demo``: the terminal editor.

``edit ZH EN`` aligns an article pair into a workspace next to the Chinese file (``NAME.zhalign``) and
opens it; run again, it reopens the same workspace and article, so no edit is ever lost. ``open``
opens any workspace; ``demo`` copies the bundled sample article into a fresh folder and opens it.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.errors import UserError
from aligner.mt.base import notify_stderr as say
from cli.options import MT_FILE_HELP, add_engine, add_model, add_mt_file, add_presegmented

if TYPE_CHECKING:
    from corpora.pipeline import Pair
    from corpora.workspace import DocumentInfo, Workspace

WORKSPACE_SUFFIX = ".zhalign"
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "tui" / "sample"


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``edit``, ``open`` and ``demo``."""
    edit = sub.add_parser("edit", help="align a Chinese article with its English version and edit it",
                          description="Align ZH with EN into a workspace (default: next to ZH, named "
                                      f"after it, suffix {WORKSPACE_SUFFIX}) and open the editor. If "
                                      "the workspace already holds an article aligned from these two "
                                      "files, it is reopened as it was left; another English (or "
                                      "Chinese) file makes a new article.")
    edit.add_argument("zh", metavar="ZH", type=Path, help="the Chinese article (.txt, .docx or .html)")
    edit.add_argument("en", metavar="EN", type=Path, nargs="?",
                      help="its English version (.txt, .docx or .html); leave out when ZH holds both "
                           "languages")
    edit.add_argument("-w", "--workspace", type=Path, metavar="WORKSPACE",
                      help=f"workspace file (default: ZH's name with {WORKSPACE_SUFFIX})")
    edit.add_argument("--title", metavar="T", help="article title when the pair is aligned as a new "
                                                   "article (default: the Chinese headline)")
    add_presegmented(edit)
    add_mt_file(edit, help=MT_FILE_HELP + "; used for aligning and shown as suggestions")
    _read_only_option(edit)
    _engine_options(edit)
    edit.set_defaults(func=run_edit)

    opened = sub.add_parser("open", help="open a workspace in the editor",
                            description="Open WORKSPACE; with several articles, a list to pick from.")
    opened.add_argument("workspace", metavar="WORKSPACE", type=Path, help="the workspace to open")
    opened.add_argument("--doc", type=int, metavar="ID", help="open this article directly")
    add_mt_file(opened, help="MT suggestions from a file (as for edit)")
    _read_only_option(opened)
    _engine_options(opened)
    opened.set_defaults(func=run_open)

    demo = sub.add_parser("demo", help="try the editor on a bundled sample article",
                          description="Copy the bundled sample article (Chinese, English and prepared MT "
                                      "suggestions) into a new folder, align it and open the editor. "
                                      "The folder is printed, and kept.")
    demo.add_argument("--dir", type=Path, metavar="DIR",
                      help="where to create the demo workspace (default: a new temporary folder)")
    _engine_options(demo)
    demo.set_defaults(func=run_demo)


def _read_only_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--read-only", action="store_true",
                        help="look without changing anything: edits are refused, nothing is written to "
                             "the workspace or beside it (works on read-only media and while another "
                             "editor has it open)")


def _engine_options(parser: argparse.ArgumentParser) -> None:
    add_engine(parser, help="MT suggestion engine (default: the suggestions shown before in this "
                            "workspace, else auto: ctranslate2, transformers, file, gloss)")
    add_model(parser, help="MT model: hub id or local directory")


class Notes:
    """What a command says before the editor starts: each line is printed at once (on standard error, for
    the record, where the editor's screen then hides it) and kept, once, for that screen to show when the
    article opens (:meth:`greeting`)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, message: str) -> None:
        say(message)
        if message not in self.lines:
            self.lines.append(message)

    def greeting(self, *more: str) -> str:
        """The lines said, then ``more`` (shown on screen only), each once, as the editor's first toast."""
        return "\n".join(dict.fromkeys(line for line in (*self.lines, *more) if line))


def has_terminal() -> bool:
    """Whether standard input and output are both a terminal, as the editor needs."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(command: str) -> None:
    """Refuse to start the editor without a terminal (it would wait for keys nobody can type and fill a
    pipe with escape sequences); called before anything is written."""
    if not has_terminal():
        raise UserError(f"{command} opens an editor and needs a terminal (standard input and output are not "
                        "one here); without a terminal, `zhen-align align ZH EN` aligns a pair and "
                        "`zhen-align export WORKSPACE` writes a workspace out")


def _open_for_editing(path: Path, read_only: bool, notes: Notes) -> tuple[Workspace, str]:
    """``Workspace.open``, and why it was opened read-only without ``--read-only`` ("" otherwise): a
    workspace this process cannot write opens as with ``--read-only``, saying why in one line to ``notes``.
    When another process holds it, ``--read-only`` is offered."""
    from corpora.workspace import LockError, Workspace, write_problem

    reason = (write_problem(path) or "") if not read_only and path.is_file() else ""
    if reason:
        notes(f"{path}: {reason}; opening it read-only (edits are refused)")
    try:
        return Workspace.open(path, readonly=read_only or bool(reason)), reason
    except LockError as exc:
        raise UserError(f"{exc}, or look at it with --read-only") from None


def default_workspace(zh: Path) -> Path:
    """``dir/article.zhalign`` for ``dir/article.zh.txt`` (the language tag is dropped)."""
    stem = zh.name.split(".")[0] or zh.stem
    return zh.with_name(stem + WORKSPACE_SUFFIX)


def _translator_factory(args: argparse.Namespace, workspace: Workspace, mt_file: Path | None,
                        mt_sources: Callable[[], list[str]] | None = None):
    """A function the app calls (in a worker) to build the MT suggestion engine.

    ``mt_sources`` gives the Chinese sentences a one-per-line ``mt_file`` translates, so that the
    file is looked up by text rather than by position. With none of ``--engine``, ``--mt``, ``--model``,
    the suggestions the editor showed earlier in this workspace come back (labelled with their engine;
    the model that made them, if it can run, translates new sentences); only a workspace that has none
    tries the engines. Model output is kept in ``workspace`` (nothing is kept in a read-only one).
    """
    engine = args.engine if args.engine not in (None, "auto") else None
    if engine is None and mt_file is not None:
        engine = "file"
    named = args.engine is not None or mt_file is not None or args.model is not None

    def build(notify):
        from aligner.mt import get_translator
        from tui.suggestions import StoredSuggestions

        if not named and (stored := StoredSuggestions.last_shown(workspace)) is not None:
            if stored.name != "file":   # a model may run again for new sentences; a file cannot be found
                stored.fallback = lambda: get_translator(cache=workspace, allow_gloss=False, notify=notify)
            return stored
        file_engine = None
        if mt_file is not None:
            from corpora.readers.mtfile import read_mt_file

            def file_engine():
                sources = mt_sources() if mt_sources is not None else None
                return read_mt_file(mt_file, sources=sources, notify=notify)

        return get_translator(engine, args.model, file_engine=file_engine, cache=workspace, notify=notify)

    return build


def _pair_loader(zh: Path, en: Path | None, *, presegmented: bool) -> Callable[[], Pair]:
    """Read and segment the pair once, on first call (the aligner and the MT file both need it); without
    ``en``, ``zh`` is one file holding both languages. The readers and the segmenter are imported on that
    call, which ``demo`` makes in the app's worker, after the first frame."""

    @functools.cache
    def load() -> Pair:
        from corpora.readers.inputs import load_files, load_mixed

        if en is None:
            return load_mixed(zh, presegmented=presegmented)
        return load_files(zh, en, presegmented=presegmented)

    return load


def _aligner(load: Callable[[], Pair], *, mt_file: Path | None, workspace, title: str | None = None):
    """A ``prepare(notify)`` for the app: align the pair in its worker, store it (titled ``title``, by
    default its Chinese headline), return its id."""

    def prepare(notify) -> int:
        from corpora.pipeline import align_pair, balance_note, unrelated_note, with_vector_store

        pair = load()
        if (note := balance_note(pair)) is not None:
            notify(note)
        mt = None
        if mt_file is not None:
            from corpora.readers.mtfile import read_mt_file

            mt = read_mt_file(mt_file, sources=pair.zh.sentences, notify=notify).translate
        # the vectors stay in the workspace, so that re-aligning in the editor encodes nothing again
        config = with_vector_store(None, workspace)
        doc = align_pair(pair, mt=mt, config=config, title=title)
        if (note := unrelated_note(pair, [row.confidence for row in doc.rows],
                                   embeddings=config.embeddings)) is not None:
            notify(note)
        return workspace.add_document(doc)

    return prepare


def _reverse_factory(workspace: Workspace):
    """What the app calls (in a worker) to build the en→zh engine for rows that have only English: the
    available model (default opus-mt-en-zh, cached in the workspace), else the labelled reverse gloss."""

    def build(notify):
        from aligner.mt import get_translator

        return get_translator(cache=workspace, notify=notify, direction="en-zh")

    return build


def _run_app(workspace, doc_id: int | None, factory, prepare=None, preparing: str = "",
             greeting: str = "", read_only_reason: str = "") -> int:
    from tui.app import EditorApp
    from tui.keymap import load_keymap

    clashes = Notes()     # keys of keys.toml taken from a default action: said here and on screen
    keymap = load_keymap(notify=clashes)
    app = EditorApp(workspace, doc_id, translator_factory=factory,
                    reverse_translator_factory=_reverse_factory(workspace), keymap=keymap,
                    prepare=prepare, preparing=preparing, read_only_reason=read_only_reason,
                    greeting=clashes.greeting(greeting))
    app.run()
    if app.failure:
        raise UserError(app.failure)
    return app.return_code or 0   # not 0 after a crash or a signal (see EditorApp)


def run_edit(args: argparse.Namespace) -> int:
    """Align (or reopen) and edit one article."""
    from corpora.textio import check_input_file
    from corpora.workspace import Workspace

    for path in (args.zh, args.en, args.mt):
        if path is not None:
            check_input_file(path)
    require_terminal("edit")
    notes = Notes()   # what is said before the editor starts is said on its screen too
    if args.en is not None:   # given English first: the workspace is named after the Chinese file
        from corpora.readers.inputs import oriented

        args.zh, args.en = oriented(args.zh, args.en, notes)
    ws_path = args.workspace or default_workspace(args.zh)
    load = _pair_loader(args.zh, args.en, presegmented=args.presegmented)
    created, reason = False, ""
    if args.read_only or ws_path.exists():
        workspace, reason = _open_for_editing(ws_path, args.read_only, notes)
    else:
        load()   # inputs that cannot be read fail here, before a workspace is made for them
        workspace = Workspace.create(ws_path)
        created = True
    try:
        return _edit(args, workspace, ws_path, load, reason, notes)
    except BaseException:
        if created:
            _remove_if_unused(workspace)
        raise


def _remove_if_unused(workspace) -> None:
    """Delete a workspace this command made (closed by now), with its side files, when it failed before
    storing an article in it (a failed command leaves the folder as it found it)."""
    from corpora.workspace import Workspace, workspace_files

    workspace.close()
    try:
        with Workspace.open(workspace.path, readonly=True) as again:
            if again.documents():
                return
    except UserError:
        return
    for file in workspace_files(workspace.path):
        file.unlink(missing_ok=True)


def _edit(args: argparse.Namespace, workspace, ws_path: Path, load: Callable[[], Pair],
          read_only_reason: str, notes: Notes) -> int:
    """Reopen the article of ``args.zh`` in ``workspace`` (closed on return), or align it there first;
    ``read_only_reason`` says why a workspace opened read-only without ``--read-only``; what is said
    goes to ``notes`` (and so on screen too)."""
    with workspace:
        factory = _translator_factory(args, workspace, args.mt, lambda: load().zh.sentences)
        article, other = _same_pair(workspace.documents(), args.zh, args.en)
        if article is not None:
            notes(f"reopening {ws_path} (article {article.id}, as you left it"
                  + (", read-only)" if workspace.readonly else ")"))
            for changed in _changed_since(article.created, args.zh, args.en):
                notes(f"{changed}: changed after article {article.id} was added "
                      f"({article.created[:16].replace('T', ' ')} UTC); the editor shows the text as it was "
                      f"then; `zhen-align add {ws_path} {args.zh}{f' {args.en}' if args.en else ''}` adds "
                      "the new text as an article of its own, which `edit` then opens")
            if args.title is not None:
                notes(f"--title names a new article only; article {article.id} keeps its title "
                      f"“{article.title}”")
            return _run_app(workspace, article.id, factory, greeting=notes.greeting(),
                            read_only_reason=read_only_reason)
        pair_name = f"{args.zh} with {args.en}" if args.en else str(args.zh)
        if read_only_reason:
            raise UserError(f"{ws_path}: holds no article from {pair_name} yet, and {read_only_reason}")
        if args.read_only:
            raise UserError(f"{ws_path}: holds no article from {pair_name} yet; run `zhen-align edit` once "
                            "without --read-only to align it")
        if other is not None:
            notes(f"article {other.id} of {ws_path} was aligned from {args.zh} with {other.en_source}, "
                  f"not {args.en or args.zh}: this pair is aligned as a new article")
        notes(f"workspace: {ws_path}")
        prepare = _aligner(load, mt_file=args.mt, workspace=workspace, title=args.title)
        what = f"{args.zh.name} with {args.en.name}" if args.en else f"the two languages of {args.zh.name}"
        return _run_app(workspace, None, factory, prepare, f"Aligning {what}…", greeting=notes.greeting())


def _same_pair(articles: list[DocumentInfo], zh: Path, en: Path | None
               ) -> tuple[DocumentInfo | None, DocumentInfo | None]:
    """The latest of ``articles`` aligned from both ``zh`` and ``en`` (``en`` None: ``zh`` held both
    languages), and, when there is none, the latest aligned from ``zh`` with another file. An article
    from before the English file was recorded counts as the same pair when its Chinese file matches."""
    def names(path: Path) -> set[str]:   # found from any working directory
        return {str(path), str(path.resolve())}

    zh_names, en_names = names(zh), names(en if en is not None else zh)
    from_zh = [d for d in articles if d.source in zh_names]
    same = [d for d in from_zh if not d.en_source or d.en_source in en_names]
    if same:
        return same[-1], None
    return None, (from_zh[-1] if from_zh else None)


def _changed_since(created: str, *files: Path | None) -> list[Path]:
    """Those of ``files`` modified after ``created`` (ISO 8601, UTC: when the article was added)."""
    from datetime import UTC, datetime

    try:
        added = datetime.fromisoformat(created).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return []
    changed = []
    for file in files:
        try:
            if file is not None and file.stat().st_mtime > added + 1:   # the second it was added
                changed.append(file)
        except OSError:
            continue
    return changed


def _is_tsv(path: Path) -> bool:
    """Whether every non-blank line of an MT file is ``zh<TAB>en``."""
    from corpora.textio import read_text

    lines = [line for line in read_text(path).splitlines() if line.strip()]
    return bool(lines) and all("\t" in line for line in lines)


def run_open(args: argparse.Namespace) -> int:
    """Open a workspace."""
    if args.mt is not None and not _is_tsv(args.mt):
        raise UserError(f"{args.mt}: with `open`, --mt takes a TSV of zh<TAB>en lines (a one-per-line file "
                        "only fits the article it was made for: use `zhen-align edit ZH EN --mt FILE`)")
    require_terminal("open")
    notes = Notes()
    workspace, reason = _open_for_editing(args.workspace, args.read_only, notes)
    with workspace:
        # read before the editor starts: a damaged file is one line here, not an error inside the editor
        ids = {d.id for d in workspace.documents()}
        if args.doc is not None and args.doc not in ids:
            raise UserError(f"{args.workspace}: no article {args.doc}; `zhen-align status` lists them")
        factory = _translator_factory(args, workspace, args.mt)
        return _run_app(workspace, args.doc, factory, greeting=notes.greeting(), read_only_reason=reason)


def run_demo(args: argparse.Namespace) -> int:
    """Copy the sample into a new folder, align it with the prepared MT file, open the editor."""
    import shutil

    from corpora.workspace import Workspace

    require_terminal("demo")
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="zhen-align-demo-", dir=args.dir))
    else:
        folder = Path(tempfile.mkdtemp(prefix="zhen-align-demo-"))
    for name in ("article.zh.txt", "article.en.txt", "sample.mt.txt"):
        shutil.copy(SAMPLE_DIR / name, folder / name)
    ws_path = folder / f"demo{WORKSPACE_SUFFIX}"
    mt_file = folder / "sample.mt.txt"
    say(f"demo workspace: {ws_path}")
    with Workspace.create(ws_path) as workspace:
        load = _pair_loader(folder / "article.zh.txt", folder / "article.en.txt", presegmented=True)
        prepare = _aligner(load, mt_file=mt_file, workspace=workspace)
        if args.engine is None:
            args.engine = "file"
        code = _run_app(workspace, None, _translator_factory(args, workspace, mt_file), prepare,
                        "Aligning the sample article…",
                        greeting=f"The demo is in {folder}; it is kept after you quit "
                                 f"(`zhen-align open {ws_path}` reopens it). Press ? for every key.")
    say(f"your edits and the MT suggestions are kept in {ws_path}; reopen with `zhen-align open {ws_path}`")
    return code
