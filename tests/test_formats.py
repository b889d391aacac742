"""One table of formats (corpora/formats.py) serves the CLI, the batch, the writers and the readers."""

from __future__ import annotations

import argparse

import pytest

from aligner.errors import UserError
from cli import build_parser
from corpora.document import Document, Row
from corpora.formats import EXPORT_FORMATS, FORMATS, READABLE, _resolve, export_format
from corpora.readers.inputs import load_inputs
from corpora.writers import export_documents


def _choices(command: str, option: str) -> tuple[str, ...]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    return tuple(action.choices)


def test_the_cli_offers_exactly_the_formats_of_the_table() -> None:
    assert _choices("export", "--format") == EXPORT_FORMATS
    assert _choices("batch", "--format") == tuple(FORMATS)
    assert "parquet" in FORMATS and "parquet" not in EXPORT_FORMATS   # the batch alone writes parts


def test_every_writer_and_reader_named_in_the_table_exists() -> None:
    for form in FORMATS.values():
        for name in (form.writer, form.reader):
            if name is not None:
                assert callable(_resolve(name)), name
        assert bool(form.reader) == bool(form.reads), form.name
        assert form.one_file == bool(form.suffix), form.name


@pytest.mark.parametrize("name", [f.name for f in FORMATS.values() if f.reader and f.writer])
def test_what_a_format_writes_its_reader_reads_back(tmp_path, name) -> None:
    form = FORMATS[name]
    doc = Document([Row(["中国经济增长。"], ["China's economy grows."], "confirmed")], title="t")
    out = tmp_path / ("out" if form.folder else f"corpus{form.suffix}")
    files = export_documents([doc], name, out).files
    readable = [f for f in files if f.suffix in form.reads and READABLE[f.suffix] is form]
    assert readable, files
    back = load_inputs(readable[:1])
    assert [row.zh for row in back[0].rows] == [["中国经济增长。"]]


def test_an_unknown_format_names_the_choices() -> None:
    with pytest.raises(UserError, match="choose one of tmx, xliff"):
        export_format("docx")
