"""Snapshots of the editor at a fixed terminal size (regenerate with ``pytest --snapshot-update``)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

SIZE = (130, 36)


@pytest.fixture(autouse=True)
def _fixed_config_home(monkeypatch):
    """The help screen names the keys.toml location; keep it the same on every machine."""
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


async def _ready(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestEditorSnapshots:
    def test_main_screen(self, snap_compare, open_app):
        assert snap_compare(open_app(), terminal_size=SIZE, run_before=_ready)

    def test_one_to_two_row_with_detail(self, snap_compare, open_app):
        async def run_before(pilot) -> None:
            await _ready(pilot)
            await pilot.press("j", "j", "j", "tab")
            await _ready(pilot)

        assert snap_compare(open_app(), terminal_size=SIZE, run_before=run_before)

    def test_help_screen(self, snap_compare, open_app):
        async def run_before(pilot) -> None:
            await _ready(pilot)
            await pilot.press("question_mark")
            await _ready(pilot)

        assert snap_compare(open_app(), terminal_size=SIZE, run_before=run_before)

    def test_export_dialog(self, snap_compare, open_app):
        async def run_before(pilot) -> None:
            await _ready(pilot)
            await pilot.press("X")
            await _ready(pilot)
            for box in pilot.app.screen.query(Input):
                box.cursor_blink = False
            await _ready(pilot)

        assert snap_compare(open_app(), terminal_size=SIZE, run_before=run_before)
