"""The editor's workers: what they are handed when they start, and the messages they post back."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from tui_support import SIZE, one_to_one, sample_document, settle, stored_rows

import aligner.api
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.messages import Progress
from tui.screens.editor import EditorScreen


async def test_a_waiting_progress_is_superseded_by_a_newer_one(open_app):
    handled: list[str | None] = []
    app = open_app()
    async with app.run_test(size=SIZE, message_hook=lambda m: isinstance(m, Progress) and
                            handled.append(m.label)) as pilot:
        await settle(pilot)
        handled.clear()   # the MT worker's
        screen = app.screen
        for label in ("MT for 2 sentences…", "exporting tsv…", None):   # all queued before any is handled
            screen.post_message(Progress(label))
        await pilot.pause()
        assert handled == [None]
        assert screen.status.working is None and not screen.query_one("#progress").display


async def test_realign_aligns_the_rows_as_they_were_when_r_was_pressed(open_app, workspace_path):
    calls: list[list[str]] = []
    release = threading.Event()
    app = open_app(align_fn=one_to_one(calls))
    given = app.align_function

    def slow_align_function():   # e.g. an MT engine loading: the worker reads the rows after this
        assert release.wait(10)
        return given()

    app.align_function = slow_align_function
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "R", "y")   # re-align rows 4-16, then go on working
        await pilot.pause()
        assert app.screen.status.working == "re-aligning from row 4…"
        await pilot.press("c")                       # confirm row 4 while the re-alignment runs
        await pilot.pause()
        release.set()
        await settle(pilot)
        notes = [n.message for n in app._notifications]
    before = sample_document().rows
    assert calls == [[s for row in before[3:] for s in row.zh]]   # row 4 still unconfirmed in its rows
    assert "the rows changed while re-aligning; run it again" in notes
    rows = stored_rows(workspace_path)
    assert rows[3].status == "confirmed" and [r.zh for r in rows] == [r.zh for r in before]


@pytest.fixture
def warmed(monkeypatch) -> list[str]:
    """The thread of each warm-up of the aligner."""
    calls: list[str] = []

    def warm_up(config=None) -> None:
        calls.append(threading.current_thread().name)

    monkeypatch.setattr(aligner.api, "warm_up", warm_up)
    return calls


async def test_the_aligner_is_warmed_up_once_after_the_rows_are_shown(open_app, warmed, monkeypatch):
    monkeypatch.setattr(EditorScreen, "WARM_UP_IDLE", 0.01)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
    assert len(warmed) == 1 and warmed[0] != threading.main_thread().name


async def test_keys_put_the_warm_up_off(open_app, warmed, monkeypatch):
    monkeypatch.setattr(EditorScreen, "WARM_UP_IDLE", 0.8)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(8):   # 1.2 s of keys, none 0.8 s after the one before
            await pilot.press("j")
            await pilot.pause(0.15)
        assert warmed == []
        await pilot.pause(1.0)
        await settle(pilot)
        assert len(warmed) == 1


async def test_r_calls_the_warm_up_off(open_app, warmed, monkeypatch):
    monkeypatch.setattr(EditorScreen, "WARM_UP_IDLE", 0.8)
    app = open_app(align_fn=one_to_one([]))
    app.engines = lambda: replace(EditorApp.engines(app), warm_up=app.warm_up_aligner)   # as without it
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "n")   # the re-alignment loads the aligner itself
        await pilot.pause(1.2)
        await settle(pilot)
    assert warmed == []


async def test_no_warm_up_when_read_only_or_with_an_align_function_given(open_app, workspace_path, warmed,
                                                                         monkeypatch):
    monkeypatch.setattr(EditorScreen, "WARM_UP_IDLE", 0.01)
    app = open_app(align_fn=one_to_one([]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await settle(pilot)
    with Workspace.open(workspace_path, readonly=True) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.1)
            await settle(pilot)
    assert warmed == []
