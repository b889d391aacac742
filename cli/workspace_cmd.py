"""``zhen-align new``, ``add`` and ``status``: create a workspace, align articles into it, summarise it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from aligner.display import count
from aligner.errors import UserError
from aligner.mt.base import notify_stderr as say
from cli import align_config, echo, stdout_console
from cli.options import add_model, add_mt_file, add_no_mt, add_presegmented, add_scorer_options

if TYPE_CHECKING:
    from corpora.workspace import Workspace


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``new``, ``add`` and ``status``."""
    new = sub.add_parser("new", help="create an empty workspace file",
                         description="Create WORKSPACE, an SQLite file that holds aligned articles, "
                                     "their edits and undo history.")
    new.add_argument("workspace", metavar="WORKSPACE", type=Path,
                     help="the file to create (e.g. news.zhalign)")
    new.set_defaults(func=run_new)

    add = sub.add_parser("add", help="align article pairs (or import aligned files) into a workspace",
                         description="Store each input as a new article of WORKSPACE. Article pairs are "
                                     "read, segmented and aligned: ZH EN (text, .docx or .html; which is "
                                     "Chinese is told by NAME.zh/NAME.en or by the script), a folder of "
                                     "such pairs, or one file holding both languages. Already aligned "
                                     "files (.tmx, InterText .xml, .align, .jsonl, .tsv) are stored as "
                                     "they are.")
    add.add_argument("workspace", metavar="WORKSPACE", type=Path,
                     help="the workspace to store the articles in (made by `zhen-align new`)")
    add.add_argument("inputs", metavar="INPUT", type=Path, nargs="+",
                     help="ZH EN, a folder of pairs, a mixed-language file or an aligned file")
    add_presegmented(add)
    add.add_argument("--title", metavar="T", help="article title (default: the Chinese headline); "
                                                  "only when adding one article")
    mt = add.add_mutually_exclusive_group()
    add_mt_file(mt)
    add_no_mt(mt, help="align without machine translation (default: use a local MT model if one is "
                         "installed, caching its output in the workspace)")
    add_scorer_options(add)
    again = add.add_mutually_exclusive_group()
    again.add_argument("--replace", action="store_true",
                       help="an input whose text the workspace already holds replaces that article (its "
                            "edits and history are dropped); default: it is skipped with a warning")
    again.add_argument("--keep-both", action="store_true",
                       help="an input whose text the workspace already holds is added again as another "
                            "article")
    add_model(add)
    add.set_defaults(func=run_add)

    status = sub.add_parser("status", help="list a workspace's articles and how far checking has got",
                            description="Show each article of WORKSPACE with its rows, the share "
                                        "confirmed and the number of low-confidence rows. Read-only: "
                                        "works while the editor has the workspace open.")
    status.add_argument("workspace", metavar="WORKSPACE", type=Path, help="the workspace to summarise")
    status.set_defaults(func=run_status)


def run_new(args: argparse.Namespace) -> int:
    """Create the workspace file."""
    from corpora.workspace import Workspace

    Workspace.create(args.workspace).close()
    echo(f"created {args.workspace}; add articles with `zhen-align add {args.workspace} ZH EN`")
    return 0


def _translator(args: argparse.Namespace, workspace: Workspace):
    """The ``translate(texts)`` function chosen by ``--mt``/``--no-mt``, or None for no MT."""
    if args.no_mt:
        return None
    if args.mt is not None:
        from corpora.readers.mtfile import read_mt_file

        if not args.mt.is_file():
            raise UserError(f"{args.mt}: no such file; check the path given to --mt")
        return read_mt_file(args.mt, notify=say).translate
    from aligner.mt import get_translator

    notes: list[str] = []
    translator = get_translator(None, args.model, cache=workspace, allow_gloss=False,
                                notify=notes.append)
    for note in notes[:-1]:
        say(note)
    if translator is None:   # one line: why, and what happens instead
        say(f"aligning without MT: {notes[-1] if notes else 'no MT model can run here'}")
        return None
    if notes:
        say(notes[-1])
    return translator.translate


