"""A batch stores its articles in the order of its pairs, whatever order the workers finish them in, and
titles them as ``add`` does."""

from __future__ import annotations

import pytest

from cli import main
from corpora.batch import InOrder, Outcome, run_batch
from corpora.workspace import Workspace
from tests.batch_standins import UnevenAligner, make_pairs


def stored_titles(workspace) -> list[str]:
    with Workspace.open(workspace, readonly=True) as ws:
        return [info.title for info in sorted(ws.documents(), key=lambda info: info.id)]


def test_in_order_releases_each_outcome_once_all_before_it_are_in():
    order = InOrder(window=3)
    outcome = {i: Outcome(f"d{i}", None, "failed") for i in range(4)}
    assert order.allows(2) and not order.allows(3)
    assert order.finish(2, outcome[2]) == [] and order.finish(1, outcome[1]) == []
    assert order.finish(0, outcome[0]) == [outcome[0], outcome[1], outcome[2]]  # a failure blocks nothing
    assert order.allows(5) and not order.allows(6) and order.finish(3, outcome[3]) == [outcome[3]]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_documents_finished_out_of_order_are_stored_in_the_order_of_the_pairs(tmp_path, engine):
    source = make_pairs(tmp_path / "in", 8)
    align = UnevenAligner(delay=1.5, slow=("d00", "d03"))
    summary = run_batch(source, tmp_path / "out", fmt="jsonl", workspace=tmp_path / "ws.zhalign", jobs=2,
                        align=align, progress=False, engine=engine, chunk_size=1)
    names = [f"d{k:02d}" for k in range(8)]
    assert summary.documents == 8 and not summary.failures
    assert stored_titles(tmp_path / "ws.zhalign") == names
    assert (tmp_path / "out" / ".zhen-align-done").read_text().split() == names


def test_the_pool_stays_within_its_window_behind_a_slow_document(tmp_path, monkeypatch):
    """Behind a document slower than all the others put together, the pool aligns no more than the
    window allows; the rest waits for the slow one, and all are stored in order."""
    import corpora.batch as batch

    monkeypatch.setattr(batch, "ORDER_WINDOW_PER_JOB", 2)  # a window of 4 pairs for 2 workers
    source = make_pairs(tmp_path / "in", 10)
    held: list[int] = []
    real_finish = InOrder.finish

    def finish(self, index, outcome):
        released = real_finish(self, index, outcome)
        held.append(len(self.held))
        return released

    monkeypatch.setattr(InOrder, "finish", finish)
    run_batch(source, tmp_path / "out", fmt=None, workspace=tmp_path / "ws.zhalign", jobs=2,
              align=UnevenAligner(delay=2.0, slow=("d00",)), progress=False)
    assert max(held) == 3  # d01..d03 finished while d00 ran, and nothing past the window
    assert stored_titles(tmp_path / "ws.zhalign") == [f"d{k:02d}" for k in range(10)]


def test_batch_titles_the_articles_as_add_does(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "n1.zh.txt").write_text("经济增长加快\n\n经济增长。\n\n专家认为前景乐观。", encoding="utf-8")
    (folder / "n1.en.txt").write_text("Growth quickens\n\nThe economy grew.\n\nExperts are optimistic.",
                                      encoding="utf-8")
    (folder / "n2.zh.txt").write_text("经济增长。\n\n专家认为前景乐观。", encoding="utf-8")
    (folder / "n2.en.txt").write_text("The economy grew.\n\nExperts are optimistic.", encoding="utf-8")
    assert main(["new", str(tmp_path / "add.zhalign")]) == 0
    assert main(["add", str(tmp_path / "add.zhalign"), str(folder), "--fast", "--no-mt"]) == 0
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--workspace",
                 str(tmp_path / "b.zhalign"), "--fast", "--jobs", "1", "--no-mt"]) == 0
    titles = stored_titles(tmp_path / "add.zhalign")
    assert titles[0] == "经济增长加快"  # a headline, not the file name
    assert stored_titles(tmp_path / "b.zhalign") == titles


def test_a_run_stopped_with_documents_held_resumes_storing_each_once_in_order(tmp_path):
    """Stopped as the slow first document is stored, with the ones finished behind it held: those are
    neither stored nor recorded, and the next run stores each of them once, after it."""
    source = make_pairs(tmp_path / "in", 8)
    workspace, out = tmp_path / "ws.zhalign", tmp_path / "out"

    def stop(summary):
        raise KeyboardInterrupt

    first = run_batch(source, out, fmt="jsonl", workspace=workspace, jobs=2, progress=False, on_document=stop,
                      align=UnevenAligner(delay=1.5, slow=("d00",)))
    assert first.interrupted and first.documents == 1
    assert (out / ".zhen-align-done").read_text().split() == ["d00"] and stored_titles(workspace) == ["d00"]
    second = run_batch(source, out, fmt="jsonl", workspace=workspace, jobs=2, progress=False,
                       align=UnevenAligner())
    assert (second.already_done, second.documents) == (1, 7)
    assert stored_titles(workspace) == [f"d{k:02d}" for k in range(8)]
