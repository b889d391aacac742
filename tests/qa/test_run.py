"""A whole document: the findings of every check, their rows, ignoring and consistency."""

from __future__ import annotations

from corpora.document import Row
from qa.findings import CHECKS
from qa.glossary import Glossary
from qa.run import DocumentChecker, active, check_document

GLOSSARY = Glossary.parse("奥密克戎\tOmicron | Omicron variant\n")


def rows() -> list[Row]:
    return [
        Row(["南非医生：奥密克戎多为轻症"], ["South African doctors: Omicron cases mostly mild"],
            headline=True),
        Row(["皮莱说，他每天看几十名病人。"], ["Pillay said he sees dozens of patients every day."]),
        Row(["皮莱说，病人在10至14天内康复。"], ["Pillay said patients recover within 10 to 14 days."]),
        Row(["皮莱说，奥密克戎变种较轻。"], ["Pillay said the Omicron variant is milder."]),
        Row(["皮莱说，只有30%是重症。"], ["Smith said only 35% were severe."]),
        Row(["只有中文的一句话。"], []),
    ]


def test_every_check_id_is_documented():
    found = {f.check for f in check_document(rows(), GLOSSARY, embeddings=False)}
    assert found <= {c.id for c in CHECKS}


def test_findings_carry_their_row_and_come_most_severe_first():
    findings = check_document(rows(), GLOSSARY, embeddings=False)
    by_row = {(f.row, f.check) for f in findings}
    assert (4, "numbers") in by_row and (5, "omission") in by_row
    assert (4, "consistency") in by_row          # 皮莱 is Pillay in rows 2-4, not in row 5
    assert not any(f.row in (0, 1, 2) for f in findings)
    severities = [f.severity for f in findings if f.row == 4]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_glossary_consistency_across_the_article():
    doc = [Row(["奥密克戎很轻。"], ["Omicron is mild."]),
           Row(["奥密克戎传播快。"], ["Omicron spreads fast."]),
           Row(["奥密克戎来了。"], ["The Omicron variant is here."])]
    (finding,) = check_document(doc, GLOSSARY, embeddings=False)
    assert (finding.check, finding.row) == ("consistency", 2)


def test_ignored_findings_are_left_out():
    doc = rows()
    findings = check_document(doc, GLOSSARY, embeddings=False)
    numbers = next(f for f in findings if f.check == "numbers")
    doc[numbers.row].ignored = (numbers.key,)
    assert numbers not in active(findings, doc)
    assert len(active(findings, doc)) == len(findings) - 1


def test_one_row_can_be_checked_again_with_the_document_models():
    doc = rows()
    checker = DocumentChecker(doc, GLOSSARY, embeddings=False)
    fixed = Row(["皮莱说，只有30%是重症。"], ["Pillay said only 30% were severe."])
    assert checker.row(4, fixed) == []
