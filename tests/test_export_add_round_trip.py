"""`export` then `add` of our own file gives back the article: rows, statuses, headline flag and title."""

from __future__ import annotations

import pytest

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace


def _stored(path) -> list[tuple[str, list[tuple]]]:
    with Workspace.open(path, readonly=True) as ws:
        docs = [ws.load(info.id) for info in ws.documents()]
    return [(d.title, [(r.zh, r.en, r.status, r.headline, r.bookmark) for r in d.rows]) for d in docs]


@pytest.mark.parametrize("fmt, out, added", [("intertext", "it", "it/doc1.zh.en.xml"),
                                             ("tmx", "c.tmx", "c.tmx")])
def test_export_then_add_keeps_rows_statuses_headline_and_title(tmp_path, capsys, fmt, out, added):
    source = tmp_path / "w.zhalign"
    with Workspace.create(source) as ws:
        ws.add_document(Document([
            Row(["标题。"], ["The headline"], "confirmed", headline=True),
            Row(["第一句。", "第二句。"], ["Both sentences."], "edited", bookmark=True),
            Row(["第三句。"], ["Third."], "auto", 0.8),
        ], title="T1", source="t1.zh.txt"))
    assert main(["export", str(source), "-f", fmt, "-o", str(tmp_path / out)]) == 0
    back = tmp_path / "back.zhalign"
    assert main(["new", str(back)]) == 0
    assert main(["add", str(back), str(tmp_path / added), "--no-mt"]) == 0
    capsys.readouterr()
    assert _stored(back) == _stored(source)
    assert _stored(back)[0][0] == "T1" and _stored(back)[0][1][0][3] is True
