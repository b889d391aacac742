"""One codec for a Row (corpora/rowcodec.py): the rows table and the operation log."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from corpora import rowcodec
from corpora.document import Row
from corpora.workspace import Workspace

ROW = Row(["一。", "二。"], ['"Two"', "Three."], "edited", 0.25, {"length": 0.5}, True, True, (1,), (0,),
          ("numbers:3",))


def test_the_codec_has_every_row_field_in_the_rows_order() -> None:
    assert [f.name for f in rowcodec.FIELDS] == [f.name for f in dataclasses.fields(Row)]


def test_every_codec_column_is_in_a_new_workspace(tmp_path) -> None:
    Workspace.create(tmp_path / "w.zhalign").close()
    db = sqlite3.connect(tmp_path / "w.zhalign")
    columns = {name for _, name, *_ in db.execute("PRAGMA table_info(rows)")}
    db.close()
    assert set(rowcodec.COLUMNS.split(", ")) <= columns


def test_a_row_comes_back_from_a_record_and_from_the_log() -> None:
    record = rowcodec.encode(ROW)
    assert rowcodec.decode(record) == ROW
    assert rowcodec.logged_row(json.loads(rowcodec.record_json(record))) == ROW


def test_log_entries_of_older_schemas_get_the_values_of_their_time() -> None:
    old = json.loads(rowcodec.record_json(rowcodec.encode(ROW)))[:7]    # schema 2: no MT flags, no ignored
    then = dataclasses.replace(ROW, en_mt=(), zh_mt=(), ignored=())
    assert rowcodec.logged_row(old) == then
    with pytest.raises(ValueError, match="6 values"):
        rowcodec.logged_row(old[:6])


@pytest.mark.parametrize("flags, en_mt, zh_mt", [([1], (0, 1), ()), ([0], (), ()), ([1, 0, []], (0, 1), ()),
                                                  ([0, 1, []], (), (0, 1)), ([1, 1, []], (0, 1), (0, 1))])
def test_a_whole_side_flag_of_schemas_3_to_6_marks_every_sentence_of_its_side(flags, en_mt, zh_mt) -> None:
    """Log entries of schema 3 (en_from_mt) and 4 to 6 (zh_from_mt, ignored) held 0/1 flags of a side."""
    old = json.loads(rowcodec.record_json(rowcodec.encode(ROW)))[:7] + flags
    assert rowcodec.logged_row(old) == dataclasses.replace(ROW, en_mt=en_mt, zh_mt=zh_mt, ignored=())


def test_a_value_it_cannot_store_is_named_with_the_right_article() -> None:
    with pytest.raises(TypeError, match="cannot store an object in a workspace"):
        rowcodec.json_text({"x": object()})
