"""``zhen-align export`` (a workspace to TMX, Moses, TSV, JSONL, InterText or bead files) and
``zhen-align batch`` (align a whole folder of article pairs)."""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path

from aligner.display import count, without_controls, xml_escaped
from aligner.errors import UserError
from aligner.mt.base import notify_stderr
from cli import copy_to_stdout, echo
from cli.options import add_fast, add_model, add_no_mt, add_presegmented
from cli.progress import rows_bar, stderr_is_terminal
from corpora.formats import EXPORT_FORMATS, FORMATS

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_OUT_HELP = ("tmx/xliff/tsv/jsonl: a file, or - for standard output; moses: a stem (OUT.zh + OUT.en) or a "
             "folder (OUT/corpus.zh + OUT/corpus.en); intertext/beads: a folder (NAME.zh.xml, NAME.en.xml, "
             "NAME.zh.en.xml / NAME.zh.txt, NAME.en.txt, NAME.align per article)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` and ``batch``."""
    export = sub.add_parser(
        "export", help="write a workspace's alignments as TMX, XLIFF, Moses, TSV, JSONL, InterText or beads",
        description="Write the aligned rows of WORKSPACE to OUT. Read-only: works while the editor has "
                    "the workspace open. One-sided rows (1-0, 0-1) are left out of TMX and XLIFF unless "
                    "--keep-unaligned (a CAT tool takes a unit with one side badly) and kept in the other "
                    "formats unless --drop-unaligned (Moses always drops them: its files may not hold "
                    "empty lines). Rows whose English "
                    "(Chinese) came from machine translation are left out unless --include-mt-english "
                    "(--include-mt-chinese). TMX and XLIFF carry each row's translation-check findings "
                    "as notes: those of `check --fast` (no sentence encoder is loaded, so the "
                    "dropped-clause test uses the dictionary alone), with the workspace's glossary, "
                    "findings ignored in the editor left out.")
    export.add_argument("workspace", metavar="WORKSPACE", type=Path, help="the workspace to export from")
    export.add_argument("-f", "--format", required=True, choices=EXPORT_FORMATS,
                        help="; ".join(f"{name}: {FORMATS[name].label}" for name in EXPORT_FORMATS)
                        + ". XLIFF is written only: reviewed work comes back to `add` as TMX")
    export.add_argument("-o", "--out", required=True, metavar="OUT", help=_OUT_HELP)
    export.add_argument("--doc", type=int, action="append", metavar="ID",
                        help="export only this article (repeat for several; default: all)")
    export.add_argument("--confirmed-only", action="store_true", help="only rows an editor confirmed")
    export.add_argument("--min-confidence", type=float, metavar="X",
                        help="drop machine rows scored under X (confirmed and edited rows are kept)")
    _one_sided_options(export)
    export.add_argument("--include-mt-english", action="store_true",
                        help="keep rows whose English was accepted from MT (marked in TMX, XLIFF and JSONL)")
    export.add_argument("--include-mt-chinese", action="store_true",
                        help="keep rows whose Chinese was accepted from en→zh MT (marked in TMX and JSONL)")
    _language_options(export)
    _notes_option(export)
    export.set_defaults(func=run_export)

    batch = sub.add_parser(
        "batch", help="align every article pair of a folder or manifest (all cores, or a Dask cluster)",
        description="Align every pair of IN (a folder of NAME.zh.txt + NAME.en.txt, also .docx/.html, or "
                    "zh/NAME.txt + en/NAME.txt; or a manifest file of zh_path<TAB>en_path[<TAB>mt_path] "
                    "lines; either may be an fsspec URL such as s3://bucket/corpus/) into a workspace "
                    "and/or export files in OUT, one per article (Parquet: parts of many). Finished names "
                    "are recorded in OUT/.zhen-align-done: run the same command again after an "
                    "interruption and it goes on where it stopped. A document that fails is reported and "
                    "skipped. Machine translation of the Chinese is used as an alignment signal: "
                    "NAME.mt.txt beside the Chinese file when there is one (one translation per Chinese "
                    "sentence, or TSV zh<TAB>en), else the MT model when one is available here; a "
                    "document whose MT fails is aligned without it and reported. The export files "
                    "leave out one-sided rows as `export` does (out of TMX and XLIFF unless "
                    "--keep-unaligned); the workspace keeps every row. Exit code: 0 when every "
                    "document was aligned, 1 when some failed (each is listed), 2 for a usage or input "
                    "error (one line says which), 130 when interrupted (run the same command again to go "
                    "on).")
    batch.add_argument("in_dir", metavar="IN",
                       help="folder of pairs or manifest file, a path or an fsspec URL (s3://, gcs://, file://)")
    batch.add_argument("-o", "--out", required=True, metavar="OUT",
                       help="folder for the export files and the record of finished articles")
    batch.add_argument("--format", choices=tuple(FORMATS),
                       help="export each article in this format, or all of them as parquet parts (default: "
                            "tmx, or none with --workspace)")
    batch.add_argument("--workspace", type=Path, metavar="WS",
                       help="also store the articles in this workspace (created if missing)")
    batch.add_argument("--jobs", type=int, metavar="N",
                       help="worker processes on this machine (default: every core); each holds its own copy "
                            "of the models, the MT model included")
    batch.add_argument("--engine", choices=("local", "dask"),
                       help="local: a process pool on this machine (default); dask: a Dask cluster, the one "
                            "at --scheduler or else one started here with --jobs workers (pip install "
                            "'zhen-align[scale]')")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask)")
    batch.add_argument("--chunk-size", type=int, metavar="N",
                       help="documents per Dask task (default: 32, fewer for small runs)")
    _one_sided_options(batch)
    add_fast(batch)
    add_presegmented(batch)
    mt = batch.add_mutually_exclusive_group()
    add_model(mt, ". Each worker process loads its own copy of the model (several hundred MB "
                         "for opus-mt): lower --jobs if memory is short")
    add_no_mt(mt, help="no machine translation: neither a model nor NAME.mt.txt files")
    _language_options(batch)
    _notes_option(batch)
    batch.set_defaults(func=run_batch)


