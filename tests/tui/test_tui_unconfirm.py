"""Confirming and then unconfirming an untouched machine row leaves it a machine row (user test 5, item 3:
`c` twice made it an "edited" row in every export, without its confidence, so --min-confidence kept it)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from tui_support import SIZE, settle, stored_rows

from corpora.filters import RowFilter
from corpora.writers import export_workspace


def _unit_of_row_2(path: Path, tag: str) -> etree._Element:
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    units = [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == tag]
    return units[1]


def _exported(workspace_path: Path, tmp_path: Path) -> tuple[str, list[str], dict[str, str]]:
    """Row 2 as XLIFF and TMX show it: its target's state, its notes, and its TMX props."""
    xlf, tmx = tmp_path / "out.xlf", tmp_path / "out.tmx"
    export_workspace(workspace_path, "xliff", xlf)
    export_workspace(workspace_path, "tmx", tmx)
    unit = _unit_of_row_2(xlf, "trans-unit")
    state = next(el for el in unit if etree.QName(el).localname == "target").get("state")
    notes = [el.text for el in unit if etree.QName(el).localname == "note"]
    tu = _unit_of_row_2(tmx, "tu")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    return state, notes, props


async def test_confirm_then_unconfirm_gives_a_machine_row_back(open_app, workspace_path, tmp_path):
    before = stored_rows(workspace_path)[1]
    assert before.status == "auto" and before.confidence == 0.93
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        assert app.screen.session.rows[1].status == "confirmed"
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.session.rows[1] == before
        counts = app.screen.session.counts()
        assert (counts.edited, counts.auto) == (0, 16)
        await pilot.press("z")            # undo the unconfirm, redo it
        await settle(pilot)
        assert app.screen.session.rows[1].status == "confirmed"
        await pilot.press("Z")
        await settle(pilot)
        assert app.screen.session.rows[1] == before
    assert stored_rows(workspace_path)[1] == before   # as a reopen reads it
    state, notes, props = _exported(workspace_path, tmp_path)
    assert state == "needs-review-translation"
    assert any(note and note.startswith("alignment confidence 0.93") for note in notes)
    assert props["x-status"] == "auto" and float(props["x-confidence"]) == 0.93
    report = export_workspace(workspace_path, "tsv", tmp_path / "out.tsv",
                              row_filter=RowFilter(min_confidence=0.95))
    kept = (tmp_path / "out.tsv").read_text(encoding="utf-8")
    assert before.zh[0] not in kept and report.rows < 16   # --min-confidence leaves it out again


async def test_unconfirming_an_edited_row_leaves_it_edited(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")       # merge rows 1 and 2: an edited row, with no score
        await settle(pilot)
        await pilot.press("c", "c")
        await settle(pilot)
        row = app.screen.session.rows[0]
        assert row.status == "edited" and row.confidence is None
    assert stored_rows(workspace_path)[0].status == "edited"
