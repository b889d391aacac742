"""Batch at scale: the Dask engine against the process pool, manifests and fsspec URLs, Parquet parts, and
what survives a killed worker, a killed client, Ctrl-C and an unreachable scheduler. Every cluster here
listens on 127.0.0.1 only, has no dashboard and is closed by the test."""

from __future__ import annotations

import filecmp
import os
import signal
import socket
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from batch_standins import LineAligner, PoisonAligner, make_pairs

from aligner.errors import UserError
from cli import main
from corpora import dask_engine
from corpora.batch import DONE_FILE, PairAligner, list_pairs, run_batch
from corpora.dask_engine import LOOPBACK_ONLY
from corpora.readers.manifest import read_manifest

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def done_names(out: Path) -> list[str]:
    """The names in a done record (a manifest's pair is recorded with its two paths after tabs)."""
    return [line.split("\t")[0] for line in (out / DONE_FILE).read_text(encoding="utf-8").splitlines()]


def _children(pid: int) -> list[int]:
    """The living child processes of ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.1)


# ------------------------------------------------------------------------------------------ inputs


def test_manifest_pairs_paths_inside_its_folder_and_unique_names(tmp_path):
    corpus = tmp_path / "corpus"
    for sub in ("2020", "2021"):
        make_pairs(corpus / sub, 1)
    (corpus / "2021" / "own.mt.txt").write_text("x", encoding="utf-8")
    manifest = corpus / "list.tsv"
    manifest.write_text("# zh\ten\n2020/d00.zh.txt\t2020/d00.en.txt\n\n"
                        "2021/d00.zh.txt\t./2021/d00.en.txt\t2021/own.mt.txt\n"
                        "2020/d00.zh.txt\t2020/d00.en.txt\n", encoding="utf-8")
    messages: list[str] = []
    pairs = read_manifest(manifest, messages.append)
    assert [(p.name, p.zh, p.en, p.mt) for p in pairs] == [
        ("d00", corpus / "2020/d00.zh.txt", corpus / "2020/d00.en.txt", corpus / "2020/d00.mt.txt"),
        ("2021-d00", corpus / "2021/d00.zh.txt", corpus / "2021/d00.en.txt", corpus / "2021/own.mt.txt")]
    assert messages == [f"{manifest}: line 5 repeats line 2; skipped"]
    for line in ("/etc/passwd\tb.txt", "../x.zh.txt\tb.txt", "a/../../x.txt\tb.txt", "s3://b/x.txt\tb.txt",
                 "only-one-path.txt"):
        manifest.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(UserError, match="line 1"):
            read_manifest(manifest, messages.append)


def test_every_manifest_line_gets_its_own_name_when_lines_share_a_chinese_file(tmp_path):
    corpus = make_pairs(tmp_path / "corpus", 1)
    make_pairs(corpus / "zh", 1)
    for ref in ("refA", "refB", "refC"):
        make_pairs(corpus / ref, 1)
    (corpus / "d00.refB.txt").write_text("another reference", encoding="utf-8")
    lines = ["d00.zh.txt\td00.en.txt", "d00.zh.txt\td00.refB.txt", "d00.zh.txt\trefA/d00.en.txt",
             "zh/d00.zh.txt\trefA/d00.en.txt", "zh/d00.zh.txt\trefB/d00.en.txt",
             "zh/d00.zh.txt\trefC/d00.en.txt", "zh/d00.zh.txt\trefA/d00.zh.txt",
             "zh/d00.zh.txt\tzh/d00.en.txt"]
    manifest = corpus / "list.tsv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = [pair.name for pair in read_manifest(manifest, print)]
    assert names == ["d00", "d00-d00.refB", "d00-refA-d00", "zh-d00", "zh-d00-refB-d00", "zh-d00-refC-d00",
                     "zh-d00-refA-d00", "zh-d00-zh-d00"]
    assert len(set(names)) == len(lines)
    manifest.write_text("\n".join([*lines[:3], "d00.zh.txt\trefA/./d00.en.txt"]) + "\n", encoding="utf-8")
    messages: list[str] = []
    assert [pair.name for pair in read_manifest(manifest, messages.append)] == names[:3]   # the same names
    assert messages == [f"{manifest}: line 4 repeats line 3; skipped"]


def test_a_manifest_line_added_above_finished_ones_is_aligned_not_taken_for_done(tmp_path):
    """A manifest pair's name depends on the lines above it: a second reference of one Chinese file added
    on top takes the name ``d00`` that a finished pair had. The record keeps each pair's paths, so the
    next run aligns the new line (and the old one under its new name) instead of skipping it as done."""
    corpus = make_pairs(tmp_path / "corpus", 2)
    (corpus / "d00.refB.txt").write_text("doc 0 line 0\nsecond reference\ndoc 0 line 2", encoding="utf-8")
    manifest = corpus / "list.tsv"
    manifest.write_text("d00.zh.txt\td00.en.txt\nd01.zh.txt\td01.en.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    run = partial(run_batch, manifest, out, fmt="jsonl", jobs=1, align=LineAligner(), progress=False)
    assert run().documents == 2
    assert (out / DONE_FILE).read_text(encoding="utf-8").splitlines() == \
        ["d00\td00.zh.txt\td00.en.txt", "d01\td01.zh.txt\td01.en.txt"]
    manifest.write_text("d00.zh.txt\td00.refB.txt\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    again = run()
    assert (again.already_done, again.documents) == (1, 2)   # d01 only is done: the new line is aligned
    assert "second reference" in (out / "d00.jsonl").read_text(encoding="utf-8")
    assert "second reference" not in (out / "d00-d00.jsonl").read_text(encoding="utf-8")
    assert run().already_done == 3


def test_a_manifest_pair_recorded_by_name_alone_stays_done(tmp_path):
    """A record written before pairs kept their paths names them alone: those pairs are not aligned again."""
    corpus = make_pairs(tmp_path / "corpus", 2)
    (corpus / "list.tsv").write_text("d00.zh.txt\td00.en.txt\nd01.zh.txt\td01.en.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / DONE_FILE).write_text("d00\n", encoding="utf-8")
    summary = run_batch(corpus / "list.tsv", out, fmt="jsonl", jobs=1, align=LineAligner(), progress=False)
    assert (summary.already_done, summary.documents) == (1, 1)


def test_a_second_reference_of_one_chinese_file_keeps_its_own_files_and_keys(tmp_path, capsys):
    import pyarrow.parquet as pq

    corpus = make_pairs(tmp_path / "corpus", 1)
    (corpus / "d00.refB.txt").write_text("doc 0 line 0\nsecond reference\ndoc 0 line 2", encoding="utf-8")
    (corpus / "list.tsv").write_text("d00.zh.txt\td00.en.txt\nd00.zh.txt\td00.refB.txt\n", encoding="utf-8")
    for fmt in ("tmx", "parquet"):
        out = tmp_path / fmt
        summary = run_batch(corpus / "list.tsv", out, fmt=fmt, workspace=tmp_path / f"{fmt}.zhalign", jobs=1,
                            align=LineAligner(), progress=False)
        assert summary.documents == 2
        assert done_names(out) == ["d00", "d00-d00.refB"]
    assert sorted(p.name for p in (tmp_path / "tmx").glob("*.tmx")) == ["d00-d00.refB.tmx", "d00.tmx"]
    assert "second reference" in (tmp_path / "tmx" / "d00-d00.refB.tmx").read_text(encoding="utf-8")
    table = pq.read_table(tmp_path / "parquet").to_pylist()
    keys = [(row["doc"], row["row"]) for row in table]
    assert len(keys) == 6 and len(set(keys)) == 6
    assert {row["en"] for row in table if row["doc"] == "2"} >= {"second reference"}   # its article id


def test_memory_urls_folder_and_manifest_on_both_engines(tmp_path):
    import fsspec
    from distributed import LocalCluster

    memory = fsspec.filesystem("memory")
    local = make_pairs(tmp_path / "in", 4)
    for file in local.iterdir():
        memory.pipe(f"/zhen-test/in/{file.name}", file.read_bytes())
    memory.pipe("/zhen-test/list.tsv", b"in/d01.zh.txt\tin/d01.en.txt\nin/d03.zh.txt\tin/d03.en.txt\n")
    try:
        folder = run_batch("memory://zhen-test/in", tmp_path / "a", fmt="jsonl", jobs=1, align=LineAligner(),
                           progress=False)
        listed = run_batch("memory://zhen-test/list.tsv", tmp_path / "b", fmt="jsonl", jobs=1,
                           align=LineAligner(), progress=False)
        # Workers in threads of this process see the same memory filesystem; --scheduler is the address.
        with LocalCluster(n_workers=1, processes=False, **LOOPBACK_ONLY) as cluster:
            remote = run_batch("memory://zhen-test/in", tmp_path / "c", fmt="jsonl", align=LineAligner(),
                               progress=False, engine="dask", scheduler=cluster.scheduler_address)
    finally:
        memory.rm("/zhen-test", recursive=True)
    assert (folder.documents, listed.documents, remote.documents) == (4, 2, 4)
    assert sorted(done_names(tmp_path / "b")) == ["d01", "d03"]
    for name in ("d00", "d03"):
        assert (tmp_path / "a" / f"{name}.jsonl").read_bytes() == \
            (tmp_path / "c" / f"{name}.jsonl").read_bytes()
    assert "doc 3 line 2" in (tmp_path / "b" / "d03.jsonl").read_text(encoding="utf-8")


def test_missing_input_is_one_line(tmp_path):
    with pytest.raises(UserError, match="no such folder or manifest"):
        list_pairs(str(tmp_path / "nowhere"), print)


# ----------------------------------------------------------------------------------------- engines


@pytest.mark.slow
def test_dask_engine_writes_what_the_local_engine_writes_file_by_file(tmp_path):
    """The real aligner (fast scorer) on both engines, reading a manifest through a file:// URL."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [("经济增长了。\n专家认为前景乐观。", "The economy grew.\nExperts are optimistic."),
             ("今天下雨。\n比赛推迟了。\n球迷很失望。",
              "It rained today.\nThe match was postponed.\nFans were let down."),
             ("他说：“我们会赢。”", "He said: \"We will win.\""),
             ("BROKEN", "x")]
    lines = []
    for k, (zh, en) in enumerate(texts):
        (corpus / f"a{k}.zh.txt").write_text(zh, encoding="utf-8")
        (corpus / f"a{k}.en.txt").write_text(en, encoding="utf-8")
        lines.append(f"a{k}.zh.txt\ta{k}.en.txt")
    (corpus / "list.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = (corpus / "list.tsv").as_uri()
    align = PairAligner(fast=True, presegmented=True, mt_files=False)
    local = run_batch(source, tmp_path / "local", fmt="jsonl", jobs=1, align=align, progress=False)
    dask = run_batch(source, tmp_path / "dask", fmt="jsonl", jobs=1, align=align, progress=False,
                     engine="dask")
    for summary in (local, dask):
        assert (summary.documents, summary.beads, [name for name, _ in summary.failures]) == (3, 6, ["a3"])
    files = sorted(p.name for p in (tmp_path / "local").glob("*.jsonl"))
    assert files == ["a0.jsonl", "a1.jsonl", "a2.jsonl"]
    assert filecmp.cmpfiles(tmp_path / "local", tmp_path / "dask", files, shallow=False) == (files, [], [])
    assert sorted(done_names(tmp_path / "local")) == sorted(done_names(tmp_path / "dask")) == \
        ["a0", "a1", "a2"]


@pytest.mark.slow
def test_dask_models_load_once_per_worker_and_a_killed_worker_loses_nothing(tmp_path):
    folder = make_pairs(tmp_path / "in", 24)
    log = tmp_path / "loads"
    log.mkdir()
    killed: list[int] = []

    def kill_a_worker(summary) -> None:
        if summary.documents == 3 and not killed:
            pid = int(sorted(log.iterdir())[0].name.split("-")[0])
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    summary = run_batch(folder, tmp_path / "out", fmt="parquet", jobs=2, align=LineAligner(0.05, str(log)),
                        progress=False, engine="dask", chunk_size=2, on_document=kill_a_worker)
    assert killed and (summary.documents, summary.failures) == (24, [])
    loads = [p.name.split("-")[0] for p in log.iterdir()]
    assert len(loads) == len(set(loads)) <= 3  # one load per worker process (two, and the restarted one)
    names = done_names(tmp_path / "out")
    assert sorted(names) == [f"d{k:02d}" for k in range(24)]  # each once
    import pandas as pd

    table = pd.read_parquet(tmp_path / "out")
    assert len(table) == 72 and not table.duplicated(["doc", "row"]).any()


@pytest.mark.slow
def test_a_document_that_kills_its_worker_is_reported_and_the_rest_of_its_chunk_aligned(tmp_path):
    import dask

    folder = make_pairs(tmp_path / "in", 6)
    (folder / "d02.zh.txt").write_text("POISON", encoding="utf-8")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # KilledWorker at the first death
        summary = run_batch(folder, tmp_path / "out", fmt="jsonl", jobs=1, align=PoisonAligner(),
                            progress=False, engine="dask", chunk_size=3)
    assert summary.documents == 5 and [name for name, _ in summary.failures] == ["d02"]
    assert "worker died" in summary.failures[0][1]
    assert sorted(done_names(tmp_path / "out")) == ["d00", "d01", "d03", "d04", "d05"]


def test_unreachable_scheduler_is_one_line_naming_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 0.5)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    folder = make_pairs(tmp_path / "in", 1)
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--no-mt", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and address in err and "no Dask scheduler answers" in err