def _one_sided_options(parser: argparse.ArgumentParser) -> None:
    one_sided = parser.add_mutually_exclusive_group()
    one_sided.add_argument("--drop-unaligned", action="store_const", const=True,
                           help="leave out 1-0 and 0-1 rows (the default for tmx and xliff)")
    one_sided.add_argument("--keep-unaligned", action="store_const", const=False, dest="drop_unaligned",
                           help="keep 1-0 and 0-1 rows in tmx and xliff too")


def _language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--src-lang", default="zh-CN", metavar="CODE",
                        help="Chinese language code in TMX and XLIFF (default zh-CN)")
    parser.add_argument("--tgt-lang", default="en-US", metavar="CODE",
                        help="English language code in TMX and XLIFF (default en-US)")
    parser.add_argument("--full-paths", action="store_true",
                        help="write each article's source file with its full path in TMX, JSONL and "
                             "Parquet (default: the file name only, so a shared corpus does not show your "
                             "folders)")


def _notes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-check-notes", action="store_true",
                        help="TMX/XLIFF: leave out the translation-check findings (notes by default)")


def _options(args: argparse.Namespace):
    from corpora.writers import ExportOptions

    for code in (args.src_lang, args.tgt_lang):
        if not _LANGUAGE_CODE.match(code):
            raise UserError(f"{code}: not a language code; use one like zh-CN, zh-Hans, en-US or en")
    return ExportOptions(args.src_lang, args.tgt_lang, full_paths=args.full_paths,
                         check_notes=not args.no_check_notes)


def run_export(args: argparse.Namespace) -> int:
    """Export the workspace."""
    from corpora.filters import RowFilter
    from corpora.writers import export_workspace

    if args.min_confidence is not None and not 0 <= args.min_confidence <= 1:
        raise UserError(f"--min-confidence {args.min_confidence}: give a number between 0 and 1")
    row_filter = RowFilter(args.confirmed_only, args.min_confidence, args.drop_unaligned,
                           drop_mt_english=not args.include_mt_english,
                           drop_mt_chinese=not args.include_mt_chinese)
    out = Path(args.out)
    if args.format == "moses" and args.out.endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)  # OUT/ asks for OUT/corpus.zh + OUT/corpus.en
    options = _options(args)
    with rows_bar("checking rows for notes") as bar:
        options = replace(options, progress=bar)
        if args.out == "-":
            return _export_to_stdout(args, row_filter, options)
        report = export_workspace(args.workspace, args.format, out, doc_ids=args.doc,
                                  row_filter=row_filter, options=options)
    where = ", ".join(map(str, report.files[:3])) + (" …" if len(report.files) > 3 else "")
    echo(report.describe(where))
    return 0


