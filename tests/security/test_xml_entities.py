"""XML is parsed without entities or network: a file that uses an entity of its DTD, internal or external,
is refused in one line naming the file and the entity, never read with the reference silently gone, and an
external entity is never fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import UserError
from cli import main
from corpora.readers.intertext import read_intertext
from corpora.readers.tmx import read_tmx
from corpora.workspace import Workspace

HEAD = ('<tmx version="1.4"><header srclang="zh-CN" adminlang="en" segtype="sentence" o-tmf="x" '
        'creationtool="x" creationtoolversion="1" datatype="plaintext"/><body>\n')


def _tmx(path: Path, dtd: str, zh: str, en: str) -> Path:
    unit = (f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
            f'<tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n')
    second = ('<tu><tuv xml:lang="zh-CN"><seg>第二句。</seg></tuv>'
              '<tuv xml:lang="en-US"><seg>Two.</seg></tuv></tu>')
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}\n{HEAD}{second}\n{unit}</body></tmx>\n',
                    encoding="utf-8")
    return path


def _add(tmp_path: Path, tmx: Path, capsys) -> tuple[int, str, str]:
    ws = tmp_path / "x.zhalign"
    assert main(["new", str(ws)]) == 0
    capsys.readouterr()
    code = main(["add", str(ws), str(tmx)])
    out, err = capsys.readouterr()
    with Workspace.open(ws, readonly=True) as opened:
        assert opened.documents() == []   # nothing stored from a refused file
    return code, out, err


def test_an_internal_entity_is_refused_naming_the_file_and_the_entity(tmp_path, capsys):
    tmx = _tmx(tmp_path / "xxe.tmx", '<!DOCTYPE tmx [ <!ENTITY co "Acme Corp"> ]>', "公司&co;名称。",
               "Company &co; name.")
    code, out, err = _add(tmp_path, tmx, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"zhen-align: {tmx}: uses the entity &co; ")
    assert "without a DTD subset" in err and "expanded" in err


def test_an_external_entity_is_refused_and_never_fetched(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-HOSTNAME", encoding="utf-8")
    dtd = f'<!DOCTYPE tmx [ <!ENTITY pw SYSTEM "{secret.as_uri()}"> <!ENTITY co "Acme Corp"> ]>'
    tmx = _tmx(tmp_path / "xxe.tmx", dtd, "公司名称。", "Company name &pw; of &co;.")
    code, out, err = _add(tmp_path, tmx, capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"zhen-align: {tmx}: uses the entity &pw; ")   # the first one used
    assert "TOP-SECRET" not in out + err


def test_a_declared_entity_left_unused_and_the_predefined_ones_are_read(tmp_path):
    tmx = _tmx(tmp_path / "ok.tmx", '<!DOCTYPE tmx [ <!ENTITY co "Acme Corp"> ]>', "研发&amp;人才&#20013;。",
               "R&amp;D &lt;and&gt; talent&#160;here.")
    (doc,) = read_tmx(tmx)
    assert doc.rows[1].zh == ["研发&人才中。"] and doc.rows[1].en == ["R&D <and> talent\xa0here."]


@pytest.mark.parametrize("which", ["a.zh.en.xml", "a.zh.xml"])
def test_an_intertext_file_using_an_entity_is_refused(tmp_path, which):
    files = {"a.zh.xml": '<text><s id="1:1">公司{e}。</s></text>',
             "a.en.xml": '<text><s id="1:1">Company.</s></text>',
             "a.zh.en.xml": '<linkGrp fromDoc="a.zh.xml" toDoc="a.en.xml"><link xtargets="1:1;1:1"/>{e}'
                            '</linkGrp>'}
    for name, body in files.items():
        dtd = '<!DOCTYPE x [ <!ENTITY co "Acme Corp"> ]>\n' if name == which else ""
        (tmp_path / name).write_text(dtd + body.format(e="&co;" if name == which else ""), encoding="utf-8")
    with pytest.raises(UserError, match=f"^{tmp_path / which}: uses the entity &co; "):
        read_intertext(tmp_path / "a.zh.en.xml")


def test_an_entity_outside_what_is_read_does_not_refuse_the_file(tmp_path):
    unit = ('<tu><note>By &co;.</note><tuv xml:lang="de-DE"><seg>Firma &co;.</seg></tuv>'
            '<tuv xml:lang="zh-CN"><seg>公司名称。</seg></tuv>'
            '<tuv xml:lang="en-US"><seg>Company name.</seg></tuv></tu>')
    tmx = _tmx(tmp_path / "notes.tmx", '<!DOCTYPE tmx [ <!ENTITY co "Acme Corp"> ]>', "第一句。", "One.")
    tmx.write_text(tmx.read_text(encoding="utf-8").replace("</body>", unit + "</body>"), encoding="utf-8")
    rows = [row for doc in read_tmx(tmx) for row in doc.rows]
    assert [(row.zh, row.en) for row in rows][-1] == (["公司名称。"], ["Company name."])