def run_add(args: argparse.Namespace) -> int:
    """Align every pair among the inputs and store it, with the aligned documents, as new articles."""
    from corpora.document import Document
    from corpora.pipeline import align_pair, balance_note, unrelated_note, with_vector_store
    from corpora.readers.inputs import load_inputs
    from corpora.workspace import Workspace

    with Workspace.open(args.workspace) as ws:  # fail (missing, locked) before the slow part
        sources = load_inputs(args.inputs, presegmented=args.presegmented)
        if not sources:
            raise UserError(f"{args.inputs[0]}: holds no article; pass ZH EN files or a folder of pairs")
        if args.title is not None and len(sources) > 1:
            raise UserError(f"{args.inputs[0]}: --title names one article but the inputs hold "
                            f"{len(sources)}; add them without --title")
        todo = _unless_added(args, ws, sources)
        if not todo:   # each input was skipped with a warning: nothing to do, and nothing went wrong
            return 0
        pairs = [s for s, _ in todo if not isinstance(s, Document)]
        translate = _translator(args, ws) if pairs else None
        # sentence vectors kept in the workspace: re-aligning these articles in the editor encodes nothing
        config = with_vector_store(align_config(args), ws)
        for source, replaced in todo:
            if isinstance(source, Document):
                doc = source
                if args.title is not None:
                    doc.title = args.title
            else:
                say(f"aligning {len(source.zh.sentences)} Chinese and {len(source.en.sentences)} English "
                     "sentences…")
                if (note := balance_note(source)) is not None:
                    say(note)
                # Translations as a list in sentence order: a line-per-sentence MT file maps by position.
                mt = translate(list(source.zh.sentences)) if translate else None
                doc = align_pair(source, mt=mt, config=config, title=args.title)
                confidences = [row.confidence for row in doc.rows]
                if (note := unrelated_note(source, confidences, embeddings=config.embeddings)) is not None:
                    say(note)
            doc_id = ws.add_document(doc)
            low = sum(r.is_low_confidence for r in doc.rows)
            title = f"“{doc.title}”" if doc.title else "(untitled)"
            echo(f"added article {doc_id} {title}: {count(len(doc.rows), 'row')}, {low} low-confidence"
                 + (f"; it replaces {', '.join(map(str, replaced))}" if replaced else ""))
            for old in replaced:   # only now that the new one is stored
                ws.delete_document(old)
    echo(f"check them with `zhen-align open {args.workspace}`")
    return 0


def _unless_added(args: argparse.Namespace, ws, sources: list) -> list[tuple[object, list[int]]]:
    """The sources to add, each with the articles it replaces. A source whose text the workspace already
    holds is skipped with a warning, or (``--replace``) replaces those articles once it is stored, or
    (``--keep-both``) is added all the same."""
    from corpora.document import Document, text_digest

    if args.keep_both:
        return [(source, []) for source in sources]
    held: dict[str, list[int]] = {}
    for doc_id, digest in ws.text_digests().items():
        held.setdefault(digest, []).append(doc_id)
    kept: list[tuple[object, list[int]]] = []
    seen: dict[str, _InputName] = {}   # digest -> the input that had it first
    for source, name in zip(sources, _input_names(sources), strict=True):
        if isinstance(source, Document):
            digest = text_digest(source.sentences("zh"), source.sentences("en"))
        else:
            digest = text_digest(source.zh.sentences, source.en.sentences)
        ids = held.get(digest, [])
        if digest in seen:
            say(f"{name}: the same text as {seen[digest].seen_from(name)}; skipped")
        elif ids and not args.replace:
            say(f"{name}: already in {args.workspace} as article {ids[0]} (same text); skipped. Pass "
                "--replace to replace it or --keep-both to add it again")
        else:
            kept.append((source, ids))
        seen.setdefault(digest, name)
    return kept


class _InputName(NamedTuple):
    """How warnings name an input: its file, and for a file holding several articles (JSONL, TMX, TSV)
    the article's number in that file and its title."""

    file: str
    number: int = 0
    title: str = ""

    def __str__(self) -> str:
        if not self.number:
            return self.file
        return f"article {self.number}" + (f" “{self.title}”" if self.title else "") + f" of {self.file}"

    def seen_from(self, other: _InputName) -> str:
        """This name as a warning about ``other`` gives it: shorter when both are articles of one file."""
        if not self.number:
            return "another input" if self.file == other.file else self.file
        return f"article {self.number} of that file" if self.file == other.file else str(self)


def _input_names(sources: list) -> list[_InputName]:
    """The name of each input (see :class:`_InputName`)."""
    from collections import Counter

    from corpora.document import Document

    files = [(s.source or s.title) if isinstance(s, Document) else str(s.zh_path or s.title)
             for s in sources]
    per_file, numbered = Counter(files), Counter[str]()
    names: list[_InputName] = []
    for source, file in zip(sources, files, strict=True):
        numbered[file] += 1
        several = per_file[file] > 1 and isinstance(source, Document)
        names.append(_InputName(file, numbered[file], source.title) if several else _InputName(file))
    return names


def run_status(args: argparse.Namespace) -> int:
    """Print the table of articles."""
    from rich.table import Table
    from rich.text import Text

    from aligner.display import visible
    from corpora.workspace import Workspace

    with Workspace.open(args.workspace, readonly=True) as ws:
        infos = ws.documents()
        stats = ws.stats()
    # Text, not str: a title is shown as written, never read as rich markup
    table = Table(title=Text(visible(str(args.workspace))), title_justify="left")
    for name, justify in (("id", "right"), ("title", "left"), ("rows", "right"), ("confirmed", "right"),
                          ("edited", "right"), ("low conf.", "right"), ("MT English", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for info in infos:
        table.add_row(str(info.id), Text(visible(info.title) or "(untitled)"), str(info.rows),
                      _percent(info.confirmed, info.rows), str(info.edited), str(info.low_confidence),
                      str(info.mt_english))
    if len(infos) > 1:
        table.add_section()
        table.add_row("", count(stats.documents, "article"), str(stats.rows),
                      _percent(stats.confirmed, stats.rows), str(stats.edited), str(stats.low_confidence),
                      str(stats.mt_english))
    if infos:
        with stdout_console() as console:
            console.print(table)
    else:
        echo(f"{args.workspace}: no articles yet; add one with `zhen-align add {args.workspace} ZH EN`")
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"
