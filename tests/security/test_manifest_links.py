"""Item 11 of the user test: a batch manifest names its files relative to its own folder, and a symbolic
link in that folder cannot lead a name out of it (to a directory or to a file); a link that stays inside
is followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import UserError
from cli import main
from corpora.readers.manifest import read_manifest

SECRET = "机密内容。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """``corpus/`` with one English file; ``outside/secret.zh.txt`` next to it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.en.txt").write_text("Secret content.\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.zh.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("link", "target", "line"), [
    ("etclink", "outside", "etclink/secret.zh.txt\ta.en.txt"),               # a link to a directory
    ("a.zh.txt", "outside/secret.zh.txt", "a.zh.txt\ta.en.txt"),              # a link to a file
    ("a.mt.txt", "outside/secret.zh.txt", "a.en.txt\ta.en.txt\ta.mt.txt"),   # as the third column too
])
def test_a_link_out_of_the_folder_is_refused_with_its_line(corpus: Path, link: str, target: str,
                                                           line: str) -> None:
    (corpus / link).symlink_to(corpus.parent / target)
    manifest = corpus / "list.tsv"
    manifest.write_text(f"# zh\ten\n{line}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"line 2: \S+ leads out of the manifest's folder"):
        read_manifest(manifest, lambda message: None)


def test_batch_stops_with_one_line_and_reads_nothing(corpus: Path, tmp_path: Path, capsys) -> None:
    (corpus / "etclink").symlink_to(tmp_path / "outside")
    manifest = corpus / "list.tsv"
    manifest.write_text("etclink/secret.zh.txt\ta.en.txt\n", encoding="utf-8")
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out"), "--no-mt", "--fast"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 1: etclink/secret.zh.txt leads out" in err
    assert not list(tmp_path.rglob("*.tmx"))


def test_a_link_that_stays_inside_is_followed(corpus: Path) -> None:
    (corpus / "texts").mkdir()
    (corpus / "texts" / "a.zh.txt").write_text("你好。\n", encoding="utf-8")
    (corpus / "linked").symlink_to(corpus / "texts")
    manifest = corpus / "list.tsv"
    manifest.write_text("linked/a.zh.txt\ta.en.txt\n", encoding="utf-8")
    (pair,) = read_manifest(manifest, lambda message: None)
    assert pair.zh == corpus / "linked" / "a.zh.txt" and pair.zh.read_text(encoding="utf-8") == "你好。\n"
