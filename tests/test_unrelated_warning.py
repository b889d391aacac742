"""``align`` warns in one line when the two files tell different stories, and aligns them all the same."""

from __future__ import annotations

from cli import main

ZH_REPORT = ("国家统计局今天发布了第三季度经济数据。\n数据显示，国内生产总值同比增长百分之五。\n"
             "工业生产和消费支出均有所回升。\n专家认为，明年经济将继续稳定增长。\n"
             "政府表示将进一步支持中小企业发展。\n")
EN_REPORT = ("The National Bureau of Statistics released economic data for the third quarter today.\n"
             "The data showed that gross domestic product grew by 5 percent year on year.\n"
             "Both industrial production and consumer spending recovered.\n"
             "Experts believe the economy will keep growing steadily next year.\n"
             "The government said it would further support the development of small businesses.\n")
EN_FOOTBALL = ("The home side scored twice in the final ten minutes to win the cup final.\n"
               "Their goalkeeper saved a penalty just before half-time.\n"
               "Thousands of fans celebrated in the city centre until midnight.\n"
               "The coach thanked the players and said the team had never given up.\n"
               "The club will parade the trophy through the streets on Sunday.\n")


def _align(tmp_path, zh: str, en: str, capsys) -> tuple[str, list[str]]:
    (tmp_path / "a.zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(en, encoding="utf-8")
    assert main(["align", str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt"), "--no-mt"]) == 0
    captured = capsys.readouterr()
    return captured.out, [line for line in captured.err.splitlines() if "look unrelated" in line]


def test_unrelated_articles_get_one_warning_and_the_same_beads(tmp_path, capsys):
    from aligner.api import align
    from aligner.beads import format_bead
    from corpora.readers.inputs import load_files

    out, warnings = _align(tmp_path, ZH_REPORT, EN_FOOTBALL, capsys)
    assert len(warnings) == 1 and "a.zh.txt" in warnings[0] and "median confidence" in warnings[0]
    pair = load_files(tmp_path / "a.zh.txt", tmp_path / "a.en.txt")
    beads = align(pair.zh.sentences, pair.en.sentences, anchors=pair.anchors)
    assert out == "".join(format_bead(b) + "\n" for b in beads)   # the warning changes no bead


def test_a_translation_gets_no_warning(tmp_path, capsys):
    out, warnings = _align(tmp_path, ZH_REPORT, EN_REPORT, capsys)
    assert warnings == [] and out.count("\n") == 5


def test_without_embeddings_the_warning_takes_the_fast_scorers_lower_threshold():
    """``--fast`` confidences separate less (a loose literary translation's median can be .6), so a
    median between the two thresholds warns with the embeddings only."""
    from corpora.pipeline import UNRELATED_MEDIAN, UNRELATED_MEDIAN_FAST, pair_from_texts, unrelated_note

    pair = pair_from_texts(ZH_REPORT, EN_REPORT)
    between = (UNRELATED_MEDIAN + UNRELATED_MEDIAN_FAST) / 2
    assert unrelated_note(pair, [between] * 5) is not None
    assert unrelated_note(pair, [between] * 5, embeddings=False) is None
    assert unrelated_note(pair, [UNRELATED_MEDIAN_FAST / 2] * 5, embeddings=False) is not None


def test_add_warns_about_unrelated_articles_too(tmp_path, capsys):
    (tmp_path / "a.zh.txt").write_text(ZH_REPORT, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN_FOOTBALL, encoding="utf-8")
    ws = tmp_path / "news.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt"), "--no-mt"]) == 0
    assert sum("look unrelated" in line for line in capsys.readouterr().err.splitlines()) == 1


def test_the_editor_is_told_about_unrelated_articles(tmp_path):
    from cli.editor_cmd import _aligner
    from corpora.pipeline import pair_from_texts
    from corpora.workspace import Workspace

    notes: list[str] = []
    with Workspace.create(tmp_path / "news.zhalign") as ws:
        prepare = _aligner(lambda: pair_from_texts(ZH_REPORT, EN_FOOTBALL), mt_file=None, workspace=ws)
        assert prepare(notes.append) in {d.id for d in ws.documents()}
    assert sum("look unrelated" in note for note in notes) == 1
