"""Sentence vectors kept in the workspace: what `add`, `edit` and the editor's re-align encode once is
read back, in a later process too, instead of being encoded again."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from aligner.api import AlignConfig, align
from aligner.embedders import CachedEmbedder
from corpora.document import Document
from corpora.edits import EditError
from corpora.pipeline import with_vector_store
from corpora.realign import realign_from
from corpora.workspace import Workspace
from tests.align_sample import EN, ZH
from tests.embedding_stub import CountingEmbedder

ROOT = Path(__file__).resolve().parent.parent


def test_vectors_round_trip_by_embedder_and_text(tmp_path):
    path = tmp_path / "w.zhalign"
    texts = [f"第{k}句。" for k in range(1200)] + ["lone \udc80 surrogate"]   # more than one query's worth
    vectors = dict(zip(texts, CountingEmbedder().encode(texts), strict=True))
    with Workspace.create(path) as ws:
        ws.put_vectors("stub", vectors)
        ws.put_vectors("other", {texts[0]: np.ones(4, dtype=np.float32)})
    with Workspace.open(path, readonly=True) as ws:
        found = ws.get_vectors("stub", [*texts, "never stored", texts[3]])
        assert found.keys() == set(texts)
        assert all(found[t].dtype == np.float32 and np.array_equal(found[t], vectors[t]) for t in texts)
        assert ws.get_vectors("other", texts[:2]).keys() == {texts[0]}
        assert ws.get_vectors("unknown", texts[:2]) == {}


def test_a_read_only_workspace_reads_vectors_and_writes_none(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        ws.put_vectors("stub", {"甲。": np.ones(3, dtype=np.float32)})
    before = path.read_bytes()
    with Workspace.open(path, readonly=True) as ws:
        ws.put_vectors("stub", {"乙。": np.ones(3, dtype=np.float32)})   # a cache: nothing said, nothing kept
        assert ws.get_vectors("stub", ["甲。", "乙。"]).keys() == {"甲。"}
    assert path.read_bytes() == before


def aligned_workspace(path: Path) -> list[str]:
    """A workspace holding ZH/EN aligned with the counting embedder behind the workspace; what it encoded."""
    first = CountingEmbedder()
    with Workspace.create(path) as ws:
        config = with_vector_store(AlignConfig(embedder=first), ws)
        ws.add_document(Document.from_beads(ZH, EN, align(ZH, EN, config=config)))
    return first.asked


# Another process re-aligns the article from row ``start``: what does its (empty) embedder encode?
REALIGN = """
import json, sys
from functools import partial
from aligner.api import AlignConfig, align
from corpora.edits import EditError
from corpora.pipeline import with_vector_store
from corpora.realign import realign_from
from corpora.workspace import Workspace
from tests.embedding_stub import CountingEmbedder

embedder = CountingEmbedder()
with Workspace.open(sys.argv[1]) as ws:
    config = with_vector_store(AlignConfig(embedder=embedder), ws)
    try:
        realign_from(ws.load(1).rows, int(sys.argv[2]), partial(align, config=config))
    except EditError:
        pass   # the same beads again
print(json.dumps(embedder.asked))
"""


def realign_elsewhere(path: Path, start: int) -> list[str]:
    done = subprocess.run([sys.executable, "-c", REALIGN, str(path), str(start)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # a new process loads the encoder
def test_a_realign_in_a_new_process_sends_no_text_to_the_encoder(tmp_path):
    path = tmp_path / "w.zhalign"
    first = aligned_workspace(path)
    assert set(ZH) | set(EN) <= set(first)   # the first alignment encoded every sentence
    assert realign_elsewhere(path, 0) == []


def test_a_realign_from_a_middle_row_encodes_only_texts_never_encoded(tmp_path):
    path = tmp_path / "w.zhalign"
    first = aligned_workspace(path)
    later = CountingEmbedder()
    with Workspace.open(path) as ws:
        rows = ws.load(1).rows
        config = with_vector_store(AlignConfig(embedder=later), ws)
        with contextlib.suppress(EditError):
            realign_from(rows, 4, partial(align, config=config))
    assert not set(later.asked) & set(first)


def test_a_fast_configuration_is_left_without_an_embedder(tmp_path):
    with Workspace.create(tmp_path / "w.zhalign") as ws:
        fast = AlignConfig.fast()
        assert with_vector_store(fast, ws) is fast
        cached = with_vector_store(AlignConfig(embedder=CachedEmbedder(CountingEmbedder())), ws).embedder
        assert isinstance(cached, CachedEmbedder) and cached.store is ws


@pytest.mark.parametrize("command", ["add", "edit"])
def test_add_and_edit_keep_the_vectors_of_what_they_align(tmp_path, monkeypatch, command):
    import aligner.embedders
    from cli import main

    stub = CountingEmbedder()
    monkeypatch.setattr(aligner.embedders, "get_embedder", lambda spec="usem3": CachedEmbedder(stub))
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    ws_path = tmp_path / "a.zhalign"
    if command == "add":
        Workspace.create(ws_path).close()
        assert main(["add", str(ws_path), str(zh), str(en), "--presegmented", "--no-mt"]) == 0
    else:
        from cli.editor_cmd import _aligner, _pair_loader

        with Workspace.create(ws_path) as ws:   # what `edit` runs behind its loading screen
            load = _pair_loader(zh, en, presegmented=True)
            _aligner(load, mt_file=None, workspace=ws)(lambda message: None)
    with Workspace.open(ws_path, readonly=True) as ws:
        assert set(ws.get_vectors(stub.name, ZH + EN)) == set(ZH + EN)
