"""--min-confidence leaves out the aligner's low-scored guesses only, never rows that carry no score."""

from __future__ import annotations

import json

from cli import main
from corpora.document import Document, Row
from corpora.filters import BELOW_MINIMUM, RowFilter
from corpora.workspace import Workspace

CAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" adminlang="en" segtype="sentence" o-tmf="x" creationtool="x"
 creationtoolversion="1" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>客户认可的措辞。</seg></tuv>
 <tuv xml:lang="en-US"><seg>Client-approved wording.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>第二句。</seg></tuv>
 <tuv xml:lang="en-US"><seg>Second sentence.</seg></tuv></tu>
</body></tmx>
"""


def test_a_row_without_a_score_is_kept_and_a_low_score_is_not():
    flt = RowFilter(min_confidence=0.5)
    assert flt.why_left_out(Row(["一。"], ["One."], "auto", None)) is None
    assert flt.why_left_out(Row(["一。"], ["One."], "auto", 0.0)) == BELOW_MINIMUM
    assert flt.why_left_out(Row(["一。"], ["One."], "auto", 0.49)) == BELOW_MINIMUM
    assert flt.why_left_out(Row(["一。"], ["One."], "auto", 0.5)) is None


def test_a_cat_tools_tmx_survives_min_confidence_beside_aligned_rows(tmp_path, capsys):
    ws_path, tmx = tmp_path / "tm.zhalign", tmp_path / "cat.tmx"
    tmx.write_text(CAT_TMX, encoding="utf-8")
    assert main(["new", str(ws_path)]) == 0
    assert main(["add", str(ws_path), str(tmx)]) == 0
    with Workspace.open(ws_path) as ws:
        rows = [Row(["高。"], ["High."], "auto", 0.9), Row(["低。"], ["Low."], "auto", 0.1)]
        ws.add_document(Document(rows, title="aligned"))
    capsys.readouterr()
    out = tmp_path / "c.jsonl"
    assert main(["export", str(ws_path), "-f", "jsonl", "-o", str(out), "--min-confidence", "0.5"]) == 0
    kept = [json.loads(line)["translation"]["en"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kept == ["Client-approved wording.", "Second sentence.", "High."]
    assert "left out 1 row: 1 below the minimum confidence" in capsys.readouterr().out
