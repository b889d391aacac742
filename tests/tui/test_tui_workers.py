"""The editor's workers: what they are handed when they start, and the messages they post back."""

from __future__ import annotations

import threading

from tui_support import SIZE, one_to_one, sample_document, settle, stored_rows

from tui.messages import Progress


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
