from aligner.beads import Bead, format_bead, parse_bead, parse_beads
from corpora.document import Document


def test_bead_round_trip_through_gold_format():
    lines = ["[0,1]:[0]", "[2]:[]", "[]:[1, 2]", "[3]:[3]:0.25"]
    beads = parse_beads(lines)
    assert [b.kind for b in beads] == ["2-1", "1-0", "0-2", "1-1"]
    assert [format_bead(b) for b in beads] == ["[0,1]:[0]", "[2]:[]", "[]:[1,2]", "[3]:[3]"]


def test_parse_rejects_garbage():
    import pytest

    with pytest.raises(ValueError):
        parse_bead("zero:one")


def test_document_from_beads_and_back():
    zh, en = ["标题", "甲。", "乙。"], ["Title", "A.", "B1.", "B2."]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1, 2, 3))]
    doc = Document.from_beads(zh, en, beads, headline=True, title="t")
    assert doc.rows[0].headline and not doc.rows[1].headline
    assert doc.rows[2].en == ["A.", "B1.", "B2."]
    assert doc.sentences("en") == en
    assert [(b.zh, b.en) for b in doc.beads()] == [(b.zh, b.en) for b in beads]


def test_low_confidence_is_an_unlooked_at_machine_row_under_the_threshold():
    from corpora.document import LOW_CONFIDENCE, Row

    assert Row(["甲。"], ["A."], "auto", LOW_CONFIDENCE - 0.01).is_low_confidence
    assert not Row(["甲。"], ["A."], "auto", LOW_CONFIDENCE).is_low_confidence
    assert not Row(["甲。"], ["A."], "edited", 0.1).is_low_confidence
    assert not Row(["甲。"], ["A."], "confirmed", 0.1).is_low_confidence