def _export_to_stdout(args: argparse.Namespace, row_filter, options) -> int:
    """``-o -``: export into a temporary file, then copy it to standard output (the report goes to
    standard error, so that standard output holds the corpus only)."""
    import tempfile

    from corpora.writers import export_workspace

    if not FORMATS[args.format].one_file:
        raise UserError(f"-o -: {args.format} export writes several files, standard output takes one; "
                        "give a file name or folder, or use -f tmx, xliff, tsv or jsonl")
    with tempfile.TemporaryDirectory(prefix="zhen-align-export-") as folder:
        out = Path(folder) / f"corpus{FORMATS[args.format].suffix}"
        report = export_workspace(args.workspace, args.format, out, doc_ids=args.doc,
                                  row_filter=row_filter, options=options)
        copy_to_stdout(out, xml_escaped if args.format in ("tmx", "xliff") else without_controls)
    notify_stderr(report.describe("standard output"))
    return 0


def run_batch(args: argparse.Namespace) -> int:
    """Align the folder; exit 1 when some documents failed, 130 when interrupted."""
    from corpora.batch import DONE_FILE, PairAligner, run_batch
    from corpora.filters import ONE_SIDED, RowFilter
    from corpora.writers import KEEP_ONE_SIDED, left_out_phrase

    for flag, value in (("--jobs", args.jobs), ("--chunk-size", args.chunk_size)):
        if value is not None and value < 1:
            raise UserError(f"{flag} {value}: give at least 1")
    if str(args.out) == "-":
        raise UserError("-o -: batch writes a file per article and a record of those done; give a folder")
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        raise UserError(f"--scheduler {args.scheduler}: a scheduler is for --engine dask; drop "
                        "--engine local")
    fmt = args.format or (None if args.workspace else "tmx")

    options = _options(args)
    # The MT model is looked for once, under the progress bar, before the workers start.
    align = PairAligner(args.fast, args.presegmented, mt_files=not args.no_mt, find_mt=not args.no_mt,
                        model=args.model)
    rows = RowFilter(drop_unaligned=args.drop_unaligned)
    summary = run_batch(args.in_dir, args.out, fmt=fmt, workspace=args.workspace, jobs=args.jobs,
                        align=align, options=options, row_filter=rows, progress=stderr_is_terminal(),
                        warn=notify_stderr, engine=engine, scheduler=args.scheduler,
                        chunk_size=args.chunk_size)
    if summary.interrupted:
        echo(f"interrupted after {summary.documents + len(summary.failures) + len(summary.same_text)} of "
             f"{count(summary.total, 'document')}; run the same command again to go on")
    done = f", {summary.already_done} done before (see {Path(args.out) / DONE_FILE})" \
        if summary.already_done else ""
    echo(f"{count(summary.documents, 'document')} aligned{done}; {count(summary.beads, 'bead')}, "
         f"{count(summary.low_confidence, 'low-confidence row')}; {len(summary.failures)} failed, "
         f"{count(len(summary.unpaired), 'file')} without a partner"
         + (f", {count(len(summary.repeated), 'repeated manifest line')} skipped" if summary.repeated else "")
         + (f", {count(len(summary.same_text), 'repeated article')} skipped" if summary.same_text else "")
         + (f"; {len(summary.without_mt)} aligned without MT" if summary.without_mt else ""))
    if summary.in_workspace:
        ids = ", ".join(str(doc_id) for _, doc_id in summary.in_workspace[:10])
        ids += ", ..." if len(summary.in_workspace) > 10 else ""
        articles = "articles" if len(summary.in_workspace) > 1 else "article"
        echo(f"{count(len(summary.in_workspace), 'document')} already in {args.workspace} ({articles} {ids}) "
             "from an earlier run: not stored again")
    if summary.left_out:   # from the export files (the workspace keeps every row)
        advice = f"; {KEEP_ONE_SIDED}" if summary.left_out[ONE_SIDED] else ""
        echo(left_out_phrase(summary.left_out) + advice)
    for name, reason in summary.failures:
        echo(f"  failed: {name}: {reason}")
    for name, reason in summary.without_mt:
        echo(f"  aligned without MT: {name}: {reason}")
    for name, note in summary.mt_gaps:
        echo(f"  MT gaps: {name}: {note}")
    return 130 if summary.interrupted else 1 if summary.failures else 0
