"""The progress bar of long checks: ``check`` and the check notes of ``export`` count rows checked on a
terminal's standard error, and show nothing for a small job, a pipe or an export that checks nothing."""

from __future__ import annotations

import pytest

import cli.progress
from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from qa.run import check_document

ROWS = [Row([f"第{n}句有{n}个人。"], [f"Sentence {n} has {n} people."], "auto", 0.9) for n in range(1, 6)]


@pytest.fixture
def workspace(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(Document([r.copy() for r in ROWS], title="t"))
    return path


@pytest.fixture
def terminal(monkeypatch):
    """Standard error taken for a terminal, and a job of 3 rows counted as a big one."""
    monkeypatch.setattr(cli.progress, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(cli.progress, "MIN_ROWS", 3)


def test_check_document_reports_every_row():
    calls = []
    findings = check_document(ROWS, embeddings=False, progress=lambda: calls.append(1))
    assert len(calls) == len(ROWS)
    assert findings == check_document(ROWS, embeddings=False)


def test_check_shows_rows_checked_on_a_terminal(workspace, capsys, terminal):
    assert main(["check", str(workspace), "--fast"]) == 0
    captured = capsys.readouterr()
    assert "checking" in captured.err and "5/5" in captured.err
    assert "checking" not in captured.out


def test_no_bar_on_a_pipe_or_for_a_small_job(workspace, capsys, monkeypatch):
    assert main(["check", str(workspace), "--fast"]) == 0
    assert "5/5" not in capsys.readouterr().err
    monkeypatch.setattr(cli.progress, "stderr_is_terminal", lambda: True)   # MIN_ROWS is far above 5
    assert main(["check", str(workspace), "--fast"]) == 0
    assert "5/5" not in capsys.readouterr().err


@pytest.mark.parametrize(("extra", "shown"), [(["-f", "tmx"], True), (["-f", "xliff"], True),
                                              (["-f", "tmx", "--no-check-notes"], False),
                                              (["-f", "tsv"], False)])
def test_export_shows_the_rows_it_checks_for_notes(workspace, tmp_path, capsys, terminal, extra, shown):
    assert main(["export", str(workspace), *extra, "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert ("checking rows for notes" in err and "5/5" in err) == shown
