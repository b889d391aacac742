"""Atomic writes: the previous file survives a failure, symlinks are replaced, not followed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from aligner.errors import UserError
from corpora.fileio import SyncBatch, atomic_write, write_bytes, write_text


def test_replaces_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_error_inside_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write("partial")
        raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_full_disk_is_one_line_and_previous_file_whole(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(UserError, match="disk is full"):
        write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    link = out_dir / "d001.tmx"
    link.symlink_to(outside)
    write_bytes(link, b"<tmx/>")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink()
    assert link.read_bytes() == b"<tmx/>"


def test_folder_target_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        write_text(tmp_path, "x")


def test_missing_folder_is_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="could not be written"):
        write_text(tmp_path / "no" / "such" / "file.txt", "x")


def test_a_stream_under_proc_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    # /dev/stdout with standard output redirected to a file is such a stream: replacing it would
    # replace the machine's /dev/stdout link (as root) instead of writing the output.
    target = tmp_path / "redirected.txt"
    with target.open("w", encoding="utf-8") as handle:
        stream = Path(f"/proc/self/fd/{handle.fileno()}")
        write_text(stream, "through\n")
        assert stream.is_symlink()
    assert target.read_text(encoding="utf-8") == "through\n"


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "d001.tmx"
    link.symlink_to("/dev/null")
    with pytest.raises(UserError, match="link to a folder or device"):
        write_text(link, "x")
    assert link.is_symlink()


def test_a_sync_batch_puts_only_the_folder_fsyncs_off(tmp_path: Path, monkeypatch) -> None:
    """Each file is fsynced before its rename even inside a batch (a full disk must not cost the previous
    file); only the folder's fsync, which makes the renames durable, waits for the batch's sync."""
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.fstat(fd).st_ino), real_fsync(fd)))
    batch = SyncBatch()
    with batch.deferring():
        for k in range(3):
            write_text(tmp_path / f"d{k}.jsonl", f"document {k}\n")
    files = {(tmp_path / f"d{k}.jsonl").stat().st_ino for k in range(3)}
    assert set(synced) == files and len(synced) == 3  # each file, not yet the folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d0.jsonl", "d1.jsonl", "d2.jsonl"]
    assert (tmp_path / "d2.jsonl").read_text(encoding="utf-8") == "document 2\n"
    synced.clear()
    write_text(tmp_path / "other.txt", "outside the block")  # synced as it is written
    assert len(synced) == 2  # the file and its folder
    synced.clear()
    batch.sync()
    assert synced == [tmp_path.stat().st_ino]  # one fsync for the folder of the three files
    synced.clear()
    batch.sync()  # nothing left to sync
    assert synced == []
