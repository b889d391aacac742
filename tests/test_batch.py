"""Batch runs: every pair aligned, failures skipped, resumable, the pool path, and the CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.errors import UserError
from cli import main
from corpora.batch import DONE_FILE, BatchSummary, run_batch
from corpora.document import Document, Row
from corpora.readers.pairs import PairPaths, find_pairs
from corpora.readers.tmx import read_tmx
from corpora.textio import read_text
from corpora.workspace import Workspace


class LineAligner:
    """Stand-in aligner: pairs line i with line i; ``BROKEN`` in the Chinese file is a UserError,
    ``CRASH`` an unexpected exception."""

    def __call__(self, pair: PairPaths) -> Document:
        zh, en = read_text(pair.zh).split("\n"), read_text(pair.en).split("\n")
        if "BROKEN" in zh:
            raise UserError(f"{pair.zh}: broken on purpose")
        if "CRASH" in zh:
            raise ValueError("crashed\non purpose")
        rows = [Row([z], [e], "auto", 0.9 if z != "低" else 0.1) for z, e in zip(zh, en, strict=False)]
        return Document(rows, title=pair.name)


def make_folder(root: Path, names: list[str], extra: dict[str, str] | None = None) -> Path:
    folder = root / "in"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.zh.txt").write_text("一\n二\n低", encoding="utf-8")
        (folder / f"{name}.en.txt").write_text(f"one\ntwo ({name})\nlow", encoding="utf-8")   # texts differ
    for file, text in (extra or {}).items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_batch_aligns_stores_exports_and_reports(tmp_path):
    folder = make_folder(tmp_path, ["a", "b", "c"], {"bad.zh.txt": "BROKEN", "bad.en.txt": "x",
                                                      "odd.zh.txt": "CRASH", "odd.en.txt": "x",
                                                      "lonely.en.txt": "x"})
    messages: list[str] = []
    summary = run_batch(folder, tmp_path / "out", fmt="jsonl", workspace=tmp_path / "ws.db", jobs=1,
                        align=LineAligner(), progress=False, warn=messages.append)
    assert (summary.documents, summary.beads, summary.low_confidence) == (3, 9, 3)
    assert sorted(name for name, _ in summary.failures) == ["bad", "odd"]
    assert dict(summary.failures)["odd"] == "ValueError: crashed on purpose"
    assert len(summary.unpaired) == 1 and "lonely.en.txt" in summary.unpaired[0]
    assert len(messages) == 3
    records = [json.loads(x) for x in (tmp_path / "out" / "b.jsonl").read_text(encoding="utf-8").split("\n")
               if x]
    assert records[0]["translation"] == {"zh": "一", "en": "one"} and len(records) == 3
    assert (tmp_path / "out" / DONE_FILE).read_text().split() == ["a", "b", "c"]
    with Workspace.open(tmp_path / "ws.db", readonly=True) as ws:
        assert sorted(info.title for info in ws.documents()) == ["a", "b", "c"]


def test_batch_resumes_and_retries_failures(tmp_path):
    folder = make_folder(tmp_path, ["a", "b"], {"bad.zh.txt": "BROKEN", "bad.en.txt": "x"})
    out = tmp_path / "out"

    def interrupt_after_first(summary: BatchSummary) -> None:
        if summary.documents == 1:
            raise KeyboardInterrupt

    first = run_batch(folder, out, fmt="tmx", jobs=1, align=LineAligner(), progress=False,
                      on_document=interrupt_after_first)
    assert first.interrupted and (first.documents, first.total) == (1, 3)
    assert (out / DONE_FILE).read_text().split() == ["a"]
    second = run_batch(folder, out, fmt="tmx", jobs=1, align=LineAligner(), progress=False)
    assert (second.already_done, second.documents, len(second.failures)) == (1, 1, 1)
    (folder / "bad.zh.txt").write_text("好", encoding="utf-8")
    third = run_batch(folder, out, fmt="tmx", jobs=1, align=LineAligner(), progress=False)
    assert (third.already_done, third.documents, third.failures) == (2, 1, [])
    assert sorted(p.name for p in out.glob("*.tmx")) == ["a.tmx", "b.tmx", "bad.tmx"]


def test_batch_in_a_process_pool(tmp_path):
    folder = make_folder(tmp_path, [f"d{i}" for i in range(6)], {"bad.zh.txt": "BROKEN", "bad.en.txt": "x"})
    summary = run_batch(folder, tmp_path / "out", fmt="moses", jobs=2, align=LineAligner(), progress=False)
    assert (summary.documents, len(summary.failures)) == (6, 1)
    assert (tmp_path / "out" / "d3.zh").read_text(encoding="utf-8") == "一\n二\n低\n"
    assert len((tmp_path / "out" / DONE_FILE).read_text().split()) == 6


def test_batch_needs_somewhere_to_write(tmp_path):
    folder = make_folder(tmp_path, ["a"])
    with pytest.raises(UserError, match="nothing to write"):
        run_batch(folder, tmp_path / "out", fmt=None, align=LineAligner(), progress=False)


def test_export_command(tmp_path, capsys):
    ws_path = tmp_path / "ws.db"
    with Workspace.create(ws_path) as ws:
        rows = [Row(["一。"], ["One."], "confirmed"), Row(["二。"], [], "auto", 0.2)]
        first = ws.add_document(Document(rows, title="first"))
        ws.add_document(Document([Row(["三。"], ["Three."], "auto", 0.9)], title="second"))
    assert main(["export", str(ws_path), "-f", "tsv", "-o", str(tmp_path / "all.tsv")]) == 0
    assert len((tmp_path / "all.tsv").read_text(encoding="utf-8").splitlines()) == 4
    assert main(["export", str(ws_path), "-f", "jsonl", "-o", str(tmp_path / "c.jsonl"), "--doc", str(first),
                 "--confirmed-only"]) == 0
    assert len((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert main(["export", str(ws_path), "-f", "moses", "-o", f"{tmp_path / 'moses'}/"]) == 0
    assert (tmp_path / "moses" / "corpus.en").read_text() == "One.\nThree.\n"
    assert main(["export", str(ws_path), "-f", "tmx", "-o", str(tmp_path / "x.tmx"), "--doc", "77"]) == 2
    assert "has no article 77" in capsys.readouterr().err
    assert main(["export", str(ws_path), "-f", "beads", "-o", str(tmp_path / "all.tsv")]) == 2


def test_batch_command_with_the_real_aligner(tmp_path, capsys):
    folder = make_folder(tmp_path, [], {"x.zh.txt": "经济增长。\n\n专家认为前景乐观。",
                                        "x.en.txt": "The economy grew.\n\nExperts are optimistic."})
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--fast", "--jobs", "1", "--no-mt"]) == 0
    assert "1 document aligned" in capsys.readouterr().out
    (doc,) = read_tmx(tmp_path / "out" / "x.tmx")
    assert doc.title == "经济增长。" and [r.kind for r in doc.rows] == ["1-1", "1-1"]
    assert all(r.status == "auto" and r.confidence is not None for r in doc.rows)
    (folder / "y.zh.txt").write_text("English only here.", encoding="utf-8")
    (folder / "y.en.txt").write_text("The economy grew.")
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--fast", "--jobs", "1", "--no-mt"]) == 1
    out = capsys.readouterr().out
    assert "1 done before" in out and "failed: y:" in out


def test_a_repeated_manifest_line_is_counted_as_one_not_as_an_unpaired_file(tmp_path, capsys):
    folder = make_folder(tmp_path, [], {"x.zh.txt": "经济增长。\n\n专家认为前景乐观。",
                                        "x.en.txt": "The economy grew.\n\nExperts are optimistic."})
    (folder / "list.tsv").write_text("x.zh.txt\tx.en.txt\nx.zh.txt\tx.en.txt\n", encoding="utf-8")
    assert main(["batch", str(folder / "list.tsv"), "-o", str(tmp_path / "out"), "--fast", "--jobs", "1",
                 "--no-mt"]) == 0
    captured = capsys.readouterr()
    assert "line 2 repeats line 1; skipped" in captured.err
    assert "0 files without a partner, 1 repeated manifest line skipped" in captured.out


def test_resume_after_a_kill_between_storing_and_recording_stores_no_duplicate(tmp_path):
    folder = make_folder(tmp_path, ["a", "b"])
    workspace = tmp_path / "ws.db"
    with Workspace.create(workspace) as ws:  # "a" was stored, then the run died before recording it
        ws.add_document(LineAligner()(PairPaths("a", folder / "a.zh.txt", folder / "a.en.txt")))
    summary = run_batch(folder, tmp_path / "out", fmt=None, workspace=workspace, jobs=1, align=LineAligner(),
                        progress=False)
    assert summary.documents == 2
    with Workspace.open(workspace, readonly=True) as ws:
        assert sorted(info.title for info in ws.documents()) == ["a", "b"]


def test_a_document_is_recorded_done_only_after_its_output_is_synced_and_stored(tmp_path, monkeypatch):
    """The output folder's fsync and the workspace's commits are batched (one per save of the done
    record), and the record never names a document whose file's rename is not synced or which the
    workspace does not hold."""
    import corpora.batch as batch
    from corpora.fileio import SyncBatch

    synced: set[str] = set()  # output files whose folder's fsync has run
    stored: list[list[str]] = []
    real_sync, real_add = SyncBatch.sync, Workspace.add_documents

    def sync(self):
        synced.update(path.stem for folder in self.folders for path in folder.glob("*.jsonl"))
        real_sync(self)

    def add_documents(self, docs):
        stored.append([doc.title for doc in docs])
        return real_add(self, docs)

    def write_record(path, data):
        names = data.decode().split()
        assert set(names) <= synced and set(names) <= {title for group in stored for title in group}
        records.append(names)
        real_write(path, data)

    records: list[list[str]] = []
    real_write = batch.write_bytes
    monkeypatch.setattr(SyncBatch, "sync", sync)
    monkeypatch.setattr(Workspace, "add_documents", add_documents)
    monkeypatch.setattr(batch, "write_bytes", write_record)
    monkeypatch.setattr(batch, "DONE_SAVE_SECONDS", 3600.0)
    names = [f"d{k}" for k in range(6)]
    folder = make_folder(tmp_path, names)
    summary = run_batch(folder, tmp_path / "out", fmt="jsonl", workspace=tmp_path / "ws.db", jobs=1,
                        align=LineAligner(), progress=False)
    assert summary.documents == 6
    assert stored == [names] and records == [names]  # one commit, one record, at the end
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.jsonl")) == names


@pytest.mark.parametrize("layout", ["marked", "folders"])
def test_mt_files_are_never_taken_for_articles(tmp_path, layout):
    if layout == "marked":
        folder = make_folder(tmp_path, ["a", "b"], {"a.mt.txt": "one\ntwo\nlow", "b.MT.txt": "x"})
        zh_dir = folder
    else:
        folder, zh_dir = tmp_path / "in", tmp_path / "in" / "zh"
        for side, text in (("zh", "一"), ("en", "one")):
            (folder / side).mkdir(parents=True)
            for name in ("a", "b"):
                (folder / side / f"{name}.txt").write_text(text, encoding="utf-8")
        (zh_dir / "a.mt.txt").write_text("one", encoding="utf-8")
    messages: list[str] = []
    pairs = find_pairs(folder, messages.append)
    assert [(p.name, p.zh.name, p.en.name) for p in pairs] == [
        ("a", "a.zh.txt" if layout == "marked" else "a.txt", "a.en.txt" if layout == "marked" else "a.txt"),
        ("b", "b.zh.txt" if layout == "marked" else "b.txt", "b.en.txt" if layout == "marked" else "b.txt")]
    assert messages == []
    assert pairs[0].mt == zh_dir / "a.mt.txt" and pairs[0].mt.is_file()


def _with_lone_rows(pair: PairPaths) -> Document:
    """One pair and a lone sentence on each side."""
    rows = [Row(["甲"], ["A"], "auto", 0.9), Row(["乙"], [], "auto", 0.9), Row([], ["C"], "auto", 0.9)]
    return Document(rows, title=pair.name)


@pytest.mark.parametrize(("fmt", "units"), [("tmx", 1), ("jsonl", 3)])
def test_batch_writes_one_sided_rows_by_the_formats_default_as_export_does(tmp_path, fmt, units):
    """TMX leaves one-sided rows out (a unit with one <tuv> is no translation unit for a CAT tool), JSONL
    keeps them, as ``export`` does; the workspace keeps every row."""
    folder = make_folder(tmp_path, ["a"])
    out = tmp_path / "out"
    summary = run_batch(folder, out, fmt=fmt, workspace=tmp_path / "ws.db", jobs=1, align=_with_lone_rows,
                        progress=False)
    assert summary.left_out == ({"one-sided": 2} if fmt == "tmx" else {})
    (written,) = out.glob(f"*.{fmt}")
    if fmt == "tmx":
        assert len(read_tmx(written)[0].rows) == units
    else:
        assert len(written.read_text(encoding="utf-8").splitlines()) == units
    with Workspace.open(tmp_path / "ws.db", readonly=True) as ws:
        assert len(ws.load(ws.documents()[0].id).rows) == 3


ONE_SIDED_ZH = ("中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
                "北京的天气很冷，昨天下了一场大雪，很多学校停课，交通也受到了严重影响。\n")
ONE_SIDED_EN = "China released a new report today.\nThe report said the economy grew by 5 percent.\n"


@pytest.mark.parametrize(("extra", "said", "units"), [
    ([], "left out 1 row: 1 one-sided; --keep-unaligned keeps one-sided rows\n", 2),
    (["--keep-unaligned"], "", 3),
    (["--format", "moses"], "left out 1 row: 1 one-sided (Moses files cannot hold an empty line)\n", 0)])
def test_batch_summary_says_which_rows_its_files_left_out(tmp_path, capsys, extra, said, units):
    """The summary counts the rows the export files leave out as `export` does, naming --keep-unaligned
    when it would keep them (a pair whose last Chinese sentence has no English: a 1-0 row)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.zh.txt").write_text(ONE_SIDED_ZH, encoding="utf-8")
    (folder / "a.en.txt").write_text(ONE_SIDED_EN, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--fast", "--no-mt", "--jobs", "1", *extra]) == 0
    lines = capsys.readouterr().out.splitlines(keepends=True)
    assert lines[0].startswith("1 document aligned; 3 beads")
    assert "".join(lines[1:]) == said
    if units:
        assert len(read_tmx(out / "a.tmx")[0].rows) == units
