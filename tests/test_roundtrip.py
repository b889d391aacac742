"""Export → import gives back the same beads and text (property tests over random documents)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpora.document import Document, Row, every_sentence
from corpora.edits import JOINERS
from corpora.readers.beads import read_beads
from corpora.readers.intertext import read_intertext
from corpora.readers.lines import read_jsonl, read_moses, read_tsv
from corpora.readers.tmx import read_tmx
from corpora.writers import write_documents

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Sentences as a segmenter produces them: printable, on one line, no white space at either end.
_chars = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85")
sentence = st.text(_chars, min_size=1, max_size=12).map(str.strip).filter(bool) | st.sampled_from(
    ["北京时间。", "“他说：‘好。’”", "A & B <c> \"d\" 'e'.", "港币124.3亿元", "Mr. Li, 3.5%."])
row = st.builds(
    Row,
    st.lists(sentence, max_size=3),
    st.lists(sentence, max_size=3),
    st.sampled_from(["auto", "confirmed", "edited"]),
    st.none() | st.floats(0, 1),
    st.just({}),
    st.booleans(),
    st.booleans(),
).filter(lambda r: not r.is_empty)
# English from MT on some rows: every sentence of the side, as the readers give it back
row = st.tuples(row, st.booleans()).map(
    lambda r: replace(r[0], en_mt=every_sentence(r[0].en) if r[1] else ()))
document = st.builds(
    Document,
    st.lists(row, min_size=1, max_size=8),
    st.text(_chars, max_size=10).map(str.strip),
    id=st.none() | st.integers(1, 10_000),
).filter(lambda d: d.sentences("zh") and d.sentences("en"))
documents = st.lists(document, min_size=1, max_size=3,
                     unique_by=lambda d: d.id if d.id is not None else id(d))  # ids are unique in a workspace


def export(docs: list[Document], fmt: str, name: str) -> tuple[Path, list[Path]]:
    folder = Path(tempfile.mkdtemp(prefix="zhen-roundtrip-"))
    return folder, write_documents(docs, fmt, folder / name)


def shape(doc: Document) -> list[tuple]:
    return [(b.zh, b.en) for b in doc.beads()]


def full(row: Row) -> tuple:
    return (row.zh, row.en, row.status, row.confidence, row.bookmark, row.headline, row.en_from_mt)


@SETTINGS
@given(documents)
def test_tmx_round_trip(docs):
    _, (path,) = export(docs, "tmx", "c.tmx")
    back = read_tmx(path)
    assert len(back) == len(docs)
    for doc, got in zip(docs, back, strict=True):
        assert got.id == doc.id and got.title == (doc.title or got.title)
        assert [full(r) for r in got.rows] == [full(r) for r in doc.rows]


@SETTINGS
@given(documents)
def test_jsonl_round_trip(docs):
    _, (path,) = export(docs, "jsonl", "c.jsonl")
    back = read_jsonl(path)
    assert [d.id for d in back] == [d.id for d in docs]
    assert [[full(r) for r in d.rows] for d in back] == [[full(r) for r in d.rows] for d in docs]


@SETTINGS
@given(documents)
def test_intertext_round_trip(docs):
    _, links = export(docs, "intertext", "it")
    back = [doc for link in links for doc in read_intertext(link)]
    for doc, got in zip(docs, back, strict=True):
        assert shape(got) == shape(doc)
        assert got.sentences("zh") == doc.sentences("zh") and got.sentences("en") == doc.sentences("en")
        assert [(r.status, r.bookmark, r.headline) for r in got.rows] == \
            [(r.status, r.bookmark, r.headline) for r in doc.rows]
        assert got.title == (doc.title or got.title)


@SETTINGS
@given(documents)
def test_beads_round_trip(docs):
    _, aligns = export(docs, "beads", "beads")
    for doc, align in zip(docs, aligns, strict=True):
        got = read_beads(align)
        assert shape(got) == shape(doc)
        assert got.sentences("zh") == doc.sentences("zh") and got.sentences("en") == doc.sentences("en")


@SETTINGS
@given(documents)
def test_moses_round_trip_keeps_the_two_sided_rows(docs):
    _, (zh, en) = export(docs, "moses", "train")
    expected = [(JOINERS["zh"].join(r.zh), JOINERS["en"].join(r.en)) for d in docs for r in d.rows
                if r.zh and r.en]
    if not expected:
        assert zh.read_text(encoding="utf-8") == en.read_text(encoding="utf-8") == ""
        return
    got = read_moses(zh, en)
    assert [(r.zh[0], r.en[0]) for r in got.rows] == expected


@SETTINGS
@given(documents)
def test_tsv_round_trip_keeps_joined_rows_and_status(docs):
    _, (path,) = export(docs, "tsv", "c.tsv")
    back = read_tsv(path)
    expected = [[(JOINERS["zh"].join(r.zh), JOINERS["en"].join(r.en), r.status, r.confidence)
                 for r in d.rows] for d in docs]
    got = [[("".join(r.zh), "".join(r.en), r.status, r.confidence) for r in d.rows] for d in back]
    assert got == expected