# ------------------------------------------------------------------------------------------ parquet


def test_parquet_parts_load_in_pandas_and_duckdb_and_resume_without_duplicates(tmp_path, monkeypatch):
    import duckdb
    import pandas as pd

    from corpora.writers import parquet

    monkeypatch.setattr(parquet, "ROWS_PER_PART", 5)  # a part every two documents
    folder = make_pairs(tmp_path / "in", 6)
    (folder / "bad.zh.txt").write_text("BROKEN", encoding="utf-8")
    (folder / "bad.en.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(folder, out, fmt="parquet", jobs=1, align=LineAligner(), progress=False)
    assert (summary.documents, len(summary.failures)) == (6, 1)
    assert sorted(p.name for p in out.iterdir()) == [DONE_FILE, "part-00000.parquet", "part-00001.parquet",
                                                      "part-00002.parquet"]
    table = pd.read_parquet(out).sort_values(["doc", "row"])
    assert list(table.columns) == ["doc", "source", "row", "zh", "en", "shape", "confidence", "status",
                                   "en_from_mt"]
    assert len(table) == 18 and set(table["shape"]) == {"1-1"} and not table["en_from_mt"].any()
    assert table.iloc[0].to_dict() == {"doc": "d00", "source": "", "row": 1, "zh": "第0篇0",
                                       "en": "doc 0 line 0", "shape": "1-1", "confidence": 0.9,
                                       "status": "auto", "en_from_mt": False}
    query = f"SELECT doc, count(*) FROM '{out}/*.parquet' GROUP BY doc ORDER BY doc"
    assert duckdb.sql(query).fetchall() == [(f"d{k:02d}", 3) for k in range(6)]
    # Killed after a part was renamed but before the done record caught up: the part still counts.
    (out / DONE_FILE).unlink()
    make_pairs(tmp_path / "in", 8)
    again = run_batch(folder, out, fmt="parquet", jobs=1, align=LineAligner(), progress=False)
    assert (again.already_done, again.documents) == (6, 2)
    assert duckdb.sql(f"SELECT count(*), count(DISTINCT doc) FROM '{out}/*.parquet'").fetchall() == [(24, 8)]


def test_batch_never_writes_through_a_symlink_planted_in_the_output_folder(tmp_path):
    folder = make_pairs(tmp_path / "in", 2)
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / DONE_FILE).symlink_to(outside)
    with pytest.raises(UserError, match="symbolic link"):
        run_batch(folder, out, fmt="jsonl", jobs=1, align=LineAligner(), progress=False)
    (out / DONE_FILE).unlink()
    (out / "part-00000.parquet").symlink_to(outside)
    summary = run_batch(folder, out, fmt="parquet", jobs=1, align=LineAligner(), progress=False)
    assert summary.documents == 2 and (out / "part-00001.parquet").is_file()
    assert outside.read_text(encoding="utf-8") == "keep me\n" and not (out / DONE_FILE).is_symlink()


