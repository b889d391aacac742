"""The editor's findings of a one-sided article agree with ``zhen-align check``: its rows that hold one
language only are one finding, "the Chinese body is missing", not one per row (USERTEST4 entry 17)."""

from __future__ import annotations

from corpora.document import Row
from tui.findings import RowFindings

EN = ["The European Union will impose provisional tariffs on electric vehicles.",
      "The European Commission said the duties would apply to three makers.",
      "Beijing has called the move protectionism and vowed to respond.",
      "The duties will remain in place for up to four months.",
      "Analysts estimate the tariffs will cut imports by a quarter."]


def _checked(rows: list[Row]) -> RowFindings:
    findings = RowFindings(rows)
    findings.store(findings.check_here(list(enumerate(rows)), None))
    return findings


def test_a_one_sided_article_shows_one_finding_for_its_lone_rows() -> None:
    rows = [Row(["欧盟宣布对中国电动汽车加征临时关税"], [], "auto", 0.1, headline=True),
            *(Row([], [sentence], "auto", 0.1) for sentence in EN)]
    findings = _checked(rows)
    lone = [f for index in range(len(rows)) for f in findings.of(index) if f.check == "omission"]
    assert [f.message.split(" (")[0] for f in lone] == ["the Chinese body is missing"]
    assert lone[0].severity == "warning" and findings.has(0) and not findings.has(3)
    assert findings.total() == 1 == sum(len(findings.of(index)) for index in range(len(rows)))
    assert findings.step(0, 0, 1) is None and findings.step(5, 0, -1) == (0, 0)


def test_an_edit_that_gives_the_article_its_chinese_body_brings_the_row_findings_back() -> None:
    rows = [Row(["欧盟宣布对中国电动汽车加征临时关税"], [], "auto", 0.1, headline=True),
            *(Row([], [sentence], "auto", 0.1) for sentence in EN)]
    findings = _checked(rows)
    body = ["欧盟将对电动汽车征收临时关税。", "欧委会说关税适用于三家企业。", "北京称此举为保护主义。"]
    rows[1:3] = [Row(body, [EN[0]], "edited", None)]
    again = findings.replaced(1, 2, 1)
    assert again == range(len(rows))   # no longer one-sided: every row is checked again
    findings.store(findings.check_here([(index, rows[index]) for index in again], None))
    assert sum(f.subject == "en-only" for index in range(len(rows)) for f in findings.of(index)) == 3


def test_a_translated_article_keeps_one_finding_per_lone_row() -> None:
    rows = [Row(["欧盟宣布加征关税。"], [EN[0]], "auto", 0.9), Row([], [EN[1]], "auto", 0.1),
            Row(["北京称此举为保护主义。"], [EN[2]], "auto", 0.9),
            Row(["关税将持续四个月。"], [], "auto", 0.1)]
    findings = _checked(rows)
    assert {f.subject for index in (1, 3) for f in findings.of(index)} >= {"en-only", "zh-only"}
