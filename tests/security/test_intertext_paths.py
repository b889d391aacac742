"""Item 3: the text files an InterText alignment names (``fromDoc``, ``toDoc``) are read only from inside
the alignment file's folder: an absolute path, ``../`` or a symlink out of it is one line, nothing read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from corpora.readers.intertext import read_intertext
from corpora.workspace import Workspace


def _text(sentences: list[str]) -> str:
    body = "".join(f'<s id="1:{k}">{s}</s>' for k, s in enumerate(sentences, 1))
    return f'<?xml version="1.0" encoding="utf-8"?>\n<text><p id="1">{body}</p></text>\n'


def _link(folder: Path, from_doc: str, to_doc: str) -> Path:
    path = folder / "a.zh.en.xml"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<linkGrp fromDoc="{from_doc}" toDoc="{to_doc}">'
                    '<link xtargets="1:1;1:1" status="man"/></linkGrp>\n', encoding="utf-8")
    return path


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """``corpus/`` with an English text file, and a secret file outside it that looks like a text file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.en.xml").write_text(_text(["Hello."]), encoding="utf-8")
    secret = tmp_path / "secret.zh.xml"
    secret.write_text(_text(["机密内容。"]), encoding="utf-8")
    return corpus, secret


@pytest.mark.parametrize("how", ["absolute", "parent", "symlink", "folder-symlink"])
def test_a_text_file_outside_the_folder_is_refused(layout: tuple[Path, Path], tmp_path: Path, how: str,
                                                    capsys) -> None:
    corpus, secret = layout
    if how == "symlink":
        (corpus / "a.zh.xml").symlink_to(secret)
    if how == "folder-symlink":                          # a folder inside that is a link to one outside
        (corpus / "texts").symlink_to(secret.parent)
    name = {"absolute": str(secret), "parent": "../secret.zh.xml", "symlink": "a.zh.xml",
            "folder-symlink": "texts/secret.zh.xml"}[how]
    link = _link(corpus, name, "a.en.xml")
    ws = tmp_path / "ws.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(link)]) == 2
    err = capsys.readouterr().err
    assert "outside the link file's folder" in err and err.count("\n") == 1
    with Workspace.open(ws, readonly=True) as store:
        assert store.documents() == []


def test_a_text_file_in_a_subfolder_is_read(layout: tuple[Path, Path]) -> None:
    corpus, _ = layout
    (corpus / "texts").mkdir()
    (corpus / "texts" / "a.zh.xml").write_text(_text(["你好。"]), encoding="utf-8")
    (doc,) = read_intertext(_link(corpus, "texts/a.zh.xml", "a.en.xml"))
    assert (doc.rows[0].zh, doc.rows[0].en) == (["你好。"], ["Hello."])