# ------------------------------------------------------------------------------- killed, interrupted

_SCRIPT = """\
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from corpora.writers import parquet
parquet.ROWS_PER_PART = 6
from corpora.batch import run_batch
from batch_standins import LineAligner

if __name__ == "__main__":
    run_batch({source!r}, {out!r}, fmt="parquet", jobs=2, engine={engine!r}, align=LineAligner(0.2, {log!r}),
              chunk_size=1, progress=False)
"""


def _start_batch(tmp_path: Path, engine: str, count: int) -> tuple[subprocess.Popen, Path]:
    folder = make_pairs(tmp_path / "in", count)
    out, log = tmp_path / "out", tmp_path / "loads"
    log.mkdir()
    script = tmp_path / "run.py"
    script.write_text(_SCRIPT.format(root=str(ROOT), tests=str(TESTS), source=str(folder), out=str(out),
                                     engine=engine, log=str(log)), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script)], cwd=tmp_path), out


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_killed_batch_takes_its_workers_along_and_resumes(tmp_path, engine):
    process, out = _start_batch(tmp_path, engine, 20)
    try:
        _wait_for(lambda: len(list(out.glob("part-*.parquet"))) >= 2, 60, "two parts")
        children = _children(process.pid)
        assert len(children) >= 2
        process.kill()
        process.wait(10)
        _wait_for(lambda: not any(_alive(pid) for pid in children), 15, "the workers to exit")
    finally:
        process.kill()
    summary = run_batch(tmp_path / "in", out, fmt="parquet", jobs=1, align=LineAligner(), progress=False)
    assert summary.already_done >= 4 and summary.already_done + summary.documents == 20
    import duckdb

    assert duckdb.sql(f"SELECT count(*), count(DISTINCT doc || '/' || row) FROM '{out}/*.parquet'"
                      ).fetchall() == [(60, 60)]
    assert sorted(done_names(out)) == [f"d{k:02d}" for k in range(20)]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ctrl_c_prints_the_summary_so_far_and_keeps_the_finished_documents(tmp_path, engine):
    folder = make_pairs(tmp_path / "in", 30)
    out = tmp_path / "out"
    script = tmp_path / "cli.py"
    script.write_text(f"""\
import signal
import sys
sys.path[:0] = [{str(ROOT)!r}, {str(TESTS)!r}]
import corpora.batch
from batch_standins import SlowPairAligner
corpora.batch.PairAligner = SlowPairAligner
from cli import main

if __name__ == "__main__":
    # as started from a terminal: a test run started in the background (nohup CMD &) passes Ctrl-C on
    # ignored, and a program started with Ctrl-C ignored rightly keeps ignoring it
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main(["batch", {str(folder)!r}, "-o", {str(out)!r}, "--format", "jsonl", "--jobs", "2",
                   "--no-mt", "--engine", {engine!r}]))
""", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wait_for(lambda: len(list(out.glob("*.jsonl"))) >= 3, 60, "three documents")
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert "interrupted after" in stdout and "documents aligned" in stdout and "Traceback" not in stderr
    assert sorted(done_names(out)) == sorted(p.stem for p in out.glob("*.jsonl"))


def test_the_progress_bar_is_up_before_the_models_load(tmp_path, monkeypatch):
    """Issue 10: the bar shows ("loading") while the MT model is looked for and the models load."""
    import corpora.batch as batch

    events: list[str] = []
    shown = batch._Bar.__init__

    def bar(self, progress=None) -> None:
        events.append("bar")
        shown(self, progress)

    monkeypatch.setattr(batch._Bar, "__init__", bar)

    class Recording(LineAligner):
        def prepare(self, notify):
            events.append("prepare")
            return self

        def warm_up(self) -> None:
            events.append("warm_up")

    run_batch(make_pairs(tmp_path / "in", 1), tmp_path / "out", fmt="jsonl", jobs=1, align=Recording(),
              progress=True)
    assert events == ["bar", "prepare", "warm_up"]
