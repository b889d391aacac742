"""Helpers of the editor tests: the sample document, a fixed MT engine, reading back a workspace."""

from __future__ import annotations

from pathlib import Path

from aligner.beads import Bead
from corpora.document import Document, Row
from corpora.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "tui" / "sample"
SIZE = (140, 40)


def sample_lines(name: str) -> list[str]:
    """Non-blank lines of a sample file."""
    return [line for line in (SAMPLE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


class FixedTranslator:
    """Suggestions from the sample's MT file, looked up by Chinese text (deterministic, instant)."""

    name = "file"
    is_gloss = False

    def __init__(self) -> None:
        self.table = dict(line.split("\t", 1) for line in sample_lines("sample.mt.txt"))

    def translate(self, texts: list[str]) -> list[str]:
        return [self.table.get(t, "") for t in texts]


def copy_sample_pair(folder: Path, zh_name: str = "story.zh.txt", en_name: str = "story.en.txt"
                     ) -> tuple[Path, Path]:
    """The sample article's two files copied into ``folder`` under these names."""
    zh, en = folder / zh_name, folder / en_name
    zh.write_text((SAMPLE / "article.zh.txt").read_text(encoding="utf-8"), encoding="utf-8")
    en.write_text((SAMPLE / "article.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return zh, en


def aligned_one_to_one(pair, *, mt=None, **_) -> Document:
    """A stand-in for ``corpora.pipeline.align_pair``: the pair's sentences paired in order at 0.9, the
    rest left out, titled and sourced as the real one does."""
    zh, en = pair.zh.sentences, pair.en.sentences
    beads = [Bead((k,), (k,), 0.9) for k in range(min(len(zh), len(en)))]
    return Document.from_beads(zh[:len(beads)], en[:len(beads)], beads, headline=pair.has_headline,
                               title=pair.title, source=str(pair.zh_path))


def one_to_one(calls: list[list[str]]):
    """An aligner pairing sentences in order, recording the Chinese of each call."""
    def align_fn(zh: list[str], en: list[str]) -> list[Bead]:
        calls.append(list(zh))
        n = min(len(zh), len(en))
        return ([Bead((k,), (k,), 0.5) for k in range(n)] + [Bead((k,), ()) for k in range(n, len(zh))]
                + [Bead((), (k,)) for k in range(n, len(en))])
    return align_fn


def sample_document() -> Document:
    """The sample article grouped as the demo shows it: headline, 1-2, 2-1, a 1-0 row and a wrong last
    1-1 row.

    Confidences are set by hand to cover every band.
    """
    zh, en = sample_lines("article.zh.txt"), sample_lines("article.en.txt")
    shapes = [(1, 1), (1, 1), (1, 1), (1, 2), (2, 1), *[(1, 1)] * 5, (1, 0), *[(1, 1)] * 5]
    confidences = [0.97, 0.93, 0.88, 0.71, 0.64, 0.91, 0.95, 0.9, 0.86, 0.92, 0.21, 0.83, 0.9, 0.94, 0.89,
                   0.31]
    rows, i, j = [], 0, 0
    for (a, b), conf in zip(shapes, confidences, strict=True):
        rows.append(Row(zh[i:i + a], en[j:j + b], "auto", conf,
                        {"length": conf, "dictionary": 0.5, "embedding": conf, "mt": conf, "numbers": 0.5}))
        i, j = i + a, j + b
    assert i == len(zh) and j == len(en)
    rows[0].headline = True
    return Document(rows, title=zh[0])


def stored_rows(path: Path) -> list[Row]:
    """The rows of document 1 as stored on disk (read-only, as another process would see them)."""
    with Workspace.open(path, readonly=True) as ws:
        return ws.load(1).rows


async def settle(pilot) -> None:
    """Let messages, workers (checks, suggestions) and repaints finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
