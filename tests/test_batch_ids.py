"""How batch files identify an article and a row: as `export` of the same workspace does (article id, the
editor's row number) when the batch stores into a workspace, else by the pair's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from cli import main
from corpora.batch import run_batch
from corpora.document import Document, Row
from corpora.readers.pairs import PairPaths
from corpora.workspace import Workspace
from tests.test_batch import make_folder

PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _headline_and_gap(pair: PairPaths) -> Document:
    """Three rows titled by a headline (not the pair's name, as the real aligner titles them), with an
    empty row between the first two (the workspace, and so the editor, drops it); each pair's own text."""
    rows = [Row(["甲"], [f"A of {pair.name}"], "auto", 0.9), Row([], [], "auto", None),
            Row(["乙"], ["B"], "auto", 0.9), Row(["丙"], ["C"], "auto", 0.9)]
    return Document(rows, title="同一个标题", source=str(pair.zh))


def _tuids(path: Path) -> list[str]:
    return [tu.get("tuid") for tu in etree.parse(str(path), PARSER).iter("tu")]


def _jsonl_ids(path: Path) -> list[tuple[object, int]]:
    return [(r["doc"], r["row"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


@pytest.mark.parametrize("fmt", ["tmx", "jsonl"])
def test_with_a_workspace_the_files_name_units_as_export_does(tmp_path: Path, capsys, fmt: str) -> None:
    folder = make_folder(tmp_path, ["a", "b"])
    ws = tmp_path / "ws.zhalign"
    run_batch(folder, tmp_path / "out", fmt=fmt, workspace=ws, jobs=1, align=_headline_and_gap,
              progress=False)
    assert main(["export", str(ws), "-f", fmt, "-o", str(tmp_path / f"all.{fmt}")]) == 0
    read = _tuids if fmt == "tmx" else _jsonl_ids
    exported = read(tmp_path / f"all.{fmt}")
    assert read(tmp_path / "out" / f"a.{fmt}") + read(tmp_path / "out" / f"b.{fmt}") == exported
    assert exported == (["1-1", "1-2", "1-3", "2-1", "2-2", "2-3"] if fmt == "tmx" else
                        [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)])


def test_a_workspace_document_stored_before_a_crash_keeps_its_id_in_the_files(tmp_path: Path) -> None:
    """A run killed after storing an article but before recording it done: the next run writes the file
    with the id the article was stored with (and does not store it again)."""
    folder = make_folder(tmp_path, ["a"])
    ws = tmp_path / "ws.zhalign"
    run_batch(folder, tmp_path / "first", fmt=None, workspace=ws, jobs=1, align=_headline_and_gap,
              progress=False)
    # another OUT: no record of "a" being done, as after the crash, but the workspace holds it
    run_batch(folder, tmp_path / "out", fmt="tmx", workspace=ws, jobs=1, align=_headline_and_gap,
              progress=False)
    assert _tuids(tmp_path / "out" / "a.tmx") == ["1-1", "1-2", "1-3"]
    with Workspace.open(ws, readonly=True) as stored:
        assert [info.id for info in stored.documents()] == [1]


def test_two_references_of_one_chinese_file_are_two_articles_with_their_own_ids(tmp_path: Path) -> None:
    """Manifest lines sharing a Chinese file: the same headline and source, other English; each is an
    article of its own, and each file names its own."""
    folder = make_folder(tmp_path, ["a"], {"a.refB.txt": "other\nreference\nhere"})
    (folder / "list.tsv").write_text("a.zh.txt\ta.en.txt\na.zh.txt\ta.refB.txt\n", encoding="utf-8")
    ws = tmp_path / "ws.zhalign"
    summary = run_batch(folder / "list.tsv", tmp_path / "out", fmt="tmx", workspace=ws, jobs=1,
                        align=_headline_and_gap, progress=False)
    assert summary.documents == 2 and summary.same_text == []
    with Workspace.open(ws, readonly=True) as stored:
        assert [(i.id, i.title) for i in stored.documents()] == [(1, "同一个标题"), (2, "同一个标题")]
    assert _tuids(tmp_path / "out" / "a.tmx") == ["1-1", "1-2", "1-3"]
    assert _tuids(tmp_path / "out" / "a-a.refB.tmx") == ["2-1", "2-2", "2-3"]


def test_without_a_workspace_the_files_name_units_by_the_pair(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, ["a", "0042"])
    run_batch(folder, tmp_path / "tmx", fmt="tmx", jobs=1, align=_headline_and_gap, progress=False)
    assert _tuids(tmp_path / "tmx" / "a.tmx") == ["a-1", "a-2", "a-3"]
    assert _tuids(tmp_path / "tmx" / "0042.tmx") == ["doc-0042-1", "doc-0042-2", "doc-0042-3"]
    run_batch(folder, tmp_path / "xlf", fmt="xliff", jobs=1, align=_headline_and_gap, progress=False)
    root = etree.parse(str(tmp_path / "xlf" / "a.xlf"), PARSER)
    assert [f.get("original") for f in root.iter("{*}file")] == ["a"]
    assert [u.get("id") for u in root.iter("{*}trans-unit")] == ["1", "2", "3"]
    run_batch(folder, tmp_path / "jsonl", fmt="jsonl", jobs=1, align=_headline_and_gap, progress=False)
    assert _jsonl_ids(tmp_path / "jsonl" / "a.jsonl") == [("a", 1), ("a", 2), ("a", 3)]


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "tsv", "jsonl", "moses", "beads", "intertext"])
def test_every_format_names_its_files_after_the_pair_as_it_is(tmp_path: Path, fmt: str) -> None:
    """One rule for every format's files: the pair's name exactly, an all-digit one or one with a space
    too (only the key inside a file becomes ``doc-0042``, which must not look like an article id)."""
    folder = make_folder(tmp_path, ["0042", "a b"])
    run_batch(folder, tmp_path / "out", fmt=fmt, jobs=1, align=_headline_and_gap, progress=False)
    stems = {p.name.split(".")[0] for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")}
    assert stems == {"0042", "a b"}


def test_folder_formats_name_their_files_after_the_pair(tmp_path: Path) -> None:
    """Two articles with the same headline: each pair's bead files, named after the pair, not the title
    (which gave both the same names, the second writing over the first)."""
    folder = make_folder(tmp_path, ["a", "b"])
    run_batch(folder, tmp_path / "out", fmt="beads", jobs=1, align=_headline_and_gap, progress=False)
    assert sorted(p.name for p in (tmp_path / "out").glob("*.align")) == ["a.align", "b.align"]


def _parquet_ids(out: Path) -> list[tuple[str, int]]:
    import pyarrow.parquet as pq

    table = pq.read_table(sorted(out.glob("part-*.parquet")))
    return list(zip(table.column("doc").to_pylist(), table.column("row").to_pylist(), strict=True))


def test_parquet_names_documents_as_the_other_formats_do_and_resumes(tmp_path: Path) -> None:
    """Parquet's ``doc`` is the workspace id with ``--workspace`` (as TMX's and JSONL's, and a later
    ``export``'s), the pair's name without one (``doc-NAME`` for an all-digit name, as in TMX); a run
    killed before its done record caught up still finds the pairs its parts hold."""
    pytest.importorskip("pyarrow")
    from corpora.batch import DONE_FILE

    folder = make_folder(tmp_path, ["a", "0042"])
    ws = tmp_path / "ws.zhalign"
    out = tmp_path / "pq-ws"
    run_batch(folder, out, fmt="parquet", workspace=ws, jobs=1, align=_headline_and_gap, progress=False)
    assert main(["export", str(ws), "-f", "jsonl", "-o", str(tmp_path / "all.jsonl")]) == 0
    exported = [(str(doc), row) for doc, row in _jsonl_ids(tmp_path / "all.jsonl")]
    assert _parquet_ids(out) == exported == [("1", 1), ("1", 2), ("1", 3), ("2", 1), ("2", 2), ("2", 3)]
    (out / DONE_FILE).unlink()   # killed after the part was written, before the record was
    again = run_batch(folder, out, fmt="parquet", workspace=ws, jobs=1, align=_headline_and_gap,
                      progress=False)
    assert (again.already_done, again.documents) == (2, 0) and _parquet_ids(out) == exported

    plain = tmp_path / "pq"
    run_batch(folder, plain, fmt="parquet", jobs=1, align=_headline_and_gap, progress=False)
    run_batch(folder, tmp_path / "tmx", fmt="tmx", jobs=1, align=_headline_and_gap, progress=False)
    docs = {doc for doc, _ in _parquet_ids(plain)}
    assert docs == {"doc-0042", "a"} == {tuid.rsplit("-", 1)[0] for name in ("0042", "a")
                                         for tuid in _tuids(tmp_path / "tmx" / f"{name}.tmx")}
    (plain / DONE_FILE).unlink()
    again = run_batch(folder, plain, fmt="parquet", jobs=1, align=_headline_and_gap, progress=False)
    assert (again.already_done, again.documents) == (2, 0)


def test_parquet_parts_of_an_earlier_version_still_count_as_done(tmp_path: Path) -> None:
    """A part written before parts listed their pairs in their metadata: its ``doc`` column, which then
    held the pairs' names, says which are done."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from corpora.writers.parquet import ParquetParts

    old = pa.table({"doc": ["0042", "0042", "a"], "row": [1, 2, 1]})
    pq.write_table(old, tmp_path / "part-00000.parquet")
    assert ParquetParts(tmp_path).written_documents() == {"0042", "a"}
